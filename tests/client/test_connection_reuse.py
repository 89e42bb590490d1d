"""A call right after a stream that ended abnormally must succeed, even though the server
dropped the pooled keep-alive connection that stream came on (issue 8, item 2). The same
against llama-cpp-python's real server: tests/peers/test_llama_streams.py."""

from __future__ import annotations

import httpx
import pytest

from playground.client import AsyncInferenceClient, InferenceClient, StreamInterruptedError
from tests.fakes.dropping import DroppingServer

HI = [{"role": "user", "content": "Hi"}]


def test_the_next_call_after_a_broken_stream_succeeds() -> None:
    server = DroppingServer()
    with server as url, InferenceClient(url, timeout=10) as client:
        with pytest.raises(StreamInterruptedError):
            list(client.chat_completion(HI, stream=True))
        output = client.chat_completion(HI)
    assert output.choices[0].message.content == "Hello"


@pytest.mark.anyio
async def test_async_next_call_after_a_broken_stream_succeeds() -> None:
    server = DroppingServer()
    with server as url:
        async with AsyncInferenceClient(url, timeout=10) as client:
            with pytest.raises(StreamInterruptedError):
                async for _chunk in await client.chat_completion(HI, stream=True):
                    pass
            output = await client.chat_completion(HI)
    assert output.choices[0].message.content == "Hello"


def test_the_fault_is_real() -> None:
    """Plain httpx reuses the pooled connection and the server leaves that request unanswered."""
    server = DroppingServer()
    with server as url, httpx.Client(base_url=url, timeout=10) as http:
        streamed = http.post("/chat/completions", json={"messages": HI, "stream": True})
        assert b"[DONE]" not in streamed.content
        with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            http.post("/chat/completions", json={"messages": HI})
        assert http.post("/chat/completions", json={"messages": HI}).status_code == 200
    assert (server.connections, server.dropped) == (2, 1)
