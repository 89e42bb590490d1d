"""The streaming tabs inside the app: their events (API names, concurrency, Stop wiring) and
their API endpoints called with gradio_client over loopback, against the fake server."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import gradio as gr
import httpx
import pytest
from gradio_client import Client

from playground.ui.app import create_app
from playground.ui.launch import launch_options
from playground.ui.settings import Settings
from tests.ui.streaming_helpers import CHAT, GENERATION, param_defaults, target

# Building and launching Blocks outside a running loop makes gradio create event loops it never
# closes (gradio.utils.safe_get_lock); they are collected during these tests, not by our code.
pytestmark = pytest.mark.filterwarnings(
    "ignore:unclosed:ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
SETTINGS = Settings(
    port=0, tasks=("chat-completion", "text-generation"), local_server=False, concurrency=5
)


@pytest.fixture(scope="module")
def app() -> Iterator[gr.Blocks]:
    yield create_app(SETTINGS)
    # gradio set the last of those loops as this thread's current one: close it here too.
    asyncio.get_event_loop_policy().get_event_loop().close()
    asyncio.set_event_loop(None)
    gc.collect()  # gradio's leaked loops go now, under this module's warning filters


def _events(app: gr.Blocks) -> list[dict[str, Any]]:
    """Each event's config, with its trigger's elem_id."""
    events = []
    for index, fn in app.fns.items():
        config = fn.get_config()
        ids = [getattr(app.blocks.get(block), "elem_id", None) for block, _ in config["targets"]]
        events.append({**config, "index": index, "fn": fn, "trigger": ids[0]})
    return events


def test_run_events_have_stable_api_names_and_concurrency(app: gr.Blocks) -> None:
    by_name = {event["api_name"]: event for event in _events(app)}
    for name, trigger in (
        ("chat_completion", "chat_completion-send"),
        ("text_generation", "text_generation-run"),
    ):
        event = by_name[name]
        assert event["trigger"] == trigger
        assert event["fn"].concurrency_limit == SETTINGS.concurrency
        assert event["fn"].api_visibility == "public"
    public = [e["api_name"] for e in _events(app) if e["fn"].api_visibility == "public"]
    assert sorted(public) == ["chat_completion", "test_connection", "text_generation"]


@pytest.mark.parametrize(
    "button", ["chat_completion-stop", "chat_completion-clear", "text_generation-stop"]
)
def test_stop_cancels_before_its_own_listener_runs(app: gr.Blocks, button: str) -> None:
    """The browser awaits each listener of a click in order; a Stop listener that waits for the
    run to close would deadlock if the cancelling listener came after it."""
    listeners = [event for event in _events(app) if event["trigger"] == button]
    cancelling = [event["index"] for event in listeners if event["cancels"]]
    working = [event["index"] for event in listeners if event["fn"].fn is not None]
    assert cancelling
    assert working
    assert max(cancelling) < min(working)
    streaming = ("chat-completion", "text-generation")
    runs = {e["index"] for e in _events(app) if e["fn"].concurrency_id in streaming}
    assert set(next(e for e in listeners if e["cancels"])["cancels"]) <= runs


@pytest.fixture(scope="module")
def api(
    app: gr.Blocks, fake_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Client]:
    app.queue(default_concurrency_limit=SETTINGS.concurrency)
    options = launch_options(SETTINGS) | {
        "server_port": None,
        "prevent_thread_lock": True,
        "quiet": True,
    }
    app.launch(**options)
    client = Client(
        app.local_url,
        verbose=False,
        analytics_enabled=False,
        download_files=tmp_path_factory.mktemp("d"),
    )
    yield client
    client.close()
    app.close()


def test_chat_endpoint_with_gradio_client(api: Client, fake_server: str) -> None:
    httpx.post(f"{fake_server}/_fake/reset")
    history = [  # the Chatbot's own format: content as a list of parts
        {"role": "user", "content": [{"type": "text", "text": "first"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
    ]
    arguments = [
        *target(f"{fake_server}/tgi"),
        None,
        "second",
        history,
        "Be brief",
        *param_defaults(CHAT),
        "",
    ]
    chatbot, _message, status, summary, request, *_ = api.predict(
        *arguments, api_name="/chat_completion"
    )
    texts = [part["text"] for turn in chatbot for part in turn["content"]]
    assert texts == ["first", "ok", "second", "Echo: second"]
    assert "✓" in status
    assert "→ **200**" in summary
    assert request["body"]["messages"][0]["content"] == "Be brief"


def test_generation_endpoint_with_gradio_client(api: Client, fake_server: str) -> None:
    arguments = [*target(f"{fake_server}/tgi"), None, "Hi", *param_defaults(GENERATION), ""]
    text, summary, probabilities, tokens, status, *_ = api.predict(
        *arguments, api_name="/text_generation"
    )
    assert text.startswith(" The answer is 42.")
    assert "eos_token" in summary
    assert tokens["headers"][:2] == ["#", "token"]
    assert len(tokens["data"]) == 19
    assert probabilities[0]["token"] == " The"
    assert "✓ 19 tokens" in status
