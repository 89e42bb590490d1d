"""The compare plan and the concurrent sides, against the fake server over loopback."""

from __future__ import annotations

import time

import httpx
import pytest

from playground.client import InputError
from playground.tasks import TASKS
from playground.ui.qa_sides import Side, comparable_tasks, plan_call, run_sides, slot_of
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

KINDS = ["hf", "hf", "hf", "hf"]


def test_slots_hold_every_input_of_the_comparable_tasks() -> None:
    assert slot_of(TASKS["translation"]) == {
        "text": "text0",
        "src_lang": "text1",
        "tgt_lang": "text2",
    }
    assert slot_of(TASKS["zero-shot-classification"])["multi_label"] == "default"
    ids = {spec.id for spec in comparable_tasks()}
    assert {"text-classification", "object-detection", "automatic-speech-recognition"} <= ids
    assert not {"chat-completion", "tabular-classification"} & ids


def test_plan_reads_the_page_values() -> None:
    plan = plan_call("text-classification", {"text0": "hi"}, '{"top_k": 2}', 3, KINDS, ["a"] * 4)
    assert plan.call.args == ("hi",) and plan.extra == {"top_k": 2}
    assert len(plan.sides) == 3 and plan.text == "hi"
    with pytest.raises(InputError, match="Give text"):
        plan_call("text-classification", {"text0": " "}, "", 2, KINDS, ["a"] * 4)
    with pytest.raises(InputError, match="task"):
        plan_call("chat-completion", {"text0": "hi"}, "", 2, KINDS, ["a"] * 4)
    with pytest.raises(InputError, match="target"):
        plan_call("text-classification", {"text0": "hi"}, "", 2, ["ftp", "hf", "", ""], [""] * 4)


def test_a_custom_side_calls_its_url_and_sends_no_token_unasked() -> None:
    base = TargetChoice(kind="hf", token="hf_visitor")
    target = Side("custom", "http://example.test/models/x").target(base)
    assert (target.kind, target.url, target.send_token) == (
        "custom",
        "http://example.test/models/x",
        False,
    )


@pytest.mark.anyio
async def test_sides_run_at_once_and_a_failing_side_says_why(fake_server: str) -> None:
    transport = httpx.AsyncHTTPTransport()
    factory = ClientFactory(Settings(hf_endpoint=fake_server), None, transport)
    models = ["fake/text-classification", "flat/text-classification", "faults/unavailable", ""]
    plan = plan_call("text-classification", {"text0": "I love it"}, "", 3, KINDS, models)
    started = time.perf_counter()
    try:
        runs = await run_sides(factory, plan, TargetChoice(kind="hf", timeout=20))
    finally:
        await transport.aclose()
    wall = time.perf_counter() - started
    assert runs[0].ok and runs[0].status_code == 200 and runs[0].result
    assert not runs[2].ok and "503" in runs[2].sentence + str(runs[2].status_code)
    assert runs[1].ok and wall < sum(run.seconds for run in runs)  # not one after another
