"""SmolLM2 on llama-cpp-python (heavy tier, compiled for this CPU; PLAYGROUND_LLM_ENGINE=
llama-cpp-python), streamed by token."""

from __future__ import annotations

import atexit
import codecs
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import numpy as np

from ..cpu import threads_for
from .llm import (
    LLAMA_CPP,
    N_CTX,
    Generation,
    Sampling,
    Step,
    check_length,
    finish,
    gguf_path,
)

if TYPE_CHECKING:
    from llama_cpp.llama_types import ChatCompletionRequestMessage

MAX_THREADS = 2


class LlamaCpp:
    """One llama.cpp context; `lock` serialises generations (llama.cpp is not thread-safe)."""

    name = LLAMA_CPP

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
        # Freed before the interpreter tears llama_cpp's module down: Llama.__del__ at
        # shutdown finds its C functions gone and prints a TypeError.
        atexit.register(self.llm.close)

    def chat_prompt(self, messages: list[dict[str, str]]) -> str:
        # llama_cpp types messages as its OpenAI request TypedDicts; the template reads the
        # same "role" and "content" keys of these plain dicts.
        typed = cast("list[ChatCompletionRequestMessage]", messages)
        return self.formatter(messages=typed).prompt

    def tokens(self, prompt: str, sampling: Sampling) -> list[int]:
        tokens = self.llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        return check_length(tokens, sampling)

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
            reason = finish(special, count, sampling, result)
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
