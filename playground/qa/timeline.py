"""A stream on a timeline: time to first token, gaps between tokens, tokens per second, and
the server's own timing headers (`x-compute-time`, TGI's queue / inference / per-token times).

Takes the stream as `(offset seconds since the request started, event)` pairs, where an event
is whatever was recorded: the SSE data string, a `ServerSentEvent`, decoded JSON, or a client
item (a token string, a chat chunk). Pure functions.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .metrics import percentile

__all__ = ["StreamTimeline", "event_kind", "exchange_timeline", "server_timings", "stream_timeline"]

# TGI reports these in milliseconds; x-compute-time (HF, TGI) is in seconds.
_MS_HEADERS = {
    "x-total-time": "total",
    "x-validation-time": "validation",
    "x-queue-time": "queue",
    "x-inference-time": "inference",
    "x-time-per-token": "per_token",
}


def server_timings(headers: Mapping[str, str] | None) -> dict[str, float]:
    """Server-side timings in seconds, from whichever timing headers are present."""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    found: dict[str, float] = {}
    for name, key, scale in [("x-compute-time", "compute", 1.0)] + [
        (header, key, 0.001) for header, key in _MS_HEADERS.items()
    ]:
        try:
            found[key] = float(lowered[name]) * scale
        except (KeyError, ValueError):
            continue
    return found


def _data(event: Any) -> Any:
    if hasattr(event, "data") and not isinstance(event, Mapping):
        event = event.data
    if isinstance(event, bytes):
        event = event.decode("utf-8", errors="replace")
    if isinstance(event, str) and event[:1] in ("{", "["):
        try:
            return json.loads(event)
        except ValueError:
            return event
    return event


def _token_text(data: Mapping[str, Any]) -> str | None:
    choices = data.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], Mapping):
        choice = choices[0]
        delta = choice.get("delta")
        if not isinstance(delta, Mapping):
            delta = {}
        if delta.get("tool_calls"):
            return "tool"
        return delta.get("content") or choice.get("text") or None
    token = data.get("token")
    if isinstance(token, Mapping) and not token.get("special"):
        return str(token.get("text", "")) or None
    message = data.get("message")
    if isinstance(message, Mapping):  # Ollama NDJSON
        return message.get("content") or None
    return data.get("response") or None


def event_kind(event: Any) -> str:
    """`token` (carries generated text), `done`, `error` or `other` (role, usage, keep-alive)."""
    data = _data(event)
    if isinstance(data, str):
        if data.strip() == "[DONE]":
            return "done"
        return "token" if data else "other"
    if isinstance(data, Mapping):
        if "error" in data:
            return "error"
        return "token" if _token_text(data) else "other"
    return "other"


@dataclass(frozen=True)
class StreamTimeline:
    """What the inspector draws. `marks` are (offset, kind) for every event, in order."""

    tokens: int
    time_to_first_token: float | None
    duration: float | None
    tokens_per_second: float | None
    gaps: list[float]
    gap_p50: float | None
    gap_max: float | None
    server: dict[str, float] = field(default_factory=dict)
    marks: list[tuple[float, str]] = field(default_factory=list)


def stream_timeline(
    events: Sequence[tuple[float, Any]],
    headers: Mapping[str, str] | None = None,
    duration: float | None = None,
) -> StreamTimeline:
    """The timeline of a stream from its timed events (and the response headers; `duration`
    is the whole exchange's, else the last event's offset)."""
    marks = [(float(offset), event_kind(event)) for offset, event in events]
    token_times = [offset for offset, kind in marks if kind == "token"]
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(token_times)]
    span = token_times[-1] - token_times[0] if len(token_times) > 1 else 0.0
    end = duration if duration is not None else (marks[-1][0] if marks else None)
    return StreamTimeline(
        tokens=len(token_times),
        time_to_first_token=token_times[0] if token_times else None,
        duration=end,
        tokens_per_second=(len(token_times) - 1) / span if span > 0 else None,
        gaps=gaps,
        gap_p50=percentile(gaps, 50),
        gap_max=max(gaps) if gaps else None,
        server=server_timings(headers),
        marks=marks,
    )


def exchange_timeline(
    exchange: Any, events: Sequence[tuple[float, Any]] | None = None
) -> StreamTimeline:
    """The timeline of a recorded `Exchange`: from its timed events (given, or the exchange's own
    `events` once it records them), else from its summary fields (first item, item count)."""
    timed = events if events is not None else getattr(exchange, "events", None)
    if timed:
        return stream_timeline(timed, exchange.response_headers, exchange.duration)
    first = exchange.time_to_first_item
    return StreamTimeline(
        tokens=exchange.items,
        time_to_first_token=first,
        duration=exchange.duration,
        tokens_per_second=exchange.items_per_second,
        gaps=[],
        gap_p50=None,
        gap_max=None,
        server=server_timings(exchange.response_headers),
        marks=[],
    )
