"""The fake server's errors and framings routes, driven over real loopback."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.fakes.errors import SHAPES
from tests.fakes.streams import FRAMING_NAMES, FRAMING_TEXT

from .helpers import chat_text, sse_events

# -- error shapes and SSE framings ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_error_shapes(client: httpx.Client, name: str) -> None:
    shape = SHAPES[name]
    response = client.post(f"/errors/{name}")
    assert response.status_code == shape.status
    if shape.media_type == "application/json":
        assert response.json() == shape.body
    elif name == "empty":
        assert response.content == b""
        assert "content-type" not in response.headers
    else:
        assert response.headers["content-type"].startswith(shape.media_type.split(";")[0])
        body = response.json() if name == "problem-json" else response.text
        assert body == shape.body
    for header, value in shape.headers.items():
        assert response.headers[header] == value
    assert client.get(f"/errors/{name}?status=418").status_code == 418


@pytest.mark.parametrize("name", FRAMING_NAMES)
def test_framings_carry_the_same_content(client: httpx.Client, name: str) -> None:
    response = client.post(f"/framings/{name}/v1/chat/completions")
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.content)
    chunks = [json.loads(e) for e in events if e != "[DONE]"]
    assert len(chunks) == 8
    assert chat_text(chunks) == FRAMING_TEXT
    assert (events[-1] == "[DONE]") is (name != "no-done")


def test_framing_wire_details(client: httpx.Client) -> None:
    def raw(name: str) -> bytes:
        return client.post(f"/framings/{name}/v1/chat/completions").content

    assert raw("nospace").startswith(b"data:{")
    assert raw("nospace").endswith(b"data:[DONE]\n\n")
    assert raw("crlf").endswith(b"data: [DONE]\r\n\r\n")
    assert raw("done-nospace").endswith(b"}\n\ndata:[DONE]\n\n")
    assert raw("no-trailing-blank-line").endswith(b"data: [DONE]")
    assert b": keep-alive\n\n" in raw("comments-keepalive")
    assert raw("fields").startswith(b"retry: 3000\n\nevent: message\nid: 0\ndata: ")
    assert raw("multiline-data").count(b"data: ") > 8 * 5
    assert FRAMING_TEXT.encode() not in raw("space")
    assert "wörld".encode() in raw("space")


def test_tiny_chunks_split_multibyte_characters(client: httpx.Client) -> None:
    with client.stream("POST", "/framings/tiny-chunks/v1/chat/completions") as response:
        pieces = list(response.iter_raw())
    assert len(pieces) > 100
    assert all(len(p) <= 3 for p in pieces)
    undecodable = 0
    for piece in pieces:
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
    assert undecodable > 0
    assert b"".join(pieces) == client.post("/framings/space/v1/chat/completions").content
