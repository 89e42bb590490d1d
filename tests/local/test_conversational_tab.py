"""The Conversational tab's Run handler against the local chat model, over HTTP: two turns, the
second carrying the first's conversation through the tab's own history boxes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from playground.local import LocalServer
from playground.tasks import TASKS
from playground.ui.tab import make_runner
from tests.local.helpers import SPECS
from tests.ui.streaming_helpers import NO_REQUEST, context, param_defaults

pytestmark = pytest.mark.slow
SPEC = TASKS["conversational"]
ANSWER, CONVERSATION, TEXT, PAST, ANSWERS, STATE, STATUS = range(7)


async def turn(server: LocalServer, text: str, past: str, answers: str) -> list[Any]:
    transport = httpx.AsyncHTTPTransport()
    runner = make_runner(SPEC, context(transport))
    bar = ["custom", f"{server.url}/models/{SPEC.local_model}", "", False, 300, True, "auto"]
    values = [*bar, None, text, past, answers, *param_defaults(SPEC, max_length=24), ""]
    updates = [update async for update in runner(NO_REQUEST, *values)]
    await transport.aclose()
    return updates[-1]


@pytest.mark.anyio
async def test_two_turns_carry_the_conversation(server: LocalServer) -> None:
    assert SPEC.local_model is not None
    reason = SPECS[SPEC.local_model].missing()
    if reason:
        pytest.skip(f"{SPEC.local_model} unavailable: {reason}")
    first = await turn(server, "Hi! Who are you?", "", "")
    assert "✓" in first[STATUS], first[STATUS]
    assert first[ANSWER].strip()
    assert (first[TEXT], first[PAST]) == ("", "Hi! Who are you?")
    second = await turn(server, "What can you do?", first[PAST], first[ANSWERS])
    assert "✓" in second[STATUS], second[STATUS]
    assert second[PAST] == "Hi! Who are you?\nWhat can you do?"
    assert len(second[ANSWERS].split("\n")) == 2
    assert second[CONVERSATION].count("**You:**") == 2
