"""The playground in headless Debian Chromium: every tab's first example runs and its output is
really drawn (boxes and masks checked in pixels), on the local target where it has a model and
against the fake server elsewhere. A screenshot per tab goes to artifacts/screenshots/."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from playground.assets import asset
from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec

from .app_server import ARTIFACTS, Running
from .browser import (
    RUN_SECONDS,
    choose_model,
    choose_target,
    loopback_page,
    open_tab,
    run_first_example,
    select_kind,
)

pytestmark = pytest.mark.browser
GENERIC = [spec for spec in TASKS.values() if not spec.streaming]


@pytest.fixture(scope="module")
def page(playground: Running) -> Iterator[Any]:
    with loopback_page() as (tab, _outside):
        tab.goto(playground.url, wait_until="domcontentloaded")
        tab.wait_for_selector("#target-bar", timeout=60_000)
        yield tab


def output_image(page: Any, spec: TaskSpec) -> Image.Image:
    source = page.locator(f"#{spec.api_name}-out-image img").first.get_attribute("src")
    return Image.open(io.BytesIO(httpx.get(source, timeout=30).content)).convert("RGB")


def changed_fraction(drawn: Image.Image, original_name: str) -> float:
    original = Image.open(asset(original_name)).convert("RGB").resize(drawn.size)
    difference = np.abs(np.asarray(drawn, "int16") - np.asarray(original, "int16")).sum(axis=2)
    return float((difference > 60).mean())


@pytest.mark.parametrize("spec", GENERIC, ids=lambda spec: spec.id)
def test_first_example_renders(page: Any, spec: TaskSpec, local_ready: set[str]) -> None:
    local = spec.local_model in local_ready
    open_tab(page, spec)
    choose_target(page, spec, local)
    status = run_first_example(page, spec)
    page.screenshot(path=str(_shot(spec)), full_page=True)
    assert "⚠" not in status, status
    assert "✓" in status
    if spec.id == "object-detection":
        fraction = changed_fraction(output_image(page, spec), "portrait.jpg")
        assert 0.002 < fraction < 0.3, f"boxes not drawn ({fraction:.4f} of pixels changed)"
    if spec.id == "image-segmentation":
        fraction = changed_fraction(output_image(page, spec), "portrait.jpg")
        assert fraction > 0.05, f"masks not coloured ({fraction:.4f} of pixels changed)"


def _shot(spec: TaskSpec) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{spec.api_name}.png"


def test_detection_threshold_redraws_without_a_new_request(page: Any, playground: Running) -> None:
    spec = TASKS["object-detection"]
    open_tab(page, spec)
    choose_target(page, spec, local=False)
    run_first_example(page, spec)
    assert "2 of 2" in page.locator(f"#{spec.api_name}-out-count").inner_text()
    httpx.post(f"{playground.fake_url}/_fake/reset")
    slider = page.locator(f"#{spec.api_name}-control-threshold input[type=number]")
    slider.fill("0.95")
    slider.press("Enter")
    page.wait_for_function(
        "id => document.querySelector(id).innerText.includes('1 of 2')",
        arg=f"#{spec.api_name}-out-count",
        timeout=10_000,
    )
    assert httpx.get(f"{playground.fake_url}/_fake/requests").json() == []


def test_an_error_is_one_sentence_in_the_page(page: Any) -> None:
    spec = TASKS["text-classification"]
    open_tab(page, spec)
    choose_target(page, spec, local=False)
    choose_model(page, spec, "faults/bad-gateway-html")
    page.locator(f"#{spec.api_name}-run").click()
    status = page.locator(f"#{spec.api_name}-status .status-error")
    status.wait_for(timeout=60_000)
    text = status.inner_text()
    assert "HTTP 502" in text
    assert "Traceback" not in text
    assert page.locator(f"#{spec.api_name}-text textarea").input_value()  # input kept


def bot_text(page: Any) -> str:
    messages = page.locator("#chat_completion-chatbot [data-testid='bot']")
    return str(messages.last.inner_text()) if messages.count() else ""


def test_chat_streams_and_stop_stops(page: Any, playground: Running) -> None:
    spec = TASKS["chat-completion"]
    open_tab(page, spec)
    select_kind(page, "custom", spec)
    url = page.locator("#target-url textarea, #target-url input").first
    url.fill(f"{playground.fake_url}/models/faults/slow-stream?delay=3")  # a token every 3 s
    url.press("Enter")
    box = page.locator("#chat_completion-model input")
    box.fill("")
    box.press("Enter")
    page.locator("#chat_completion-message textarea").fill("Tell me something")
    page.locator("#chat_completion-send").click()
    page.wait_for_function(
        "() => document.querySelector('#chat_completion-chatbot').innerText.includes('The')",
        timeout=30_000,
    )
    first = bot_text(page)
    page.wait_for_function(
        "old => { const m = [...document.querySelectorAll("
        "\"#chat_completion-chatbot [data-testid='bot']\")].pop();"
        " return m && m.innerText.length > old; }",
        arg=len(first),
        timeout=15_000,
    )
    grown = bot_text(page)
    page.locator("#chat_completion-stop").click()
    page.wait_for_timeout(2500)
    page.screenshot(path=str(_shot(spec)), full_page=True)
    assert len(grown) > len(first)
    assert bot_text(page) == grown, "text kept growing after Stop"
    assert "Stopped" in page.locator("#chat_completion-status").inner_text()
    page.locator("#target-kind").get_by_text("Hugging Face").click()


def test_chat_on_the_local_model(page: Any, local_ready: set[str]) -> None:
    spec = TASKS["chat-completion"]
    if spec.local_model not in local_ready:
        pytest.skip("the local chat model needs requirements-llm.txt")
    open_tab(page, spec)
    choose_target(page, spec, local=True)
    page.locator("#chat_completion-clear").click()
    page.locator("#chat_completion-message textarea").fill("Say hello in one short sentence.")
    page.locator("#chat_completion-send").click()
    page.wait_for_function(
        "() => document.querySelector('#chat_completion-status')"
        ".querySelector('.status-ok, .status-error') !== null",
        timeout=RUN_SECONDS * 1000,
    )
    assert "⚠" not in page.locator("#chat_completion-status").inner_text()
    assert len(bot_text(page).strip()) > 3


def test_text_generation_streams_with_details(page: Any, local_ready: set[str]) -> None:
    spec = TASKS["text-generation"]
    open_tab(page, spec)
    choose_target(page, spec, local=spec.local_model in local_ready)
    status = run_first_example(page, spec)
    page.screenshot(path=str(_shot(spec)), full_page=True)
    assert "⚠" not in status
    assert page.locator("#text_generation-out-text textarea").input_value().strip()
