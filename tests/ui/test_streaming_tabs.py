"""The Chat and Text generation handlers against the fake server over real HTTP: text grows
while streaming, the first token is shown at once, errors become a sentence and keep the chat,
Stop closes the HTTP response, Regenerate replaces the last answer, details become a table."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pandas as pd
import pytest

from playground.ui.chat_tab import make_chat_runner, make_chat_stopper
from playground.ui.generation_tab import make_generation_runner, make_generation_stopper
from playground.ui.stream_runner import STOPPED_NOTE, StreamRun
from playground.ui.tab import AppContext
from tests.ui.streaming_helpers import (
    CHAT,
    CHAT_BOT,
    CHAT_INSPECTOR,
    CHAT_MESSAGE,
    CHAT_RUN,
    CHAT_STATUS,
    GEN_PROBABILITIES,
    GEN_RUN,
    GEN_STATUS,
    GEN_SUMMARY,
    GEN_TEXT,
    GEN_TOKENS,
    GENERATION,
    chat_values,
    collect,
    context,
    generation_values,
    is_skip,
    reply,
)

pytestmark = pytest.mark.anyio
ANSWER = " The answer is 42. This fake model always gives the same reply, so tests can check every token."  # noqa: E501


@pytest.fixture
def fake(fake_server: str) -> str:
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


@pytest.fixture
async def ctx() -> AsyncIterator[AppContext]:
    transport = httpx.AsyncHTTPTransport()
    yield context(transport)
    await transport.aclose()


def sent_json(fake: str) -> list[Any]:
    """The bodies the calls posted (a custom target's GETs asking the server what it is are
    left out)."""
    requests = httpx.get(f"{fake}/_fake/requests").json()
    return [request["json"] for request in requests if request["method"] == "POST"]


# Chat ---------------------------------------------------------------------------------------


async def test_chat_answers_and_fills_the_inspector(fake: str, ctx: AppContext) -> None:
    chat = make_chat_runner(CHAT, ctx)
    outputs = await collect(chat(*chat_values(f"{fake}/tgi", "hello there", system="Be brief")))
    first, last = outputs[0], outputs[-1]
    assert first[CHAT_BOT] == [{"role": "user", "content": "hello there"}]
    assert first[CHAT_MESSAGE] == ""
    assert "Generating" in first[CHAT_STATUS]
    assert reply(last[CHAT_BOT]) == "Echo: hello there"
    assert "✓" in last[CHAT_STATUS]
    summary, request = last[CHAT_INSPECTOR], last[CHAT_INSPECTOR + 1]
    assert "/tgi/v1/chat/completions" in summary
    assert "first token" in summary
    assert request["body"]["messages"][0] == {"role": "system", "content": "Be brief"}
    assert request["body"]["stream"] is True
    python_snippet = last[CHAT_INSPECTOR + 4]
    assert "for chunk in result:" in python_snippet
    response, events = last[CHAT_INSPECTOR + 2], last[CHAT_INSPECTOR + 7].splitlines()
    assert "events: see the Stream events tab" in response["body"]
    assert len(events) > 3
    assert all(line.startswith("+") and " ms " in line for line in events)  # with its time
    assert events[-1].endswith("[DONE]")


async def test_chat_text_grows_while_streaming(fake: str, ctx: AppContext) -> None:
    chat = make_chat_runner(CHAT, ctx)
    url = f"{fake}/models/faults/slow-stream?delay=0.2"
    replies = [reply(out[CHAT_BOT]) for out in await collect(chat(*chat_values(url, "hi")))]
    growing = [text for text in replies if text]
    assert growing[:3] == [" The", " The answer", " The answer is"]
    assert all(b.startswith(a) for a, b in itertools.pairwise(growing))


async def test_the_first_token_is_shown_at_once(fake: str, ctx: AppContext) -> None:
    """slow-stream sends its first token at once and the next one 2 s later: the first text
    update must not wait for the second token."""
    chat = make_chat_runner(CHAT, ctx)
    url = f"{fake}/models/faults/slow-stream?delay=2"
    outputs = chat(*chat_values(url, "hi"))
    start = time.monotonic()
    async with contextlib.aclosing(outputs):
        async for out in outputs:
            if reply(out[CHAT_BOT]):
                assert reply(out[CHAT_BOT]) == " The"
                assert time.monotonic() - start < 1.5
                break


async def test_an_error_inside_the_stream_keeps_the_conversation(
    fake: str, ctx: AppContext
) -> None:
    history = [{"role": "user", "content": "earlier"}, {"role": "assistant", "content": "yes"}]
    chat = make_chat_runner(CHAT, ctx)
    url = f"{fake}/models/faults/stream-error-tgi"
    last = (await collect(chat(*chat_values(url, "and now?", history))))[-1]
    assert last[CHAT_BOT][:3] == [*history, {"role": "user", "content": "and now?"}]
    assert reply(last[CHAT_BOT]) == " The answer"
    status = last[CHAT_STATUS]
    assert "status-error" in status
    assert "out of memory" in status
    assert "Traceback" not in status


async def test_an_http_error_keeps_the_users_message(fake: str, ctx: AppContext) -> None:
    chat = make_chat_runner(CHAT, ctx)
    url = f"{fake}/models/faults/unauthorized"
    last = (await collect(chat(*chat_values(url, "secret question"))))[-1]
    assert last[CHAT_BOT] == [{"role": "user", "content": "secret question"}]
    assert "Invalid credentials" in last[CHAT_STATUS]


async def test_nothing_is_sent_for_an_empty_message_or_bad_json(fake: str, ctx: AppContext) -> None:
    chat = make_chat_runner(CHAT, ctx)
    (empty,) = await collect(chat(*chat_values(f"{fake}/tgi", "  ")))
    assert "Type a message first" in empty[CHAT_STATUS]
    assert is_skip(empty[CHAT_BOT])
    (refused,) = await collect(chat(*chat_values(f"{fake}/tgi", "hi", extra="{not json")))
    assert "JSON object" in refused[CHAT_STATUS]
    # Nothing lost: the message stays in its box (skipped), the chat is left as it was.
    assert is_skip(refused[CHAT_BOT])
    assert is_skip(refused[CHAT_MESSAGE])
    assert sent_json(fake) == []


async def test_parameters_and_extra_json_reach_the_request(fake: str, ctx: AppContext) -> None:
    chat = make_chat_runner(CHAT, ctx)
    values = chat_values(
        f"{fake}/tgi",
        "hi",
        temperature="0.5",
        seed="7",
        stop="END, \\n",
        extra='{"top_logprobs": 2}',
    )
    await collect(chat(*values))
    (body,) = sent_json(fake)
    assert body["temperature"] == 0.5
    assert body["seed"] == 7
    assert body["stop"] == ["END", "\n"]
    assert body["top_logprobs"] == 2
    assert "top_p" not in body
    assert "frequency_penalty" not in body


async def test_regenerate_replaces_the_last_answer(fake: str, ctx: AppContext) -> None:
    history = [
        {"role": "user", "content": [{"type": "text", "text": "first question"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "a stale answer"}]},
    ]
    again = make_chat_runner(CHAT, ctx, regenerate=True)
    outputs = await collect(again(*chat_values(f"{fake}/tgi", "ignored", history)))
    assert outputs[0][CHAT_BOT] == [{"role": "user", "content": "first question"}]
    assert outputs[-1][CHAT_BOT] == [
        {"role": "user", "content": "first question"},
        {"role": "assistant", "content": "Echo: first question"},
    ]
    (body,) = sent_json(fake)
    assert body["messages"] == [{"role": "user", "content": "first question"}]


async def test_regenerate_with_an_empty_chat_says_so(fake: str, ctx: AppContext) -> None:
    again = make_chat_runner(CHAT, ctx, regenerate=True)
    (only,) = await collect(again(*chat_values(f"{fake}/tgi", "", [])))
    assert "Nothing to regenerate" in only[CHAT_STATUS]


# Stop ---------------------------------------------------------------------------------------


async def _first_text_then(outputs: Any, index_run: int, has_text: Any) -> StreamRun:
    run: StreamRun | None = None
    async for out in outputs:
        if isinstance(out[index_run], StreamRun):
            run = out[index_run]
        if has_text(out):
            break
    assert run is not None
    return run


async def test_stop_cancels_the_run_and_closes_the_http_response(
    fake: str, ctx: AppContext
) -> None:
    chat = make_chat_runner(CHAT, ctx)
    outputs = chat(*chat_values(f"{fake}/models/faults/slow-stream?delay=5", "hi"))
    run = await _first_text_then(outputs, CHAT_RUN, lambda out: reply(out[CHAT_BOT]))
    # What Gradio does on Stop: cancel the task iterating the handler (here: mid-wait for the
    # next token), then close the handler.
    task = asyncio.ensure_future(outputs.__anext__())
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await outputs.aclose()
    stream = run.outcome.result  # type: ignore[union-attr]
    assert stream.response.is_closed
    assert run.stopped
    assert not run.finished
    assert run.closed.is_set()
    assert stream.exchange.error == STOPPED_NOTE
    chatbot, _message, status, _run, summary, *_ = await make_chat_stopper(ctx)(run)
    assert reply(chatbot) == " The"
    assert "Stopped after 1 token." in status
    assert STOPPED_NOTE in summary


async def test_closing_the_handler_closes_the_stream(fake: str, ctx: AppContext) -> None:
    """The page went away (Gradio closes the iterator without cancelling a task)."""
    generate = make_generation_runner(GENERATION, ctx)
    outputs = generate(*generation_values(f"{fake}/models/faults/slow-stream?delay=5", "hi"))
    run = await _first_text_then(outputs, GEN_RUN, lambda out: out[GEN_TEXT])
    await outputs.aclose()
    assert run.outcome.result.response.is_closed  # type: ignore[union-attr]
    assert run.stopped
    assert run.closed.is_set()


async def test_stop_after_the_run_ended_changes_nothing(fake: str, ctx: AppContext) -> None:
    outputs = await collect(make_chat_runner(CHAT, ctx)(*chat_values(f"{fake}/tgi", "hi")))
    run = outputs[-1][CHAT_RUN]
    assert run.finished
    assert all(is_skip(value) for value in await make_chat_stopper(ctx)(run))
    assert all(is_skip(value) for value in await make_generation_stopper(ctx)(None))


# Text generation ----------------------------------------------------------------------------


async def test_generation_streams_then_shows_the_token_table(fake: str, ctx: AppContext) -> None:
    generate = make_generation_runner(GENERATION, ctx)
    outputs = await collect(generate(*generation_values(f"{fake}/tgi", "Hi", max_new_tokens=40)))
    texts = [out[GEN_TEXT] for out in outputs if isinstance(out[GEN_TEXT], str)]
    assert texts[0] == ""
    assert texts[-1] == ANSWER
    last = outputs[-1]
    assert "eos_token" in last[GEN_SUMMARY]
    assert "Generated tokens:** 19" in last[GEN_SUMMARY]
    table = last[GEN_TOKENS]
    assert isinstance(table, pd.DataFrame)
    assert len(table) == 19
    assert table["special"].tolist()[-1] is True
    assert table["token"][0] == '" The"'
    assert last[GEN_PROBABILITIES][0][0] == " The"
    assert "✓ 19 tokens" in last[GEN_STATUS]
    (body,) = sent_json(fake)
    assert body["parameters"]["details"] is True
    assert body["parameters"]["max_new_tokens"] == 40


async def test_generation_without_details_or_streaming(fake: str, ctx: AppContext) -> None:
    generate = make_generation_runner(GENERATION, ctx)
    plain = await collect(generate(*generation_values(f"{fake}/tgi", "Hi", details=False)))
    assert plain[-1][GEN_TEXT] == ANSWER
    assert plain[-1][GEN_TOKENS] is None
    values = generation_values(f"{fake}/tgi", "Hi", stream=False, best_of=2, do_sample=True)
    whole = await collect(generate(*values))
    assert whole[-1][GEN_TEXT].startswith(" Sampling with this seed")
    assert "Other sequences (best_of):** 1" in whole[-1][GEN_SUMMARY]
    bodies = sent_json(fake)
    assert "best_of" not in bodies[0]["parameters"]
    assert bodies[1]["parameters"]["best_of"] == 2


async def test_generation_full_text_shows_the_prompt_first(fake: str, ctx: AppContext) -> None:
    generate = make_generation_runner(GENERATION, ctx)
    values = generation_values(f"{fake}/tgi", "Prompt:", return_full_text=True, max_new_tokens=3)
    outputs = await collect(generate(*values))
    assert outputs[0][GEN_TEXT] == "Prompt:"
    assert outputs[-1][GEN_TEXT] == "Prompt: The answer is"


async def test_generation_error_in_the_stream(fake: str, ctx: AppContext) -> None:
    generate = make_generation_runner(GENERATION, ctx)
    url = f"{fake}/models/faults/stream-error-tgi"
    last = (await collect(generate(*generation_values(url, "x"))))[-1]
    assert last[GEN_TEXT] == " The answer"
    assert "out of memory" in last[GEN_STATUS]
    assert "status-error" in last[GEN_STATUS]


async def test_generation_refuses_bad_input_before_sending(fake: str, ctx: AppContext) -> None:
    generate = make_generation_runner(GENERATION, ctx)
    (empty,) = await collect(generate(*generation_values(f"{fake}/tgi", " ")))
    assert "Give a prompt first" in empty[GEN_STATUS]
    (bad,) = await collect(generate(*generation_values(f"{fake}/tgi", "x", top_k="many")))
    assert "Top k must be a number" in bad[GEN_STATUS]
    unknown = await collect(generate(*generation_values(f"{fake}/tgi", "x", extra='{"nope": 1}')))
    assert "Not a parameter of this task: nope" in unknown[-1][GEN_STATUS]
    assert sent_json(fake) == []
