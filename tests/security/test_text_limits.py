"""Every text box has a length limit declared on its task's Field (or Param): shown in the page
(the box's maxlength and its info line) and enforced by the handler before any request, with a
sentence naming the box, the limit and the length."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from gradio_client import Client

from playground.tasks import TASKS
from playground.tasks.spec import DEFAULT_MAX_CHARS, Field, TaskSpec
from playground.ui.chat_tab import MAX_CONVERSATION_CHARS
from tests.e2e.app_server import Running
from tests.ui.streaming_helpers import CHAT, GENERATION, param_defaults

from .helpers import arguments, assert_refused, requests_seen, run_tab, status_index, target

TEXT_KINDS = ("text", "textarea", "labels", "lines")
GENERIC_FIELDS = [
    (spec, field)
    for spec in TASKS.values()
    if not spec.streaming
    for field in spec.inputs
    if field.kind in TEXT_KINDS
]


def _id(case: tuple[TaskSpec, Field]) -> str:
    return f"{case[0].id}-{case[1].name}"


def _over(field_or_limit: Field | int) -> str:
    limit = field_or_limit if isinstance(field_or_limit, int) else field_or_limit.max_chars
    return "word " * (limit // 5) + "x" * (limit % 5 + 1)


def test_limits_suit_the_tasks() -> None:
    limits = {(s.id, f.name): f.max_chars for s in TASKS.values() for f in s.inputs}
    assert limits["token-classification", "text"] == DEFAULT_MAX_CHARS
    assert limits["summarization", "text"] > DEFAULT_MAX_CHARS
    assert limits["zero-shot-classification", "labels"] < DEFAULT_MAX_CHARS
    assert limits["fill-mask", "mask_token"] <= 100


@pytest.mark.parametrize("spec", list(TASKS.values()), ids=lambda spec: spec.id)
def test_the_examples_fit_the_limits(spec: TaskSpec) -> None:
    for example in spec.examples:
        for field in spec.inputs:
            value = example.values.get(field.name, field.value)
            if field.kind in TEXT_KINDS and isinstance(value, str):
                assert len(value) <= field.max_chars, (spec.id, field.name)


@pytest.mark.parametrize("case", GENERIC_FIELDS, ids=_id)
def test_text_over_the_limit_is_refused_before_any_request(
    api: Client, guarded: Running, case: tuple[TaskSpec, Field]
) -> None:
    spec, field = case
    text = _over(field)
    before = requests_seen(guarded.fake_url)
    status = run_tab(api, spec, {field.name: text})
    assert_refused(status, field.label, f"{field.max_chars:,}-character limit", f"{len(text):,}")
    assert requests_seen(guarded.fake_url) == before


def test_a_megabyte_of_text_for_ner_is_refused_at_once(api: Client, guarded: Running) -> None:
    spec = TASKS["token-classification"]
    status = run_tab(api, spec, {"text": "Sarah lives in Paris. " * 50_000})
    assert_refused(status, "Text is 1,100,000 characters long", "shorten it")
    assert "✓" in run_tab(api, spec)  # and the next call works


def test_a_text_parameter_over_its_limit_is_refused(api: Client) -> None:
    spec = TASKS["document-question-answering"]
    values = arguments(spec)
    index = 8 + len(spec.inputs) + [p.name for p in spec.params].index("lang")
    values[index] = "eng" * 1_000
    status = api.predict(*values, api_name=f"/{spec.api_name}")[status_index(spec)]
    assert_refused(status, "OCR language is 3,000 characters long", "1,000-character limit")


def _chat(api: Client, message: str, history: list[Any], system: str = "") -> str:
    values = [*target(), "fake/chat", message, history, system, *param_defaults(CHAT), ""]
    return str(api.predict(*values, api_name="/chat_completion")[2])


def test_chat_message_system_prompt_and_conversation_are_capped(
    api: Client, guarded: Running
) -> None:
    message, system = (next(f for f in CHAT.inputs if f.name == n) for n in ("message", "system"))
    before = requests_seen(guarded.fake_url)
    assert_refused(_chat(api, _over(message), []), "Message is", f"{message.max_chars:,}-character")
    assert_refused(_chat(api, "Hi", [], _over(system)), "System prompt is", "limit")
    turn = {"role": "user", "content": [{"type": "text", "text": "y" * 19_000}]}
    long_chat = [turn, {**turn, "role": "assistant"}] * 3
    assert_refused(_chat(api, "Hi", long_chat), "conversation is", "press Clear")
    assert requests_seen(guarded.fake_url) == before
    assert MAX_CONVERSATION_CHARS < 6 * 19_000


def test_generation_prompt_is_capped(api: Client) -> None:
    prompt = GENERATION.inputs[0]
    values = [*target(), "fake/gen", _over(prompt), *param_defaults(GENERATION), ""]
    status = str(api.predict(*values, api_name="/text_generation")[4])
    assert_refused(status, "Prompt is", f"{prompt.max_chars:,}-character limit")


def test_the_page_shows_each_limit(guarded: Running) -> None:
    config = httpx.get(f"{guarded.url}config", timeout=30).json()
    props = {c["props"].get("elem_id"): c["props"] for c in config["components"]}
    for spec in TASKS.values():
        for field in spec.inputs:
            box = props.get(f"{spec.api_name}-{field.name}")
            if field.kind not in TEXT_KINDS or box is None:
                continue
            assert box["max_length"] == field.max_chars, (spec.id, field.name)
            assert f"Up to {field.max_chars:,} characters" in box["info"], (spec.id, field.name)
