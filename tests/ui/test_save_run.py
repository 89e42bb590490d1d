"""Save a task tab's run as a test: the run a tab keeps, the YAML it makes (tokens masked), the
file it saves, and the suite that file makes passing again against the same server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest
import yaml

from playground.qa.runner import RunOptions, run_suite
from playground.qa.suite import load_suite
from playground.tasks import TASKS
from playground.tasks.spec import CallArgs
from playground.ui.chat_tab import make_chat_runner
from playground.ui.runner import Outcome, call_task
from playground.ui.save_run import (
    NO_RUN,
    SAMPLED_NOTE,
    build_save_controls,
    last_run,
    make_test,
    suite_parameters,
    wire_save,
)
from playground.ui.settings import Settings
from playground.ui.stream_tab import stream_last_run
from playground.ui.suite_files import PUBLIC_REFUSAL, parse_test, save_edited
from playground.ui.target import ClientFactory, TargetChoice
from tests.ui.streaming_helpers import CHAT, CHAT_INSPECTOR, CHAT_RUN, chat_values, collect

pytestmark = pytest.mark.anyio
CANARY = "hf_" + "Canary" * 6  # built here: no token-shaped literal in the repository


@pytest.fixture
async def factory(fake_server: str) -> AsyncIterator[ClientFactory]:
    transport = httpx.AsyncHTTPTransport()
    yield ClientFactory(Settings(hf_endpoint=fake_server), None, transport)
    await transport.aclose()


async def run_task(
    factory: ClientFactory, target: TargetChoice, task: str, call: CallArgs
) -> Outcome:
    outcome = None
    spec = TASKS[task]
    async for update in call_task(factory, spec, target, f"fake/{task}", call, {}):
        outcome = update if isinstance(update, Outcome) else outcome
    assert outcome is not None and outcome.ok, outcome and outcome.error
    return outcome


def test_keyword_arguments_become_the_tests_parameters() -> None:
    call = CallArgs(("hi",), {"top_k": 2, "stop": None, "extra_body": {}, "parameters": {"a": 1}})
    assert suite_parameters(call) == {"top_k": 2, "a": 1}


async def test_a_tab_run_becomes_a_test_that_passes(
    factory: ClientFactory, fake_server: str, tmp_path: Path
) -> None:
    target = TargetChoice(kind="hf")
    call = CallArgs(("I love this playground!",), {"top_k": 2})
    outcome = await run_task(factory, target, "text-classification", call)
    run = last_run("text-classification", outcome, factory, target)
    assert run is not None and run.seconds is not None
    text, note = make_test(run, factory)
    assert text is not None and "Edit the test" in note
    data = yaml.safe_load(text)
    assert data["input"] == {"text": "I love this playground!"}
    assert data["parameters"] == {"top_k": 2} and data["model"] == "fake/text-classification"
    assert any("label" in item for item in data["expect"]), data["expect"]
    assert "✓ Saved" in save_edited(text, str(tmp_path / "tab.yaml"), public=False)
    report = run_suite(load_suite(tmp_path / "tab.yaml"), RunOptions(target=fake_server))
    assert report.ok, [result.reasons for result in report.results]


async def test_no_token_reaches_the_yaml(factory: ClientFactory) -> None:
    target = TargetChoice(kind="hf", token=CANARY)
    call = CallArgs((f"my key is {CANARY}",), {})
    outcome = await run_task(factory, target, "text-classification", call)
    run = last_run("text-classification", outcome, factory, target)
    text, _ = make_test(run, factory)
    assert text is not None and CANARY not in text
    assert parse_test(text).input["text"].startswith("my key is ")


async def test_a_streamed_chat_becomes_a_test_of_its_text(fake_server: str, tmp_path: Path) -> None:
    transport = httpx.AsyncHTTPTransport()
    factory = ClientFactory(Settings(), None, transport)
    from playground.ui.tab import AppContext

    chat = make_chat_runner(CHAT, AppContext(factory=factory, target_inputs=[None] * 7))
    try:
        outputs = await collect(chat(*chat_values(f"{fake_server}/tgi", "hello there")))
        last = outputs[-1]
        assert "<svg" in last[CHAT_INSPECTOR + 9]  # the stream on its timeline
        run = stream_last_run(last[CHAT_RUN])
        assert run is not None and run.result == "Echo: hello there"
        text, _ = make_test(run, factory)
        assert text is not None and text.startswith(SAMPLED_NOTE)  # no seed, no temperature 0
        test = parse_test(text)
        assert test.input["messages"][-1] == {"role": "user", "content": "hello there"}
        assert test.parameters.get("stream") is True
        save_edited(text, str(tmp_path / "chat.yaml"), public=False)
        report = run_suite(load_suite(tmp_path / "chat.yaml"), RunOptions())
        assert report.ok, [result.reasons for result in report.results]
    finally:
        await transport.aclose()


def test_no_run_yet_says_so_and_public_mode_writes_nothing(tmp_path: Path) -> None:
    assert make_test(None, ClientFactory(Settings(), None)) == (None, NO_RUN)
    public = ClientFactory(Settings(public=True), None)
    assert make_test(None, public) == (None, PUBLIC_REFUSAL)
    target = tmp_path / "x.yaml"
    text = "name: x\ntask: text-classification\ninput: {text: hi}"
    assert save_edited(text, str(target), public=True) == PUBLIC_REFUSAL
    assert not target.exists()


async def test_public_mode_turns_both_buttons_off() -> None:
    with gr.Blocks() as demo:
        controls = build_save_controls("t")
        wire_save(controls, gr.State(), ClientFactory(Settings(public=True), None), lambda _: None)
    props: dict[Any, Any] = {
        item.get("props", {}).get("elem_id"): item["props"]
        for item in demo.get_config_file()["components"]
    }
    assert props["t-make-test"]["interactive"] is False
    assert props["t-save-test"]["interactive"] is False
    assert props["t-save-note"]["value"] == PUBLIC_REFUSAL
