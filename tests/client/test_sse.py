"""The stream decoders: every framing of protocol §2.8, and any chunking gives the same events."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.client.sse import (
    JSONBodyDecoder,
    LinesDecoder,
    NDJSONDecoder,
    ServerSentEvent,
    SSEDecoder,
    decoder_for,
)


def decode(raw: bytes, chunks: list[int] | None = None) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    position = 0
    for size in chunks or []:
        events += decoder.feed(raw[position : position + size])
        position += size
    events += decoder.feed(raw[position:])
    return events + decoder.flush()


def datas(events: list[ServerSentEvent]) -> list[str]:
    return [event.data for event in events]


def test_data_with_and_without_space() -> None:
    raw = b'data:{"a":1}\n\ndata: {"a":2}\n\ndata:  two spaces\n\n'
    assert datas(decode(raw)) == ['{"a":1}', '{"a":2}', " two spaces"]


def test_done_in_both_spacings() -> None:
    assert datas(decode(b"data:[DONE]\n\ndata: [DONE]\n\n")) == ["[DONE]", "[DONE]"]


def test_comments_and_keep_alives_are_skipped() -> None:
    raw = b": keep-alive\n\n:\n\ndata: x\n: inline comment\n\n"
    assert datas(decode(raw)) == ["x"]


def test_multi_line_data_is_joined_with_newlines() -> None:
    assert datas(decode(b"data: line one\ndata: line two\ndata:\n\n")) == ["line one\nline two\n"]


def test_crlf_and_cr_line_endings() -> None:
    raw = b"data: a\r\n\r\ndata: b\r\rdata: c\n\n"
    assert datas(decode(raw)) == ["a", "b", "c"]


def test_final_event_without_blank_line_is_flushed() -> None:
    assert datas(decode(b"data: one\n\ndata: [DONE]")) == ["one", "[DONE]"]


def test_event_id_retry_fields() -> None:
    (event,) = decode(b"event: update\nid: 7\nretry: 1500\ndata: x\n\n")
    assert (event.event, event.id, event.retry, event.data) == ("update", "7", 1500, "x")


def test_llama_cpp_error_field_becomes_an_event() -> None:
    raw = b'error: {"code":400,"message":"too long","type":"exceed_context_size_error"}\n\n'
    (event,) = decode(raw + b"data: [DONE]\n\n")[:1]
    assert json.loads(event.error or "")["type"] == "exceed_context_size_error"


def test_utf8_split_across_chunks() -> None:
    raw = "data: héllo wörld 你好 🙂\n\n".encode()
    assert datas(decode(raw, [1] * len(raw))) == ["héllo wörld 你好 🙂"]


def test_no_event_without_data() -> None:
    assert decode(b"event: ping\n\n\n\n") == []


_payloads = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
        max_size=30,
    ),
    min_size=1,
    max_size=8,
)


def _serialise(payloads: list[str], newline: str, space: bool, trailing_blank: bool) -> bytes:
    separator = "data: " if space else "data:"
    body = "".join(f"{separator}{payload}{newline}{newline}" for payload in payloads)
    if not trailing_blank:
        body = body[: -len(newline) * 2]
    return body.encode()


@settings(max_examples=300, deadline=None)
@given(
    payloads=_payloads,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    space=st.booleans(),
    trailing_blank=st.booleans(),
    cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=20),
)
def test_any_chunking_gives_the_same_events(
    payloads: list[str], newline: str, space: bool, trailing_blank: bool, cuts: list[int]
) -> None:
    raw = _serialise(payloads, newline, space, trailing_blank)
    whole = decode(raw)
    assert decode(raw, cuts) == whole
    expected = payloads if space else [p.removeprefix(" ") for p in payloads]
    assert datas(whole) == expected


@settings(max_examples=200, deadline=None)
@given(
    objects=st.lists(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3), max_size=6),
    cuts=st.lists(st.integers(min_value=0, max_value=15), max_size=20),
    crlf=st.booleans(),
)
def test_ndjson_any_chunking(objects: list[dict[str, int]], cuts: list[int], crlf: bool) -> None:
    newline = "\r\n" if crlf else "\n"
    raw = "".join(json.dumps(obj, ensure_ascii=False) + newline for obj in objects).encode()
    decoder, events, position = NDJSONDecoder(), [], 0
    for size in cuts:
        events += decoder.feed(raw[position : position + size])
        position += size
    events += decoder.feed(raw[position:]) + decoder.flush()
    assert [json.loads(event.data) for event in events] == objects


def test_lines_decoder_keeps_raw_lines() -> None:
    decoder = LinesDecoder()
    events = decoder.feed(b'data:{"a":1}\n\n: ka\ndata: x') + decoder.flush()
    assert datas(events) == ['data:{"a":1}', ": ka", "data: x"]


def test_json_body_decoder_returns_one_event() -> None:
    decoder = JSONBodyDecoder()
    assert decoder.feed(b'[{"generated_') == []
    assert datas(decoder.feed(b'text": "x"}]') + decoder.flush()) == ['[{"generated_text": "x"}]']


def test_decoder_for_content_types() -> None:
    assert isinstance(decoder_for("text/event-stream; charset=utf-8"), SSEDecoder)
    assert isinstance(decoder_for("application/x-ndjson"), NDJSONDecoder)
    assert isinstance(decoder_for("application/json"), JSONBodyDecoder)
    assert isinstance(decoder_for(None), SSEDecoder)
