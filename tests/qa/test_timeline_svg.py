"""A stream's timeline as SVG: one tick per event, the first token marked, long gaps
highlighted, the rate and the server's timings written out, every text escaped; then a real
stream from the fake server drawn from its recorded exchange."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from playground.client import InferenceClient, capture_exchanges
from playground.qa.timeline import stream_timeline
from playground.qa.timeline_svg import long_gaps, seconds_text, timeline_svg
from playground.ui.report import timeline_html

SVG = "{http://www.w3.org/2000/svg}"


def chunk(content: str) -> str:
    return json.dumps({"choices": [{"index": 0, "delta": {"content": content}}]})


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def classes(root: ET.Element, name: str) -> list[ET.Element]:
    return [node for node in root.iter() if name in (node.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


EVENTS = [
    (0.30, '{"choices": [{"index": 0, "delta": {"role": "assistant"}}]}'),
    (0.32, chunk("a")),
    (0.34, chunk("b")),
    (0.36, chunk("c")),
    (0.80, chunk("d")),  # a long gap: 0.44 s against a 0.02 s median
    (0.82, chunk("e")),
    (0.83, "[DONE]"),
]


def test_every_event_is_a_tick_and_the_first_token_is_marked() -> None:
    line = stream_timeline(EVENTS, {"x-compute-time": "0.75", "x-queue-time": "12"}, 0.9)
    root = parsed(timeline_svg(line, title="POST http://h/v1/chat/completions"))
    assert len(classes(root, "tick")) == len(EVENTS)
    assert len(classes(root, "token")) == 5
    assert len(classes(root, "done")) == 1 and len(classes(root, "other")) == 1
    (ttft,) = classes(root, "ttft")[1:]  # the dashed line, then its label
    assert "".join(ttft.itertext()) == "TTFT 320 ms"
    shown = " | ".join(texts(root))
    assert "5 tokens" in shown and "first token 320 ms" in shown
    assert f"{4 / 0.5:,.1f} tokens/s" in shown
    assert "compute 750 ms" in shown and "queue 12.0 ms" in shown
    assert root.find(f"{SVG}title").text == "POST http://h/v1/chat/completions"  # type: ignore[union-attr]


def test_long_gaps_are_highlighted() -> None:
    line = stream_timeline(EVENTS)
    assert long_gaps(line) == [(0.36, 0.80)]
    root = parsed(timeline_svg(line))
    (gap,) = classes(root, "gap")
    assert "gap of 440 ms" in "".join(gap.itertext())
    assert "orange: 1 gap(s) of 60.0 ms or more" in " | ".join(texts(root))
    steady = stream_timeline([(0.1 * i, chunk("x")) for i in range(1, 20)])
    assert long_gaps(steady) == [] and classes(parsed(timeline_svg(steady)), "gap") == []


def test_every_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & <b>'
    svg = timeline_svg(stream_timeline(EVENTS), title=hostile)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp;" in svg
    assert parsed(svg).find(f"{SVG}title").text == hostile  # type: ignore[union-attr]


def test_no_timing_headers_no_tokens_and_dropped_events_are_said() -> None:
    root = parsed(timeline_svg(stream_timeline([]), dropped=12))
    shown = " | ".join(texts(root))
    assert "0 tokens" in shown and "none sent" in shown and "12 later events" in shown
    assert classes(root, "tick") == [] and classes(root, "ttft") == []
    assert (seconds_text(0.0123), seconds_text(0.85), seconds_text(2.414)) == (
        "12.3 ms",
        "850 ms",
        "2.41 s",
    )


def test_a_real_stream_is_drawn_from_its_exchange(fake_server: str) -> None:
    messages = [{"role": "user", "content": "one two three"}]
    with (
        InferenceClient(f"{fake_server}/tgi/v1", token=False) as client,
        capture_exchanges() as exchanges,
    ):
        list(client.chat_completion(messages, model="tgi", stream=True))
    (exchange,) = exchanges
    box = timeline_html(exchange)
    assert box.startswith('<div class="stream-timeline-box"><svg')
    root = parsed(box.removeprefix('<div class="stream-timeline-box">').removesuffix("</div>"))
    assert len(classes(root, "tick")) == len(exchange.events)
    assert len(classes(root, "token")) == 4  # "Echo:", " one", " two", " three"
    assert "TTFT" in " ".join(texts(root))
    plain = exchange.__class__("POST", "http://h", {}, b"{}", 2)
    assert timeline_html(plain) == "" and timeline_html(None) == ""
