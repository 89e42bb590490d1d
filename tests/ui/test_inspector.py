"""The inspector shows a stream as its events, one per line with arrival times."""

from __future__ import annotations

from playground.client.recording import BODY_PREVIEW_BYTES, Exchange
from playground.ui.inspector import events_text, response_view


def streamed(*events: str) -> Exchange:
    exchange = Exchange("POST", "http://h/v1/chat/completions", {}, b"{}", 2)
    exchange.got_headers(200, {"content-type": "text/event-stream; charset=utf-8"})
    for data in events:
        exchange.got_event(data)
    exchange.finish()
    return exchange


def test_a_stream_is_shown_one_event_per_line_with_its_time() -> None:
    exchange = streamed('{"token": "Hel"}', '{"token": "lo"}', "[DONE]")
    lines = events_text(exchange).splitlines()
    assert len(lines) == 3
    for line, (at, data) in zip(lines, exchange.events, strict=True):
        assert line.startswith(f"+{at * 1000:,.1f} ms ")
        assert line.endswith(f" {data}")
    body = response_view(exchange)["body"]
    assert body == "<text/event-stream · 3 events: see the Stream events tab below>"


def test_events_past_the_preview_are_counted() -> None:
    chunk = "y" * 4096
    exchange = streamed(*[chunk] * (BODY_PREVIEW_BYTES // 4096 + 5))
    text = events_text(exchange)
    assert text.splitlines()[-1].startswith("… and 5 more events")


def test_a_plain_response_is_not_a_stream() -> None:
    exchange = Exchange("POST", "http://h", {}, b"{}", 2)
    exchange.got_headers(200, {"content-type": "application/json"})
    exchange.got_body(b'{"label": "x"}')
    exchange.finish()
    assert events_text(exchange).startswith("Not a stream")
    assert response_view(exchange)["body"] == {"label": "x"}
