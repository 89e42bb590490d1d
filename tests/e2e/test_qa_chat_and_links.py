"""The QA tab in headless Chromium: Chat compare with two local SmolLM2 sides over two turns,
and a permalink that carries the example image (by its hash) into a fresh page, where the
comparison runs again on it. Screenshots go to artifacts/screenshots/qa/."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from playground.tasks import TASKS

from .app_server import Running
from .browser import loopback_page
from .test_qa_view import TIMEOUT, pick, shot

pytestmark = [pytest.mark.journey, pytest.mark.browser]
CHAT = TASKS["chat-completion"]
# Both sides' conversations hold `n` replies and the run is over (the note says so).
ANSWERED = """n => ['#qa-chat-bot-0', '#qa-chat-bot-1'].every(
    id => document.querySelectorAll(id + " [data-testid='bot']").length === n)
  && document.querySelector('#qa-chat-note').innerText.includes('answered')"""


@pytest.fixture(scope="module")
def page(playground: Running, local_ready: set[str]) -> Iterator[Any]:
    if CHAT.local_model not in local_ready:
        pytest.skip("the local chat model is not available here")
    with loopback_page(1400, 1000) as (tab, _outside):
        tab.goto(playground.url, wait_until="domcontentloaded")
        tab.get_by_role("tab", name="QA", exact=True).click()
        tab.wait_for_selector("#qa-run", timeout=60_000)
        yield tab


def send(page: Any, text: str) -> None:
    box = page.locator("#qa-chat-message textarea")
    box.fill(text)
    page.locator("#qa-chat-send").click()


def test_chat_compare_sends_each_message_to_every_side(page: Any) -> None:
    page.get_by_role("tab", name="Chat compare", exact=True).click()
    page.locator("#qa-chat-message textarea").wait_for(timeout=30_000)
    page.get_by_text("System prompt and parameters").click()
    number = page.locator("#qa-chat-max-tokens input")
    number.fill("24")
    number.press("Tab")
    send(page, "Hi! Name one colour.")
    page.wait_for_function(ANSWERED, arg=1, timeout=TIMEOUT)
    send(page, "And one animal?")
    page.wait_for_function(ANSWERED, arg=2, timeout=TIMEOUT)
    for side in range(2):
        status = page.locator(f"#qa-chat-status-{side}").inner_text()
        assert "✓" in status and "TTFT" in status and "tokens/s" in status, status
        bot = page.locator(f"#qa-chat-bot-{side}")
        users = bot.locator("[data-testid='user']").all_inner_texts()
        assert [text.strip() for text in users] == ["Hi! Name one colour.", "And one animal?"]
    assert "2 of 2 sides answered" in page.locator("#qa-chat-note").inner_text()
    assert page.locator("#qa-chat-message textarea").input_value() == ""
    shot(page, "chat-compare-two-turns")

    page.locator("#qa-chat-clear").click()
    page.wait_for_function(
        "() => document.querySelectorAll(\"#qa-chat-bot-0 [data-testid='user']\").length === 0",
        timeout=30_000,
    )


def link_media(link: str) -> dict[str, str]:
    value = parse_qs(urlsplit(link).query)["qa"][0]
    data = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    return dict(data.get("media") or {})


def test_a_permalink_carries_the_image_and_the_comparison_runs_again(page: Any) -> None:
    page.get_by_role("tab", name="Compare", exact=True).click()
    pick(page, "#qa-task", "Image classification")
    page.locator("#qa-image img").first.wait_for(timeout=30_000)  # the example image
    page.locator("#qa-make-link").click()
    page.wait_for_function(
        "() => (document.querySelector('#qa-link textarea, #qa-link input') || {}).value"
        "?.startsWith('http')",
        timeout=30_000,
    )
    link = page.locator("#qa-link textarea, #qa-link input").first.input_value()
    key = link_media(link).get("image")
    assert key and len(key) == 64 and "hf_" not in link
    other = page.context.new_page()
    try:
        other.goto(link, wait_until="domcontentloaded")
        other.locator("#qa-summary").get_by_text("Opened from a link").wait_for(timeout=60_000)
        assert "no longer held" not in other.locator("#qa-summary").inner_text()
        image = other.locator("#qa-image img").first
        image.wait_for(timeout=30_000)
        assert key in (image.get_attribute("src") or "")  # the held file, not the example
        other.locator("#qa-run").click()
        other.wait_for_function(
            "() => document.querySelector('#qa-comparison').innerText.includes('Comparison')",
            timeout=TIMEOUT,
        )
        assert "✓ HTTP 200" in other.locator("#qa-status-0").inner_text()
        shot(other, "permalink-image-restored")
    finally:
        other.close()
