"""What a failure tells the visitor to do depends on this app: no token sent to Hugging Face
says to paste one, and signing in is offered only where it exists."""

from __future__ import annotations

import httpx
import pytest

from playground.tasks import TASKS
from playground.tasks.spec import CallArgs
from playground.ui.runner import Outcome, call_task, error_sentence
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

SPEC = TASKS["text-classification"]
REFUSED = "a/b?status=401"  # the fake echo answers 401 with a JSON error body


async def sentence(settings: Settings, target: TargetChoice, model: str = REFUSED) -> str:
    pool = httpx.AsyncHTTPTransport()
    factory = ClientFactory(settings, None, transport=pool)
    outcome = None
    try:
        async for update in call_task(factory, SPEC, target, model, CallArgs(("hi",)), {}):
            if isinstance(update, Outcome):
                outcome = update
    finally:
        await pool.aclose()
    assert outcome is not None
    assert outcome.error is not None
    return error_sentence(outcome.error)


def echo(fake_server: str, **settings: object) -> Settings:
    return Settings(hf_endpoint=f"{fake_server}/hostile/echo", local_server=False, **settings)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_no_token_on_hugging_face_says_to_paste_one(fake_server: str) -> None:
    said = await sentence(echo(fake_server), TargetChoice(kind="hf"))
    assert "HTTP 401" in said
    assert "No token was sent: paste a Hugging Face token in the target bar." in said
    assert "sign in" not in said.lower()


@pytest.mark.anyio
async def test_sign_in_is_offered_where_it_exists(fake_server: str) -> None:
    said = await sentence(echo(fake_server, oauth=True), TargetChoice(kind="hf"))
    assert "paste a Hugging Face token in the target bar, or sign in with Hugging Face." in said


@pytest.mark.anyio
async def test_a_token_that_was_sent_is_to_be_checked(fake_server: str) -> None:
    said = await sentence(echo(fake_server), TargetChoice(kind="hf", token="hf_visitor"))
    assert "No token was sent" not in said
    assert "Check the token" in said
    assert "hf_visitor" not in said


@pytest.mark.anyio
@pytest.mark.parametrize("oauth", [False, True])
async def test_the_hosts_free_calls_used_up(fake_server: str, oauth: bool) -> None:
    settings = echo(fake_server, public=True, hf_token="hf_host", host_calls_per_day=0, oauth=oauth)
    said = await sentence(settings, TargetChoice(kind="hf"), "a/b")
    assert "free calls" in said
    assert "paste your own token in the target bar" in said.lower()
    assert ("sign in with hugging face" in said.lower()) == oauth
