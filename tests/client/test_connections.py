"""Connections a real server leaves behind: a stream abandoned early must close its response
at once (the server stops generating; the next call doesn't wait for it), and a kept-alive
connection the server closed must not fail the next call."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from playground.client import AsyncInferenceClient, InferenceClient, StreamInterruptedError

CHAT = [{"role": "user", "content": "Hi"}]


def one_connection() -> httpx.HTTPTransport:
    """A pool of one: a response left open blocks the next call until the pool times out."""
    return httpx.HTTPTransport(limits=httpx.Limits(max_connections=1))


def test_breaking_out_of_a_stream_closes_it_at_once(fake: str) -> None:
    model = f"{fake}/models/faults/slow-stream?delay=5"
    with InferenceClient(token=False, timeout=3, transport=one_connection()) as client:
        for _chunk in client.chat_completion(CHAT, model=model, stream=True):
            break
        # the only connection is free again: this doesn't wait for the 10 s stream
        assert client.text_classification(
            "I love it", model=f"{fake}/models/fake/text-classification"
        )


def test_an_exception_inside_the_loop_closes_the_stream(fake: str) -> None:
    model = f"{fake}/models/faults/slow-stream?delay=5"
    with InferenceClient(token=False, timeout=3, transport=one_connection()) as client:
        with pytest.raises(KeyError):
            _fail_inside_the_loop(client, model)
        assert client.text_classification("x", model=f"{fake}/models/fake/text-classification")


def _fail_inside_the_loop(client: InferenceClient, model: str) -> None:
    for _chunk in client.chat_completion(CHAT, model=model, stream=True):
        raise KeyError("the caller's own failure")


@pytest.mark.anyio
async def test_breaking_out_of_an_async_stream_closes_it(fake: str) -> None:
    model = f"{fake}/models/faults/slow-stream?delay=5"
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1))
    async with AsyncInferenceClient(token=False, timeout=3, transport=transport) as client:
        async for _chunk in await client.chat_completion(CHAT, model=model, stream=True):
            break
        result = await client.text_classification(
            "x", model=f"{fake}/models/fake/text-classification"
        )
    assert result


CUT_STREAM = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
    b"connection: keep-alive\r\n\r\n"
)
EVENT = b'data: {"choices": [{"index": 0, "delta": {"content": "Hi"}}]}\n\n'
LABELS = json.dumps([[{"label": "POSITIVE", "score": 0.9}]]).encode()


def _chunked(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _serve(connection: socket.socket) -> None:
    """First request: a stream that ends without [DONE] (complete at the HTTP level, so the
    connection goes back to the pool); a second request on it: the server hangs up, as a
    server does when it closes a kept-alive connection. New connections get an answer."""
    with connection:
        request = connection.recv(65536)
        if b"chat/completions" in request:
            connection.sendall(CUT_STREAM + _chunked(EVENT) + b"0\r\n\r\n")
            connection.recv(65536)  # the next request, sent into the dying connection
            return
        length = f"content-length: {len(LABELS)}\r\n\r\n".encode()
        connection.sendall(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + length + LABELS
        )


@pytest.fixture
def hangs_up() -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_the_call_after_a_cut_stream_succeeds(hangs_up: str) -> None:
    with InferenceClient(token=False, timeout=5) as client:
        with pytest.raises(StreamInterruptedError):
            list(client.chat_completion(CHAT, model=f"{hangs_up}/v1", stream=True))
        labels = client.text_classification("x", model=f"{hangs_up}/models/a/b")
    assert labels[0].label == "POSITIVE"


@pytest.mark.anyio
async def test_the_call_after_a_cut_stream_succeeds_async(hangs_up: str) -> None:
    async with AsyncInferenceClient(token=False, timeout=5) as client:
        stream = await client.chat_completion(CHAT, model=f"{hangs_up}/v1", stream=True)
        with pytest.raises(StreamInterruptedError):
            async for _ in stream:
                pass
        labels = await client.text_classification("x", model=f"{hangs_up}/models/a/b")
    assert labels[0].label == "POSITIVE"
