"""Chat compare against the real local chat model (SmolLM2 on llama.cpp), over HTTP: two sides
and a third that can't be reached, two turns. Each side's conversation grows by its own reply,
the second request of every side carries its own first turn, and the broken side says why
without holding up the others."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from playground.local import LocalServer
from playground.ui.chat_sides import SPEC, ChatSession, ChatTurn, SideReply, send_to_all
from playground.ui.qa_sides import Side
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice
from tests.local.helpers import need

pytestmark = pytest.mark.slow
CLOSED = "http://127.0.0.1:9/v1/chat/completions"  # the discard port: nothing listens


@pytest.fixture
async def factory(server: LocalServer) -> AsyncIterator[ClientFactory]:
    transport = httpx.AsyncHTTPTransport()
    yield ClientFactory(Settings(), server.url, transport)
    await transport.aclose()


async def turn(factory: ClientFactory, session: ChatSession, text: str) -> list[SideReply]:
    assert SPEC.local_model is not None
    sides = [Side("local", SPEC.local_model), Side("local", ""), Side("custom", CLOSED)]
    params = {"max_tokens": 16, "temperature": 0.0}
    seen: list[SideReply] = []
    updates = 0
    async for replies in send_to_all(
        factory,
        session,
        sides,
        TargetChoice(timeout=300),
        ChatTurn(text, "Answer briefly.", params),
    ):
        seen, updates = replies, updates + 1
    assert updates >= 2  # the first view at once, then as the replies come in
    return seen


def sent_messages(reply: SideReply) -> list[dict[str, Any]]:
    assert reply.run.outcome is not None
    body = reply.run.outcome.exchanges[-1].request_body
    return list(json.loads(body)["messages"])


@pytest.mark.anyio
async def test_two_sides_two_turns_each_keep_their_own_conversation(
    factory: ClientFactory,
) -> None:
    assert SPEC.local_model is not None
    need(SPEC.local_model)
    session = ChatSession()
    first = await turn(factory, session, "Hi! Name one colour.")
    for reply in first[:2]:
        assert not reply.failed, reply.run.outcome
        assert reply.run.text.strip() and reply.run.tokens > 0
        assert reply.done and reply.seconds is not None
    assert first[2].failed and not session.busy
    assert "✗" in session.statuses[2] and "TTFT" in session.statuses[0]
    assert "tokens/s" in session.statuses[1]
    answers = [reply.run.text for reply in first]
    assert [len(history) for history in session.histories[:3]] == [2, 2, 1]

    second = await turn(factory, session, "And one animal?")
    for index, reply in enumerate(second[:2]):
        assert not reply.failed, reply.run.outcome
        messages = sent_messages(reply)
        assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
        assert messages[1]["content"] == "Hi! Name one colour."
        assert messages[2]["content"] == answers[index]  # this side's own first reply
        assert messages[3]["content"] == "And one animal?"
    assert [len(history) for history in session.histories[:2]] == [4, 4]
    assert session.histories[0][:2] == [
        {"role": "user", "content": "Hi! Name one colour."},
        {"role": "assistant", "content": answers[0]},
    ]
    assert second[2].failed and len(session.histories[2]) == 2  # two unanswered messages
