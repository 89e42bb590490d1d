"""The sans-I/O core shared by both clients.

A task method returns a `Job`; a job's `steps(ctx)` is a generator that yields I/O operations
(`Send`, `Open`, `Fetch`, `Sleep`) and receives their results. The sync client answers them with
`httpx.Client` and `time.sleep`, the async client with `httpx.AsyncClient` and `anyio.sleep`;
everything else — building requests, retrying, parsing — is written once, here and in `methods/`.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = [
    "Fetch",
    "Job",
    "Op",
    "Open",
    "Reply",
    "Request",
    "Send",
    "Sleep",
    "Steps",
    "Streamed",
    "WaitInfo",
    "parse_json",
]

T = TypeVar("T")


def parse_json(data: str | bytes) -> Any:
    """`json.loads`, but a document nested too deeply to parse is a ValueError like any other
    malformed JSON (json raises RecursionError, which callers don't expect from a server)."""
    try:
        return jsonlib.loads(data)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply to read") from None


@dataclass(frozen=True)
class Request:
    """One HTTP request, fully built. `headers` already hold auth when the policy allows it."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    content: bytes | None = None
    stream: bool = False
    timeout: float | None = None

    def body_bytes(self) -> bytes:
        if self.content is not None:
            return self.content
        if self.json is None:
            return b""
        return jsonlib.dumps(self.json).encode()


@dataclass(frozen=True)
class Reply:
    """A response: status, lower-cased headers and body (empty for an opened stream)."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    url: str
    elapsed: float = 0.0

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return parse_json(self.content)

    @property
    def status_code(self) -> int:
        return self.status


@dataclass(frozen=True)
class WaitInfo:
    """Why the client is waiting before a retry; passed to the `on_wait` callback."""

    reason: str  # "loading" | "rate_limited" | "unavailable"
    attempt: int
    wait_seconds: float
    elapsed: float
    deadline_in: float
    estimated_time: float | None = None
    message: str = ""
    url: str = ""


@dataclass(frozen=True)
class Send:
    request: Request


@dataclass(frozen=True)
class Open:
    """Send a request and keep the response open for streaming if it succeeds (2xx)."""

    request: Request


@dataclass(frozen=True)
class Fetch:
    """Download an input from a URL (size-capped)."""

    url: str


@dataclass(frozen=True)
class Sleep:
    seconds: float
    info: WaitInfo | None = None


Op = Send | Open | Fetch | Sleep
Steps = Generator[Op, Any, T]


class StreamHandler:
    """Turns decoded stream events into items. Subclasses override `on_event`.

    `framing` is "auto" (SSE, NDJSON or JSON by Content-Type) or "lines" (raw lines).
    `finished` becomes True when the stream's end has been seen (stop reading)."""

    framing = "auto"
    finished = False

    def on_event(self, data: str, error: str | None) -> list[Any]:
        raise NotImplementedError

    def on_end(self) -> list[Any]:
        return []


@dataclass(frozen=True)
class Streamed:
    """The result of a streaming job: the driver iterates the opened response through `handler`."""

    handler: StreamHandler
    reply: Reply


@dataclass(frozen=True)
class Job(Generic[T]):
    """A described call: the task it belongs to and how to run it."""

    task: str
    steps: Callable[[Any], Steps[T]]
