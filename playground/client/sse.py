"""Incremental decoders for streamed responses: Server-Sent Events, NDJSON, and plain JSON.

Every decoder is fed raw bytes in whatever chunks the network delivers and returns the events
completed so far; `flush()` returns what is left when the stream ends. The same decoders serve the
sync and the async client.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple, Protocol

__all__ = [
    "JSONBodyDecoder",
    "LinesDecoder",
    "NDJSONDecoder",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamDecoder",
    "decoder_for",
]


class ServerSentEvent(NamedTuple):
    """One event. `error` holds llama.cpp's non-standard `error:` field when a server sends it.
    (A NamedTuple: one is made per streamed token, and these are the cheapest to make.)"""

    data: str = ""
    event: str | None = None
    id: str | None = None
    retry: int | None = None
    error: str | None = None


class StreamDecoder(Protocol):
    def feed(self, chunk: bytes) -> list[ServerSentEvent]: ...

    def flush(self) -> list[ServerSentEvent]: ...


class _LineSplitter:
    """Bytes in, complete lines out; accepts LF, CRLF and CR endings and split UTF-8 sequences."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._tail = ""
        self._skip_lf = False

    def feed(self, chunk: bytes) -> list[str]:
        return self._split(self._decoder.decode(chunk))

    def flush(self) -> list[str]:
        lines = self._split(self._decoder.decode(b"", final=True))
        tail, self._tail = self._tail, ""
        return [*lines, tail] if tail else lines

    def _split(self, text: str) -> list[str]:
        if not text:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
        if "\r" in text:
            self._skip_lf = text.endswith("\r")
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = self._tail + text
        lines = text.split("\n")
        self._tail = lines.pop()
        return lines


class SSEDecoder:
    """WHATWG event-stream parsing, lenient where real servers are: `data:` with or without a
    space, comments and keep-alives, multi-line data, and a last event with no blank line."""

    def __init__(self) -> None:
        self._lines = _LineSplitter()
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None
        self._error: str | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._process(self._lines.feed(chunk))

    def flush(self) -> list[ServerSentEvent]:
        events = self._process(self._lines.flush())
        final = self._dispatch()
        return [*events, final] if final else events

    def _process(self, lines: list[str]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        for line in lines:
            if not line:
                event = self._dispatch()
                if event:
                    events.append(event)
            elif line[:5] == "data:":  # the usual line, without the general field parsing
                self._data.append(line[6:] if line[5:6] == " " else line[5:])
            elif line[0] != ":":
                self._field(line)
        return events

    def _field(self, line: str) -> None:
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry":
            if value.isdigit():
                self._retry = int(value)
        elif name == "error":
            self._error = value

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data and self._error is None:
            self._event = None
            return None
        event = ServerSentEvent(
            data="\n".join(self._data),
            event=self._event,
            id=self._id,
            retry=self._retry,
            error=self._error,
        )
        self._data, self._event, self._error = [], None, None
        return event


class NDJSONDecoder:
    """One JSON document per line (Ollama's native streams); blank lines are skipped."""

    def __init__(self) -> None:
        self._lines = _LineSplitter()

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return [ServerSentEvent(data=line) for line in self._lines.feed(chunk) if line.strip()]

    def flush(self) -> list[ServerSentEvent]:
        return [ServerSentEvent(data=line) for line in self._lines.flush() if line.strip()]


class LinesDecoder:
    """Every non-empty line as it came (`post(stream=True)` yields raw lines, as 0.17 did)."""

    def __init__(self) -> None:
        self._lines = _LineSplitter()

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return [ServerSentEvent(data=line) for line in self._lines.feed(chunk) if line]

    def flush(self) -> list[ServerSentEvent]:
        return [ServerSentEvent(data=line) for line in self._lines.flush() if line]


class JSONBodyDecoder:
    """A server that answered a stream request with one JSON body: the body is one event."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        self._chunks.append(chunk)
        return []

    def flush(self) -> list[ServerSentEvent]:
        body = b"".join(self._chunks).decode("utf-8", errors="replace").strip()
        self._chunks = []
        return [ServerSentEvent(data=body)] if body else []


def decoder_for(content_type: str | None) -> StreamDecoder:
    """Pick the decoder for a response's Content-Type (SSE when the server gives none)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in (
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/json-seq",
    ):
        return NDJSONDecoder()
    if kind == "application/json":
        return JSONBodyDecoder()
    return SSEDecoder()
