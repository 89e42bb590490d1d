"""SSE / NDJSON encoders, stream responses, and the connection-abort response."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

SSE_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}
DONE = "[DONE]"


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def sse(data: str | dict[str, Any], space: bool = True, eol: str = "\n") -> bytes:
    text = data if isinstance(data, str) else dumps(data)
    return f"data:{' ' if space else ''}{text}{eol}{eol}".encode()


async def paced(chunks: Iterable[bytes], delay: float = 0.0) -> AsyncIterator[bytes]:
    """Yield each chunk separately so that it is flushed on its own."""
    for index, chunk in enumerate(chunks):
        if index and delay:
            await asyncio.sleep(delay)
        yield chunk
        await asyncio.sleep(0)


def sse_response(chunks: Iterable[bytes], delay: float = 0.0) -> StreamingResponse:
    return StreamingResponse(
        paced(chunks, delay), media_type="text/event-stream", headers=SSE_HEADERS
    )


def ndjson_response(lines: Iterable[dict[str, Any]]) -> StreamingResponse:
    chunks = [(dumps(line) + "\n").encode() for line in lines]
    return StreamingResponse(paced(chunks), media_type="application/x-ndjson")


class AbortedStream(Response):
    """Sends the status, headers and some body chunks, then returns without finishing the body.

    uvicorn closes the transport when an app returns mid-body, so the client sees the chunked
    body end early (httpx raises `RemoteProtocolError`).
    """

    def __init__(self, chunks: list[bytes], media_type: str = "text/event-stream") -> None:
        self.chunks = chunks
        self.status_code = 200
        self.media_type = media_type
        self.background = None
        self.init_headers(SSE_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        for chunk in self.chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await asyncio.sleep(0)


FRAMING_TEXT = "héllo wörld 你好 🙂"
FRAMING_TOKENS = ("h", "éllo", " wörld", " 你", "好", " 🙂")


def framing_chunks(model: str) -> list[dict[str, Any]]:
    """The chat chunks every framing variant carries (OpenAI style, fixed content)."""
    base = {"id": "chatcmpl-framing", "object": "chat.completion.chunk", "created": 1700000000}
    base["model"] = model
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    deltas += [{"content": token} for token in FRAMING_TOKENS]
    chunks = [_choice(base, delta, None) for delta in deltas]
    chunks.append(_choice(base, {}, "stop"))
    return chunks


def _choice(base: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
    return {**base, "choices": [choice]}


def _events(payloads: list[str], prefix: str = "data: ", eol: str = "\n") -> list[bytes]:
    return [f"{prefix}{p}{eol}{eol}".encode() for p in payloads]


def _pretty(payload: str) -> str:
    return json.dumps(json.loads(payload), ensure_ascii=False, indent=1)


def _multiline(payloads: list[str]) -> list[bytes]:
    out = []
    for payload in payloads:
        pretty = payload if payload == DONE else _pretty(payload)
        lines = pretty.splitlines()
        out.append(("".join(f"data: {line}\n" for line in lines) + "\n").encode())
    return out


def _with_comments(payloads: list[str]) -> list[bytes]:
    out = [b": stream opened\n\n"]
    for event in _events(payloads):
        out += [event, b":\n\n", b": keep-alive\n\n"]
    return out


def _with_fields(payloads: list[str]) -> list[bytes]:
    out = [b"retry: 3000\n\n"]
    for number, payload in enumerate(payloads):
        out.append(f"event: message\nid: {number}\ndata: {payload}\n\n".encode())
    return out


def _tiny(payloads: list[str], size: int = 3) -> list[bytes]:
    blob = b"".join(_events(payloads))
    return [blob[i : i + size] for i in range(0, len(blob), size)]


def framing_bytes(name: str, model: str) -> list[bytes] | None:
    """All framings carry the same chunks; `None` for an unknown framing name."""
    data = [dumps(chunk) for chunk in framing_chunks(model)]
    with_done = [*data, DONE]
    builders = {
        "space": lambda: _events(with_done),
        "nospace": lambda: _events(with_done, prefix="data:"),
        "crlf": lambda: _events(with_done, eol="\r\n"),
        "cr": lambda: _events(with_done, eol="\r"),
        "done-nospace": lambda: [*_events(data), b"data:[DONE]\n\n"],
        "no-done": lambda: _events(data),
        "comments-keepalive": lambda: _with_comments(with_done),
        "fields": lambda: _with_fields(with_done),
        "multiline-data": lambda: _multiline(with_done),
        "no-trailing-blank-line": lambda: [*_events(data), b"data: [DONE]"],
        "tiny-chunks": lambda: _tiny(with_done),
    }
    builder = builders.get(name)
    return None if builder is None else builder()


FRAMING_NAMES = (
    "space",
    "nospace",
    "crlf",
    "cr",
    "done-nospace",
    "no-done",
    "comments-keepalive",
    "fields",
    "multiline-data",
    "no-trailing-blank-line",
    "tiny-chunks",
)
