"""What went over the wire, for the inspector: requests, responses, timings. Secrets masked.

Use `with capture_exchanges() as exchanges:` around client calls (works per thread and per task,
so concurrent users of one shared client don't see each other's traffic), or pass `on_exchange`
to a client.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from .plan import Request
from .redaction import redact, redact_bytes, redact_value

__all__ = ["Exchange", "capture_exchanges", "mask_headers"]

BODY_PREVIEW_BYTES = 64 * 1024
_SECRET_HEADERS = {
    "authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "proxy-authorization",
}
_captured: contextvars.ContextVar[list[Exchange] | None] = contextvars.ContextVar(
    "playground_exchanges", default=None
)


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers with credentials replaced by a mask that keeps only the scheme."""
    masked: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in _SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if " " in value else ""
            masked[name] = f"{scheme} ***".strip()
        else:
            masked[name] = value
    return masked


@dataclass
class Exchange:
    """One request and its response. Bodies are kept up to BODY_PREVIEW_BYTES. The client's
    token is masked in headers, bodies and the error, even where a server echoes it."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes
    request_size: int
    started_at: float = field(default_factory=time.time)
    _t0: float = field(default_factory=time.perf_counter, repr=False)
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    response_size: int = 0
    duration: float | None = None
    time_to_headers: float | None = None
    time_to_first_item: float | None = None
    items: int = 0
    streamed: bool = False
    error: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)
    # A stream's events as they arrived: (seconds since the request was sent, data), up to
    # BODY_PREVIEW_BYTES of data in all; `events_dropped` counts the ones after that.
    events: list[tuple[float, str]] = field(default_factory=list, repr=False)
    events_dropped: int = 0
    _event_chars: int = field(default=0, repr=False)

    @classmethod
    def start(cls, request: Request, body: bytes, secrets: tuple[str, ...] = ()) -> Exchange:
        return cls(
            method=request.method,
            url=redact(request.url, secrets),
            request_headers=redact_value(mask_headers(request.headers), secrets),
            request_body=redact_bytes(body[:BODY_PREVIEW_BYTES], secrets),
            request_size=len(body),
            streamed=request.stream,
            secrets=secrets,
        )

    def elapsed(self) -> float:
        return time.perf_counter() - self._t0

    def got_headers(self, status: int, headers: Mapping[str, str]) -> None:
        self.status = status
        self.response_headers = redact_value(mask_headers(headers), self.secrets)
        self.time_to_headers = self.elapsed()

    def got_body(self, chunk: bytes) -> None:
        self.response_size += len(chunk)
        room = BODY_PREVIEW_BYTES - len(self.response_body)
        if room > 0:
            self.response_body += chunk[:room]

    def got_event(self, data: str) -> None:
        """Record one stream event's arrival time and data (masked, then cut to the room left)."""
        room = BODY_PREVIEW_BYTES - self._event_chars
        if room <= 0:
            self.events_dropped += 1
            return
        shown = redact(data, self.secrets)[:room] if self.secrets else data[:room]
        self.events.append((self.elapsed(), shown))
        self._event_chars += max(1, len(shown))

    def got_items(self, count: int = 1) -> None:
        if self.time_to_first_item is None:
            self.time_to_first_item = self.elapsed()
        self.items += count

    def finish(self, error: BaseException | None = None) -> None:
        if self.duration is None:
            self.duration = self.elapsed()
            self.response_body = redact_bytes(self.response_body, self.secrets)
        if error is not None and self.error is None:
            self.error = redact(f"{type(error).__name__}: {error}", self.secrets)

    @property
    def items_per_second(self) -> float | None:
        if not self.items or self.duration is None or self.time_to_first_item is None:
            return None
        streaming_time = self.duration - self.time_to_first_item
        return (self.items - 1) / streaming_time if streaming_time > 0 and self.items > 1 else None


@contextmanager
def capture_exchanges() -> Iterator[list[Exchange]]:
    """Collect every exchange the client makes in this context (thread or task)."""
    exchanges: list[Exchange] = []
    token = _captured.set(exchanges)
    try:
        yield exchanges
    finally:
        _captured.reset(token)


def begin_exchange(
    request: Request,
    body: bytes,
    on_exchange: Callable[[Exchange], None] | None,
    secrets: tuple[str, ...] = (),
) -> Exchange:
    """Start recording; registers with the active capture and the client's callback."""
    exchange = Exchange.start(request, body, secrets)
    captured = _captured.get()
    if captured is not None:
        captured.append(exchange)
    if on_exchange is not None:
        on_exchange(exchange)
    return exchange
