"""Leaving a stream early, and calling again after a failed stream, against llama-cpp-python's
server (issue 8, items 1 and 2).

The server generates for one request at a time: a stream the client leaves without closing
its response keeps the model busy until the whole answer is generated, and the next call
waits for it. Leaving a stream by `break`, by an exception or by dropping the iterator must
close the response at once, so that the server sees the disconnect and stops.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from playground.client import AsyncInferenceClient, InferenceClient, StreamInterruptedError

STORY = [{"role": "user", "content": "Tell a long story."}]
HI = [{"role": "user", "content": "Hi"}]
LONG = {"max_tokens": 1500, "extra_body": {"min_tokens": 1500}}  # ~20 s of generation here
QUICK = 3.0  # seconds a short call may take once the abandoned generation has stopped
TOO_LONG = [{"role": "user", "content": "word " * 5000}]  # over the server's 4096-token context


@pytest.fixture
def client(llama_server: str) -> Iterator[InferenceClient]:
    # Closing the client at the end drops its connections, so whatever a failed test left
    # generating stops before the next test.
    with InferenceClient(f"{llama_server}/v1", timeout=60) as sync_client:
        sync_client.chat_completion(HI, max_tokens=1)  # the model name is known from here on
        yield sync_client


@pytest.fixture
async def aclient(llama_server: str) -> AsyncIterator[AsyncInferenceClient]:
    async with AsyncInferenceClient(f"{llama_server}/v1", timeout=60) as async_client:
        await async_client.chat_completion(HI, max_tokens=1)
        yield async_client


def _next_call_seconds(client: InferenceClient) -> float:
    started = time.monotonic()
    client.chat_completion(HI, max_tokens=3, options={"timeout": QUICK + 1})
    return time.monotonic() - started


async def _anext_call_seconds(client: AsyncInferenceClient) -> float:
    started = time.monotonic()
    await client.chat_completion(HI, max_tokens=3, options={"timeout": QUICK + 1})
    return time.monotonic() - started


def _fail_in_the_loop(stream: Any) -> None:
    for chunk in stream:
        raise KeyError(chunk.id)


async def _afail_in_the_loop(stream: Any) -> None:
    async for chunk in stream:
        raise KeyError(chunk.id)


def test_breaking_out_of_an_unnamed_stream_frees_the_server(client: InferenceClient) -> None:
    for _chunk in client.chat_completion(STORY, stream=True, **LONG):
        break
    assert _next_call_seconds(client) < QUICK


def test_breaking_out_of_a_kept_stream_closes_it(client: InferenceClient) -> None:
    stream = client.chat_completion(STORY, stream=True, **LONG)
    for _chunk in stream:
        break
    assert _next_call_seconds(client) < QUICK
    assert stream is not None  # still referenced: only leaving the loop may close it


def test_an_exception_in_the_loop_closes_the_stream(client: InferenceClient) -> None:
    stream = client.chat_completion(STORY, stream=True, **LONG)
    with pytest.raises(KeyError):
        _fail_in_the_loop(stream)
    assert _next_call_seconds(client) < QUICK
    assert stream is not None


def test_dropping_the_iterator_closes_the_stream(client: InferenceClient) -> None:
    stream = client.chat_completion(STORY, stream=True, **LONG)
    next(stream)
    del stream  # at once: no garbage collection pass may be needed
    assert _next_call_seconds(client) < QUICK


@pytest.mark.anyio
async def test_async_break_closes_the_stream(aclient: AsyncInferenceClient) -> None:
    stream = await aclient.chat_completion(STORY, stream=True, **LONG)
    async for _chunk in stream:
        break
    assert await _anext_call_seconds(aclient) < QUICK


@pytest.mark.anyio
async def test_async_exception_in_the_loop_closes_the_stream(
    aclient: AsyncInferenceClient,
) -> None:
    stream = await aclient.chat_completion(STORY, stream=True, **LONG)
    with pytest.raises(KeyError):
        await _afail_in_the_loop(stream)
    assert await _anext_call_seconds(aclient) < QUICK


@pytest.mark.anyio
async def test_async_dropping_the_iterator_closes_the_stream(
    aclient: AsyncInferenceClient,
) -> None:
    stream: Any = await aclient.chat_completion(STORY, stream=True, **LONG)
    await stream.__anext__()
    del stream  # at once: no garbage collection pass may be needed
    assert await _anext_call_seconds(aclient) < QUICK


def test_a_call_after_a_failed_stream_succeeds(client: InferenceClient) -> None:
    """Generation fails inside the stream: llama-cpp-python sends 200, an empty body, then
    closes the keep-alive connection. The next call must not reuse that dead connection."""
    with pytest.raises(StreamInterruptedError):
        list(client.chat_completion(TOO_LONG, stream=True, max_tokens=5))
    output = client.chat_completion(HI, max_tokens=3)
    assert output.choices[0].message.content is not None


@pytest.mark.anyio
async def test_async_call_after_a_failed_stream_succeeds(aclient: AsyncInferenceClient) -> None:
    with pytest.raises(StreamInterruptedError):
        async for _chunk in await aclient.chat_completion(TOO_LONG, stream=True, max_tokens=5):
            pass
    output = await aclient.chat_completion(HI, max_tokens=3)
    assert output.choices[0].message.content is not None
