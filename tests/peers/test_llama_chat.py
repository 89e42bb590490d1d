"""Our client against llama-cpp-python's own OpenAI-compatible server: chat (plain, streamed,
tools), completions, the server's own errors, and a long stream with keep-alive pings."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from playground.client import (
    AsyncInferenceClient,
    BadRequestError,
    InferenceClient,
    ServerError,
)

HELLO = [{"role": "user", "content": "Say hello to Paris."}]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


@pytest.fixture
def openai_url(llama_server: str) -> str:
    """The OpenAI-style base URL, as its users give it (`.../v1`)."""
    return f"{llama_server}/v1"


@pytest.fixture
def client(openai_url: str) -> Iterator[InferenceClient]:
    with InferenceClient(openai_url, timeout=120) as sync_client:
        yield sync_client


def test_chat_completion(client: InferenceClient) -> None:
    output = client.chat_completion(HELLO, max_tokens=12, seed=1)
    [choice] = output.choices
    assert choice.message.role == "assistant"
    assert choice.message.content.strip()
    assert choice.finish_reason in ("stop", "length")
    assert output.usage.completion_tokens <= 12
    assert output.model.endswith(".gguf")  # asked /v1/models which model it serves


def test_streamed_chat_completion(client: InferenceClient) -> None:
    chunks = list(
        client.chat_completion(HELLO, max_tokens=12, stream=True, extra_body={"min_tokens": 12})
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert len(text.split()) >= 3
    assert chunks[-1].choices[0].finish_reason == "length"


@pytest.mark.anyio
async def test_async_chat_plain_and_streamed(openai_url: str) -> None:
    async with AsyncInferenceClient(openai_url, timeout=120) as client:
        output = await client.chat_completion(HELLO, max_tokens=8)
        assert output.choices[0].message.content.strip()
        stream = await client.chat_completion(HELLO, max_tokens=8, stream=True)
        pieces = [chunk.choices[0].delta.content or "" async for chunk in stream]
    assert "".join(pieces).strip()


def test_forced_tool_call(client: InferenceClient) -> None:
    output = client.chat_completion(
        [{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[WEATHER_TOOL],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
        max_tokens=40,
    )
    [call] = output.choices[0].message.tool_calls
    assert call.function.name == "get_weather"
    assert "city" in json.loads(call.function.arguments)
    assert output.choices[0].finish_reason == "tool_calls"


def test_text_generation_over_completions(client: InferenceClient) -> None:
    text = client.text_generation("Once upon a time", max_new_tokens=8, seed=1)
    assert text.strip()
    events = list(
        client.text_generation("Once upon a time", max_new_tokens=5, stream=True, details=True)
    )
    assert events[-1].details.finish_reason == "length"
    assert events[-1].generated_text == "".join(event.token.text for event in events)


@pytest.mark.parametrize(
    ("messages", "says"),
    [
        ("hello", "Input should be a valid list"),
        ([{"role": "wizard", "content": "hi"}], "Input should be 'user'"),
    ],
)
def test_the_servers_own_validation_message_surfaces(
    client: InferenceClient, messages: Any, says: str
) -> None:
    with pytest.raises(ServerError) as caught:
        client.chat_completion(messages, max_tokens=5)
    # llama-cpp-python answers its request validation errors with HTTP 500.
    assert caught.value.status_code == 500
    assert says in caught.value.server_message
    assert says in str(caught.value)


def test_a_prompt_over_the_context_is_a_bad_request(client: InferenceClient) -> None:
    long = [{"role": "user", "content": "word " * 5000}]
    with pytest.raises(BadRequestError, match="maximum context length is 4096 tokens"):
        client.chat_completion(long, max_tokens=5)


class Tap(httpx.HTTPTransport):
    """A real transport that also keeps every byte the server sent (to see SSE comments)."""

    def __init__(self) -> None:
        super().__init__()
        self.received = bytearray()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.stream = _TappedStream(response.stream, self.received)  # type: ignore[arg-type]
        return response


class _TappedStream(httpx.SyncByteStream):
    def __init__(self, inner: Any, sink: bytearray) -> None:
        self.inner, self.sink = inner, sink

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self.sink += chunk
            yield chunk

    def close(self) -> None:
        self.inner.close()


@pytest.mark.slow
def test_a_stream_longer_than_the_keep_alive_interval_streams_to_the_end(
    openai_url: str,
) -> None:
    """sse-starlette sends `: ping - <time>` every 15 s; the stream must go on through it."""
    tap = Tap()
    with InferenceClient(openai_url, timeout=120, transport=tap) as client:
        started = time.monotonic()
        client.chat_completion(HELLO, max_tokens=200, extra_body={"min_tokens": 200})
        rate = 200 / (time.monotonic() - started)
        # About 26 s here, whatever the machine's speed: the rate measured a moment ago can be
        # off by a third when other work shares the CPU, and the stream must outlast 15 s.
        tokens = min(3900, int(rate * 26))
        started = time.monotonic()
        stream = client.chat_completion(
            [{"role": "user", "content": "Tell a long story."}],
            max_tokens=tokens,
            stream=True,
            extra_body={"min_tokens": tokens},
        )
        chunks = list(stream)
        elapsed = time.monotonic() - started
    assert b": ping" in tap.received, f"no keep-alive ping in {elapsed:.1f} s"
    assert elapsed > 15
    assert chunks[-1].choices[0].finish_reason == "length"
    assert sum(1 for chunk in chunks if chunk.choices[0].delta.content) >= tokens * 0.9
