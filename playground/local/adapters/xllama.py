"""SmolLM2 on xllamacpp: llama.cpp's own server engine from a prebuilt wheel (no compile step).

xllamacpp always starts llama.cpp's HTTP server next to its Python API, and it cannot be
switched off. It listens here on a Unix socket in a private (0700) temporary folder, never on a
TCP port, and asks for a random API key; the app reaches it only for the tokenizer and the
chat template. Generation goes through the Python API, streamed by a callback.
"""

from __future__ import annotations

import atexit
import codecs
import dataclasses
import queue
import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LocalError
from .llm import N_CTX, XLLAMACPP, Generation, Sampling, Step, check_length, finish, gguf_path

# One thread: llama.cpp's threads wait for each other at every token, and on 2 shared cores
# 2 threads drop to a few tokens/s as soon as another process is busy (1 thread keeps ~90/s).
THREADS = 1
FINISH = {"stop": "eos_token", "length": "length"}
_END = object()


def _request(tokens: list[int], sampling: Sampling, seed: int) -> dict[str, Any]:
    return {
        "prompt": tokens,
        "max_tokens": sampling.max_new_tokens,
        "temperature": sampling.temperature,
        "top_k": sampling.top_k,
        "top_p": sampling.top_p,
        "repeat_penalty": sampling.repetition_penalty,
        "seed": seed,
        "n_probs": 1,
        "stream": True,
    }


class XLlama:
    """SmolLM2-135M-Instruct in an embedded llama.cpp server (thread-safe, one slot)."""

    name = XLLAMACPP

    def __init__(self, model: Path | None = None) -> None:
        import httpx
        import xllamacpp as xlc

        folder = Path(tempfile.mkdtemp(prefix="playground-llama-"))
        atexit.register(shutil.rmtree, folder, True)
        key = secrets.token_urlsafe(24)
        params = xlc.CommonParams()
        params.model.path = str(model or gguf_path())
        params.n_ctx = N_CTX
        params.n_parallel = 1
        params.cpuparams.n_threads = params.cpuparams_batch.n_threads = THREADS
        params.n_threads_http = 1
        params.hostnames = [str(folder / "llama.sock")]
        params.api_keys = [key]
        params.endpoint_slots = params.endpoint_metrics = params.ui = False
        params.verbosity = -1
        self.server = xlc.Server(params)
        self.http = httpx.Client(
            transport=httpx.HTTPTransport(uds=params.hostnames[0]),
            base_url="http://llama.cpp",
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        )
        atexit.register(self.http.close)  # its socket, before the server goes at exit

    # the tokenizer and the template, over the private socket ---------------------------

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.http.post(path, json=body)
        if response.status_code != 200:
            raise LocalError(f"llama.cpp {path} failed: {response.text[:200]}")
        return response.json()

    def tokenize(self, text: str) -> list[int]:
        body = {"content": text, "add_special": False, "parse_special": True}
        return list(self._post("/tokenize", body)["tokens"])

    def chat_prompt(self, messages: list[dict[str, str]]) -> str:
        return str(self._post("/apply-template", {"messages": messages})["prompt"])

    def tokens(self, prompt: str, sampling: Sampling) -> list[int]:
        return check_length(self.tokenize(prompt), sampling)

    # generation ------------------------------------------------------------------------

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        """One non-streamed OpenAI-style completion (`body` as llama.cpp's server takes it)."""
        reply = self.server.handle_completions(body)
        if not isinstance(reply, dict) or "error" in reply:
            raise LocalError(f"llama.cpp failed: {reply!r:.300}")
        return reply

    def steps(
        self, tokens: list[int], sampling: Sampling, result: Generation, stop: threading.Event
    ) -> Iterator[Step]:
        """Generate piece by piece; the last step carries the finish reason.

        A step is what llama.cpp streams: one token, or several when a character spans tokens
        (an emoji), so a step is held until the next one comes, to give the last step the finish
        reason of llama.cpp's final chunk. Stop sequences are matched here: TGI keeps them in
        the text, llama.cpp would cut them.
        """
        seed = sampling.seed if sampling.seed is not None else int(np.random.randint(2**31))
        result.prompt_tokens, result.seed = len(tokens), seed
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        held: Step | None = None
        for token in self._stream(_request(tokens, sampling, seed), stop):
            if "finish_reason" in token:
                result.counted_tokens = token.get("completion_tokens")
                if held is not None and held.finish_reason is None:
                    result.finish_reason = FINISH.get(token["finish_reason"], "length")
                    held = result.tokens[-1] = dataclasses.replace(
                        held, finish_reason=result.finish_reason
                    )
                break
            if held is not None:
                yield held
            special = not token["bytes"]  # llama.cpp writes control tokens as ""
            piece = "" if special else decoder.decode(bytes(token["bytes"]))
            result.text += piece
            reason = finish(special, len(result.tokens) + 1, sampling, result)
            held = Step(token["id"], piece, round(float(token["logprob"]), 4), special, reason)
            result.tokens.append(held)
            if reason or stop.is_set():
                break
        if held is not None:
            yield held

    def _stream(self, body: dict[str, Any], stop: threading.Event) -> Iterator[dict[str, Any]]:
        """The sampled tokens of a streamed completion. llama.cpp runs in a helper thread; it
        stops at its next token once this generator is closed or `stop` is set."""
        chunks: queue.Queue[Any] = queue.Queue()
        closed = threading.Event()

        def on_chunk(chunk: Any) -> bool:
            chunks.put(chunk)
            return closed.is_set() or stop.is_set()

        def run() -> None:
            try:
                reply = self.server.handle_completions(body, on_chunk)
                if isinstance(reply, dict):
                    chunks.put(reply)
            finally:
                chunks.put(_END)

        worker = threading.Thread(target=run, name="xllamacpp generation", daemon=True)
        worker.start()
        try:
            while (chunk := chunks.get()) is not _END:
                if not isinstance(chunk, dict) or "error" in chunk:
                    raise LocalError(f"llama.cpp failed: {chunk!r:.300}")
                for choice in chunk.get("choices") or []:
                    yield from (choice.get("logprobs") or {}).get("content") or []
                    if choice.get("finish_reason"):
                        count = (chunk.get("usage") or {}).get("completion_tokens")
                        yield {"finish_reason": choice["finish_reason"], "completion_tokens": count}
        finally:
            closed.set()
            worker.join(timeout=30)
