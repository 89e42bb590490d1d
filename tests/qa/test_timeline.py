"""Streams on a timeline, from (offset, event) pairs: pure cases, then a real stream."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from playground.client import InferenceClient, capture_exchanges
from playground.client.sse import ServerSentEvent
from playground.qa.timeline import event_kind, exchange_timeline, server_timings, stream_timeline


def chunk(content: str | None = None, role: str | None = None) -> str:
    delta = {k: v for k, v in (("role", role), ("content", content)) if v is not None}
    return json.dumps({"choices": [{"index": 0, "delta": delta}]})


def test_event_kinds_across_framings() -> None:
    assert event_kind(chunk(role="assistant", content="")) == "other"
    assert event_kind(chunk("Hi")) == "token"
    assert event_kind(ServerSentEvent(data="[DONE]")) == "done"
    assert event_kind({"token": {"text": "</s>", "special": True}}) == "other"
    assert event_kind({"token": {"text": " The", "special": False}}) == "token"
    assert event_kind({"message": {"content": "x"}, "done": False}) == "token"
    assert event_kind('{"error": "out of memory"}') == "error"
    assert event_kind(" The") == "token"


def test_timeline_from_timed_events() -> None:
    events = [(0.05, chunk(role="assistant", content="")), (0.10, chunk("a")), (0.15, chunk("b")),
              (0.35, chunk("c")), (0.36, "[DONE]")]  # fmt: skip
    line = stream_timeline(events, {"X-Compute-Time": "0.3", "x-queue-time": "12"}, duration=0.4)
    assert (line.tokens, line.time_to_first_token, line.duration) == (3, 0.10, 0.4)
    assert line.gaps == [0.05, 0.2]
    assert line.gap_max == 0.2
    assert line.tokens_per_second == pytest.approx(2 / 0.25)
    assert line.server == {"compute": 0.3, "queue": 0.012}
    assert [kind for _, kind in line.marks] == ["other", "token", "token", "token", "done"]
    empty = stream_timeline([])
    assert (empty.tokens, empty.time_to_first_token, empty.tokens_per_second) == (0, None, None)


def test_tgi_timing_headers_of_a_real_reply(fake_server: str) -> None:
    reply = httpx.post(f"{fake_server}/tgi/generate", json={"inputs": "Hello"})
    timings = server_timings(reply.headers)
    assert set(timings) == {"compute", "total", "validation", "queue", "inference", "per_token"}
    assert timings["total"] == float(reply.headers["x-total-time"]) / 1000


def test_a_real_stream_on_a_timeline(fake_server: str) -> None:
    events: list[tuple[float, Any]] = []
    messages = [{"role": "user", "content": "one two three"}]
    with (
        InferenceClient(f"{fake_server}/tgi/v1", token=False) as client,
        capture_exchanges() as exchanges,
    ):
        started = time.perf_counter()
        for item in client.chat_completion(messages, model="tgi", stream=True):
            events.append((time.perf_counter() - started, item))
    (exchange,) = exchanges
    line = stream_timeline(events, exchange.response_headers, exchange.duration)
    assert line.tokens == 4  # "Echo:", " one", " two", " three"
    assert line.time_to_first_token is not None and len(line.gaps) == 3
    assert line.duration == exchange.duration


def test_an_exchange_without_timed_events_gives_its_summary(fake_server: str) -> None:
    messages = [{"role": "user", "content": "one two three"}]
    with (
        InferenceClient(f"{fake_server}/tgi/v1", token=False) as client,
        capture_exchanges() as exchanges,
    ):
        list(client.chat_completion(messages, model="tgi", stream=True))
    line = exchange_timeline(exchanges[0])
    assert line.tokens == exchanges[0].items and line.time_to_first_token is not None
    timed = exchange_timeline(exchanges[0], [(0.1, " a"), (0.2, " b")])
    assert (timed.tokens, timed.gaps) == (2, [0.1])
