"""Chat compare's handlers against the fake server over loopback: the form read, every side
answered at once, a failing side that says why, one message at a time, Stop and Clear."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from playground.ui.chat_sides import ChatSession
from playground.ui.compare_chat import (
    BUSY,
    cleared,
    default_chat_sides,
    make_chat_send,
    read_turn,
    side_cleared,
    stopped,
)
from playground.ui.qa_sides import MAX_SIDES
from playground.ui.settings import Settings
from playground.ui.tab import AppContext
from playground.ui.target import ClientFactory
from tests.ui.streaming_helpers import NO_REQUEST, is_skip

pytestmark = pytest.mark.anyio
BAR = ["hf", "", "", False, 20, False, "auto"]
BOTS, STATUSES, MESSAGE, NOTE, STATE = 0, MAX_SIDES, 2 * MAX_SIDES, 2 * MAX_SIDES + 1, -1


@pytest.fixture
async def ctx(fake_server: str) -> AsyncIterator[AppContext]:
    transport = httpx.AsyncHTTPTransport()
    factory = ClientFactory(Settings(hf_endpoint=fake_server), None, transport)
    yield AppContext(factory=factory, target_inputs=[None] * len(BAR))
    await transport.aclose()


def form(
    models: list[str], message: str, kinds: list[str] | None = None, count: Any = None
) -> list[Any]:
    kinds = (kinds or ["hf"] * len(models)) + ["local"] * (MAX_SIDES - len(models))
    models = models + [""] * (MAX_SIDES - len(models))
    n = len([m for m in models if m]) if count is None else count
    return [n, *kinds, *models, message, "Be brief.", 32, "", ""]


async def send(ctx: AppContext, values: list[Any], session: Any = None) -> list[list[Any]]:
    handler = make_chat_send(ctx)
    return [out async for out in handler(NO_REQUEST, *BAR, *values, session)]


def test_the_form_reads_as_sides_and_a_turn() -> None:
    sides, turn = read_turn(form(["fake/text-generation", "org/other"], "Hi"))
    assert [side.model for side in sides] == ["fake/text-generation", "org/other"]
    assert turn.message == "Hi" and turn.system == "Be brief."
    assert turn.params == {"max_tokens": 32, "extra_body": {}}
    warm = [*form(["a", "b"], "Hi")[:-2], "0.5", '{"top_k": 3}']
    assert read_turn(warm)[1].params == {
        "max_tokens": 32,
        "temperature": 0.5,
        "extra_body": {"top_k": 3},
    }
    assert default_chat_sides()[0].kind == "local" and len(default_chat_sides()) == MAX_SIDES


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (form(["a", "b"], "  "), "Type a message"),
        (form(["a", "b"], "hi", count=5), "Compare 2 to"),
        (form(["a", "b"], "hi", kinds=["ftp", "hf"]), "Choose a target"),
        ([*form(["a", "b"], "hi")[:-1], "[1]"], "JSON object"),
    ],
)
async def test_an_unfit_form_says_what_to_fix(
    ctx: AppContext, values: list[Any], said: str
) -> None:
    (out,) = await send(ctx, values)
    assert out[NOTE].startswith("⚠") and said in out[NOTE]
    assert all(is_skip(value) for value in out[:NOTE])


async def test_every_side_answers_and_a_failing_side_says_why(
    ctx: AppContext, fake_server: str
) -> None:
    models = ["fake/text-generation", "faults/unauthorized", "fake/text-generation"]
    outs = await send(ctx, form(models, "Hello there"))
    first, last = outs[0], outs[-1]
    assert first[MESSAGE] is not None and is_skip(first[MESSAGE])
    assert first[BOTS] == [{"role": "user", "content": "Hello there"}]
    session = last[STATE]
    assert isinstance(session, ChatSession) and not session.busy
    assert last[BOTS][-1]["role"] == "assistant" and last[BOTS][-1]["content"]
    assert last[BOTS] == last[BOTS + 2]  # the fake answers alike
    assert "✗" in last[STATUSES + 1] and "401" in last[STATUSES + 1]
    assert "TTFT" in last[STATUSES] and "tokens/s" in last[STATUSES + 2]
    assert is_skip(last[BOTS + 3]) and last[MESSAGE] == ""
    assert "2 of 3 sides answered" in last[NOTE]

    again = await send(ctx, form(models, "And again"), session)
    assert [len(history) for history in session.histories[:3]] == [4, 2, 4]
    assert again[-1][BOTS][2] == {"role": "user", "content": "And again"}


async def test_one_message_at_a_time(ctx: AppContext) -> None:
    busy = ChatSession(busy=True)
    (out,) = await send(ctx, form(["fake/text-generation", "x/y"], "hi"), busy)
    assert out[NOTE] == BUSY and out[STATE] is busy


async def test_stop_keeps_what_each_side_received(ctx: AppContext, fake_server: str) -> None:
    slow = f"{fake_server}/models/faults/slow-stream?delay=5"
    values = form(["fake/text-generation", slow], "hi", kinds=["hf", "custom"])
    outputs = make_chat_send(ctx)(NO_REQUEST, *BAR, *values, None)
    session = None
    async for out in outputs:
        session = out[STATE]
        if out[BOTS + 1][-1]["role"] == "assistant":  # the slow side's first token
            break
    assert isinstance(session, ChatSession) and session.busy
    # What Gradio does on Stop: cancel the task iterating the handler, then run Stop's handler.
    task = asyncio.ensure_future(outputs.__anext__())
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await outputs.aclose()
    shown = await stopped(session)
    assert not session.busy and shown[NOTE].startswith("Stopped")
    assert shown[BOTS + 1][-1]["content"].strip() and "■ Stopped" in shown[STATUSES + 1]
    assert "✓" in shown[STATUSES]


def test_clear_starts_every_side_anew() -> None:
    out = cleared()
    assert out[BOTS : BOTS + MAX_SIDES] == [[]] * MAX_SIDES
    assert isinstance(out[STATE], ChatSession) and out[STATE].histories == [[]] * MAX_SIDES


def test_a_sides_own_clear_empties_only_that_side() -> None:
    session = ChatSession()
    session.histories[0] = [{"role": "user", "content": "a"}]
    session.histories[1] = [{"role": "user", "content": "b"}]
    assert side_cleared(1)(session) == ["", session]
    assert session.histories[:2] == [[{"role": "user", "content": "a"}], []]
