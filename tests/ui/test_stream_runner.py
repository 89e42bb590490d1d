"""The throttle (`batches`) and the streaming tasks' pure parts: the calls they build and how a
stream folds into a result."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from playground.tasks.chat_completion import chunk_text, conversation
from playground.tasks.spec import CallArgs
from playground.tasks.text_generation import display_prefix, fold_stream
from playground.ui.stream_runner import Pace, batches, serialize
from tests.ui.streaming_helpers import CHAT, GENERATION


class Feed:
    """An async iterator fed by the test: `put` an item, `fail` with an error, `end` it."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[object] = asyncio.Queue()
        self.taken: list[object] = []

    def put(self, *items: object) -> None:
        for item in items:
            self.queue.put_nowait(item)

    def __aiter__(self) -> Feed:
        return self

    async def __anext__(self) -> object:
        item = await self.queue.get()
        if item is StopAsyncIteration:
            raise StopAsyncIteration
        if isinstance(item, Exception):
            raise item
        self.taken.append(item)
        return item


async def next_batch(batched: AsyncIterator[list[object]], timeout: float = 5) -> list[object]:
    return await asyncio.wait_for(batched.__anext__(), timeout)


@pytest.mark.anyio
async def test_first_item_at_once_then_batches_then_the_rest() -> None:
    feed = Feed()
    batched = batches(feed, interval=0.2)
    feed.put("a", "b", "c")
    assert await next_batch(batched) == ["a"]  # no waiting for the interval
    second = await next_batch(batched)  # b and c, sent when their time comes
    assert second == ["b", "c"]
    feed.put("d", StopAsyncIteration)
    assert await next_batch(batched) == ["d"]
    with pytest.raises(StopAsyncIteration):
        await next_batch(batched)


@pytest.mark.anyio
async def test_a_waiting_item_is_sent_without_a_newer_one() -> None:
    """After the first item, a second one must not wait for a third that comes much later."""
    feed = Feed()
    batched = batches(feed, interval=0.05)
    feed.put("a")
    assert await next_batch(batched) == ["a"]
    feed.put("b")
    assert await next_batch(batched) == ["b"]
    feed.put(StopAsyncIteration)
    assert [batch async for batch in batched] == []


@pytest.mark.anyio
async def test_many_fast_items_arrive_in_few_batches_in_order() -> None:
    async def fast() -> AsyncIterator[int]:
        for number in range(400):
            if number % 20 == 0:
                await asyncio.sleep(0.005)
            yield number

    received = [batch async for batch in batches(fast(), interval=0.04)]
    assert [n for batch in received for n in batch] == list(range(400))
    assert received[0] == [0]
    assert len(received) < 100


@pytest.mark.anyio
async def test_an_error_comes_after_the_items_before_it() -> None:
    feed = Feed()
    batched = batches(feed, interval=10)
    feed.put("a")
    assert await next_batch(batched) == ["a"]
    feed.put("b", ValueError("cut"))
    assert await next_batch(batched) == ["b"]
    with pytest.raises(ValueError, match="cut"):
        await next_batch(batched)


@pytest.mark.anyio
async def test_invisible_items_wait_for_the_first_visible_one() -> None:
    feed = Feed()
    batched = batches(feed, interval=10, visible=bool)
    feed.put("", "")
    pending = asyncio.ensure_future(next_batch(batched))
    await asyncio.sleep(0.05)
    assert not pending.done()
    feed.put("x")
    assert await pending == ["", "", "x"]
    await batched.aclose()


# Calls --------------------------------------------------------------------------------------


def test_chat_call_carries_the_conversation_and_parameters() -> None:
    history = [
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        {"role": "assistant", "content": "hello"},
    ]
    call = CHAT.build_call(
        {"system": " Be nice ", "history": [*history, {"role": "user", "content": "more"}]},
        {"temperature": 0.2, "stop": ["\\n\\n", "END"], "extra_body": {"top_logprobs": 2}},
    )
    (messages,) = call.args
    assert messages == [
        {"role": "system", "content": "Be nice"},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "user", "content": "more"},
    ]
    assert call.kwargs == {
        "stream": True,
        "temperature": 0.2,
        "stop": ["\n\n", "END"],
        "extra_body": {"top_logprobs": 2},
    }


def test_chat_call_needs_a_user_message_last() -> None:
    with pytest.raises(ValueError, match="no user message"):
        CHAT.build_call({"history": [{"role": "assistant", "content": "x"}]}, {})
    assert conversation("", [], "hi") == [{"role": "user", "content": "hi"}]


def test_chat_chunk_text_reads_content_and_tool_calls() -> None:
    assert chunk_text({"choices": [{"delta": {"content": "Hi"}}]}) == "Hi"
    assert chunk_text({"choices": [{"delta": {"role": "assistant", "content": None}}]}) == ""
    assert chunk_text({"choices": []}) == ""
    call = {"function": {"name": "get_weather", "arguments": '{"city"'}}
    assert chunk_text({"choices": [{"delta": {"tool_calls": [call]}}]}) == (
        '\n🔧 get_weather({"city"'
    )


def test_generation_call_drops_non_stream_parameters_when_streaming() -> None:
    params = {"best_of": 2, "decoder_input_details": True, "details": True, "watermark": False}
    streamed = GENERATION.build_call({"prompt": "x"}, {**params, "stream": True})
    assert streamed == CallArgs(("x",), {"details": True, "stream": True})
    whole = GENERATION.build_call({"prompt": "x"}, {**params, "stream": False})
    assert whole.kwargs == {
        "best_of": 2,
        "decoder_input_details": True,
        "details": True,
        "stream": False,
    }


def test_generation_fold_stream_and_prefix() -> None:
    call = GENERATION.build_call({"prompt": "P:"}, {"return_full_text": True})
    assert display_prefix(call) == "P:"
    events = [
        {"token": {"id": 1, "text": " a", "logprob": -0.1, "special": False}},
        {
            "token": {"id": 2, "text": "</s>", "logprob": -0.2, "special": True},
            "generated_text": "P: a",
            "details": {"finish_reason": "eos_token", "generated_tokens": 2, "seed": None},
        },
    ]
    folded = fold_stream(events, "P:")
    assert folded["generated_text"] == "P: a"
    assert folded["details"]["finish_reason"] == "eos_token"
    assert [token["text"] for token in folded["details"]["tokens"]] == [" a", "</s>"]
    assert fold_stream([" a", " b"], "") == {"generated_text": " a b", "details": None}
    rendered = GENERATION.render(folded, call, {})
    assert len(rendered["tokens"]) == 2
    assert "eos_token" in rendered["summary"]


def test_serialize_gives_the_wire_format_and_keeps_updates() -> None:
    import gradio as gr

    chatbot, box, state = gr.Chatbot(render=False), gr.Textbox(render=False), gr.State()
    run = object()
    wired = serialize([chatbot, box, state], [[{"role": "user", "content": "hi"}], gr.skip(), run])
    assert wired[0][0]["content"] == [{"type": "text", "text": "hi"}]
    assert wired[1] == gr.skip()
    assert wired[2] is run


def test_the_pace_slows_down_when_many_stream_at_once() -> None:
    pace = Pace(base=0.04, budget=100)
    assert pace.interval() == 0.04
    with pace.streaming(), pace.streaming():
        assert pace.interval() == 0.04
        with contextlib.ExitStack() as stack:
            for _ in range(6):
                stack.enter_context(pace.streaming())
            assert pace.interval() == pytest.approx(0.08)
    assert pace.active == 0
