"""A call has one deadline and a size cap: a server that drips bytes or sends a gigabyte ends
the call with a clear error instead of holding it (or the memory) forever."""

from __future__ import annotations

import time

import pytest

from playground.client import (
    AsyncInferenceClient,
    InferenceClient,
    InferenceTimeoutError,
    ResponseTooLargeError,
)

MB = 1024 * 1024
CHAT = [{"role": "user", "content": "Hi"}]


def drip(fake: str) -> str:
    # one byte every 0.2 s: no single read ever times out, the whole body takes 20 s
    return f"{fake}/hostile/drip?interval=0.2&count=100"


def test_a_dripping_body_ends_at_the_deadline(fake: str) -> None:
    started = time.monotonic()
    with (
        InferenceClient(token=False, timeout=1.0) as client,
        pytest.raises(InferenceTimeoutError, match="deadline"),
    ):
        client.text_classification("x", model=drip(fake))
    assert time.monotonic() - started < 10  # not the 20 s the drip would take


@pytest.mark.anyio
async def test_a_dripping_body_ends_at_the_deadline_async(fake: str) -> None:
    started = time.monotonic()
    async with AsyncInferenceClient(token=False, timeout=1.0) as client:
        with pytest.raises(InferenceTimeoutError, match="deadline"):
            await client.text_classification("x", model=drip(fake))
    assert time.monotonic() - started < 10


def test_a_deadline_bounds_the_whole_stream(fake: str) -> None:
    model = f"{fake}/models/faults/slow-stream?delay=1"
    with InferenceClient(token=False, timeout=5, deadline=0.5) as client:
        stream = client.chat_completion(CHAT, model=model, stream=True)
        first = next(stream)  # the first token comes at once
        with pytest.raises(InferenceTimeoutError, match="deadline"):
            list(stream)
    assert first.choices[0].delta.content


@pytest.mark.anyio
async def test_a_deadline_interrupts_a_pending_stream_read_async(fake: str) -> None:
    model = f"{fake}/models/faults/slow-stream?delay=3"
    started = time.monotonic()
    async with AsyncInferenceClient(token=False, timeout=10) as client:
        stream = await client.chat_completion(
            CHAT, model=model, stream=True, options={"deadline": 1}
        )
        with pytest.raises(InferenceTimeoutError, match="deadline"):
            async for _ in stream:
                pass
    assert time.monotonic() - started < 2.9  # interrupted inside the read, not after it


@pytest.mark.parametrize("declared", ["1", "0"])
def test_a_huge_body_is_refused(fake: str, declared: str) -> None:
    model = f"{fake}/hostile/huge?mb=8&declared={declared}"
    with (
        InferenceClient(token=False, max_response_bytes=MB) as client,
        pytest.raises(ResponseTooLargeError, match="larger than this client reads"),
    ):
        client.text_classification("x", model=model)


@pytest.mark.anyio
async def test_a_huge_body_is_refused_async(fake: str) -> None:
    model = f"{fake}/hostile/huge?mb=8"
    async with AsyncInferenceClient(token=False, max_response_bytes=MB) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.text_classification("x", model=model)


def test_a_stream_counts_against_the_cap_too(fake: str) -> None:
    model = f"{fake}/tgi"
    with InferenceClient(token=False, max_response_bytes=200) as client:
        stream = client.text_generation("Once", model=model, max_new_tokens=50, stream=True)
        with pytest.raises(ResponseTooLargeError):
            list(stream)


def test_the_next_call_works_after_a_refused_one(fake: str) -> None:
    with InferenceClient(token=False, inference_endpoint=fake, max_response_bytes=MB) as client:
        with pytest.raises(ResponseTooLargeError):
            client.text_classification("x", model=f"{fake}/hostile/huge?mb=4")
        assert client.text_classification("I love it", model="fake/text-classification")
