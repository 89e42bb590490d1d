"""Streams: every SSE framing over real HTTP, and closing or dropping a stream closes it."""

from __future__ import annotations

import gc

import pytest

from playground.client import AsyncInferenceClient, InferenceClient, capture_exchanges
from tests.fakes.streams import FRAMING_NAMES, FRAMING_TEXT

FRAMINGS = list(FRAMING_NAMES)


def chat_text(chunks: list) -> str:  # type: ignore[type-arg]
    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)


@pytest.mark.parametrize("framing", FRAMINGS)
def test_every_framing_gives_the_same_text(fake: str, framing: str) -> None:
    with InferenceClient(f"{fake}/framings/{framing}", token=False) as client:
        chunks = list(client.chat_completion([{"role": "user", "content": "x"}], stream=True))
    assert chat_text(chunks) == FRAMING_TEXT
    assert chunks[-1].choices[0].finish_reason == "stop"


@pytest.mark.anyio
@pytest.mark.parametrize("framing", ["nospace", "tiny-chunks", "no-trailing-blank-line"])
async def test_every_framing_async(fake: str, framing: str) -> None:
    async with AsyncInferenceClient(f"{fake}/framings/{framing}", token=False) as client:
        stream = await client.chat_completion([{"role": "user", "content": "x"}], stream=True)
        assert chat_text([chunk async for chunk in stream]) == FRAMING_TEXT


def test_closing_a_stream_closes_the_response(fake: str) -> None:
    with InferenceClient(token=False, inference_endpoint=fake) as client:
        stream = client.text_generation("x", model="faults/slow-stream", stream=True)
        assert next(stream) == " The"
        stream.close()
        assert stream.response.is_closed
        with client.text_generation("x", model="faults/slow-stream", stream=True) as second:
            next(second)
        assert second.response.is_closed


def test_abandoning_a_stream_closes_the_response(fake: str) -> None:
    with InferenceClient(token=False, inference_endpoint=fake) as client:
        stream = client.text_generation("x", model="faults/slow-stream", stream=True)
        next(stream)
        response = stream.response
        del stream
        gc.collect()
        assert response.is_closed


@pytest.mark.anyio
async def test_async_stream_aclose(fake: str) -> None:
    async with AsyncInferenceClient(token=False, inference_endpoint=fake) as client:
        stream = await client.text_generation("x", model="faults/slow-stream", stream=True)
        assert await stream.__anext__() == " The"
        await stream.aclose()
        assert stream.response.is_closed


def test_stream_exchange_has_timings(fake: str) -> None:
    with InferenceClient(f"{fake}/tgi", token=False) as client, capture_exchanges() as log:
        tokens = list(client.text_generation("x", max_new_tokens=10, stream=True))
    (exchange,) = log
    assert exchange.streamed
    assert exchange.status == 200
    assert exchange.items == len(tokens) == 10
    assert exchange.time_to_first_item is not None
    assert exchange.duration is not None
    assert 0 < exchange.time_to_headers <= exchange.time_to_first_item <= exchange.duration
    assert exchange.response_body.startswith(b"data:")


def test_a_server_that_does_not_stream_still_gives_one_event(fake: str) -> None:
    with InferenceClient(token=False, inference_endpoint=fake) as client:
        tokens = list(
            client.text_generation(
                "Hi", model="transformers/text-generation", max_new_tokens=3, stream=True
            )
        )
    assert "".join(tokens) == " The answer is"  # return_full_text=False is sent explicitly


def test_post_stream_yields_raw_lines(fake: str) -> None:
    with InferenceClient(token=False) as client:
        lines = list(
            client.post(
                json={"inputs": "x", "parameters": {"max_new_tokens": 2}},
                model=f"{fake}/tgi/generate_stream",
                stream=True,
            )
        )
    assert len(lines) == 2
    assert all(line.startswith(b"data: {") for line in lines)


def test_each_event_is_recorded_with_its_arrival_time(fake: str) -> None:
    with (
        InferenceClient(f"{fake}/tgi", backend="tgi", token=False) as client,
        capture_exchanges() as exchanges,
    ):
        tokens = list(client.text_generation("Hi", max_new_tokens=5, stream=True))
    (exchange,) = exchanges
    assert len(exchange.events) >= len(tokens)
    times = [at for at, _ in exchange.events]
    assert times == sorted(times)
    assert 0 < times[0] <= exchange.duration  # type: ignore[operator]
    assert all(data.startswith("{") for _, data in exchange.events[: len(tokens)])
    assert exchange.events_dropped == 0


def test_recorded_events_are_bounded_and_masked() -> None:
    from playground.client.recording import BODY_PREVIEW_BYTES, Exchange

    exchange = Exchange("POST", "http://h", {}, b"", 0, secrets=("hf_secret_token",))
    exchange.got_event('{"echo": "hf_secret_token"}')
    assert exchange.events[0][1] == '{"echo": "***"}'
    line = "x" * 1000
    for _ in range(BODY_PREVIEW_BYTES // 1000 + 10):
        exchange.got_event(line)
    kept = sum(len(data) for _, data in exchange.events)
    assert kept <= BODY_PREVIEW_BYTES
    assert exchange.events_dropped >= 9
