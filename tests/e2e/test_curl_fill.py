"""A pasted curl command fills a task tab, in headless Chromium against the embedded local
server: the Text classification tab (model box, text, a parameter), then a run that shows a
label; the Chat tab from an OpenAI-style command. The command's token appears nowhere in the
page. Screenshots go to artifacts/screenshots/curl/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec

from .app_server import ARTIFACTS, Running
from .browser import RUN_FINISHED, WATCH_RUN, loopback_page, open_tab, select_kind, status_html

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "curl"
TIMEOUT = 60_000
# Built, not written whole: no token-shaped literal sits in the repository for scanners to flag.
SECRET = "hf_" + "fakeCanaryTokenForTheCurlFillBrowser01"


@pytest.fixture(scope="module")
def page(playground: Running) -> Iterator[Any]:
    if not playground.local_url:
        pytest.skip("the embedded local server did not start")
    with loopback_page(1280, 900) as (tab, _outside):
        tab.goto(playground.url, wait_until="domcontentloaded")
        tab.wait_for_selector("#task-picker", timeout=60_000)
        yield tab


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def command(url: str, body: Any) -> str:
    return (
        f"curl {url} \\\n  -X POST \\\n  -H 'Authorization: Bearer {SECRET}' \\\n"
        f"  -H 'Content-Type: application/json' \\\n  -d '{json.dumps(body)}'"
    )


def paste(page: Any, spec: TaskSpec, text: str) -> str:
    """Open the inspector's "Fill from a curl command", paste, fill; the note it shows."""
    prefix = spec.api_name
    if not page.locator(f"#{prefix}-inspector-summary").is_visible():
        page.locator(f"#{prefix}-inspector").get_by_text("Inspector:").first.click()
    page.locator(f"#{prefix}-curl-fill").get_by_text("Fill from a curl command").click()
    page.locator(f"#{prefix}-curl-paste textarea").fill(text)
    page.locator(f"#{prefix}-curl-fill-button").click()
    note = page.locator(f"#{prefix}-curl-fill-note")
    note.get_by_text("Filled").wait_for(timeout=TIMEOUT)
    return str(note.inner_text())


def assert_no_token(page: Any) -> None:
    assert SECRET not in page.content()
    values = page.evaluate(
        "() => [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n')"
    )
    assert SECRET not in values


def test_a_local_curl_command_fills_text_classification_and_runs(
    page: Any, playground: Running, local_ready: set[str]
) -> None:
    spec = TASKS["text-classification"]
    prefix = spec.api_name
    model = "local/langid" if "local/langid" in local_ready else "local/vader-sentiment"
    open_tab(page, spec)
    select_kind(page, "local", spec)
    body = {"inputs": "Ceci est une phrase en français.", "parameters": {"top_k": 3, "z": 1}}
    note = paste(page, spec, command(f"{playground.local_url}/models/{model}", body))
    assert note.startswith("Filled the model box, Text, Top k and Extra parameters"), note
    assert page.locator(f"#{prefix}-model input").input_value().startswith(model)
    assert page.locator(f"#{prefix}-text textarea").input_value() == body["inputs"]
    page.locator(f"#{prefix}-parameters").get_by_text("Parameters").first.click()
    top_k = page.locator(f"#{prefix}-param-top_k").locator("input, textarea").first
    assert top_k.input_value() == "3"
    assert_no_token(page)
    assert page.locator(f"#{prefix}-curl-paste textarea").input_value() == ""
    shot(page, "text-classification-filled")
    page.evaluate(WATCH_RUN, f"#{prefix}-status")
    page.locator(f"#{prefix}-run").click()
    page.wait_for_function(RUN_FINISHED, arg=f"#{prefix}-status", timeout=TIMEOUT)
    assert "✓" in status_html(page, spec)
    label = page.locator(f"#{prefix}-out-labels")
    label.wait_for(state="visible", timeout=TIMEOUT)
    if model == "local/langid":
        assert "fr" in label.inner_text().lower()
    assert_no_token(page)
    page.locator(f"#{prefix}-run").scroll_into_view_if_needed()
    shot(page, "text-classification-ran")


def test_an_openai_style_command_fills_the_chat_tab(page: Any, playground: Running) -> None:
    spec = TASKS["chat-completion"]
    prefix = spec.api_name
    open_tab(page, spec)
    select_kind(page, "local", spec)
    body = {
        "model": "local/smollm2-135m-instruct",
        "messages": [
            {"role": "system", "content": "Answer in one word."},
            {"role": "user", "content": "Name a colour."},
        ],
        "temperature": 0,
        "stream": True,
    }
    note = paste(page, spec, command(f"{playground.local_url}/v1/chat/completions", body))
    assert note.startswith("Filled the model box, System prompt, Message and Temperature"), note
    assert page.locator(f"#{prefix}-system textarea").input_value() == "Answer in one word."
    assert page.locator(f"#{prefix}-message textarea").input_value() == "Name a colour."
    assert_no_token(page)
    shot(page, "chat-filled")
