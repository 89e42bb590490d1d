"""Bad input in a real Chromium: a corrupt image uploaded on the Image classification tab and
a negative timeout give one sentence in the status line (no Gradio error toast), the inputs stay
where they were, and the next good run works. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playground.assets import asset
from playground.tasks import TASKS
from tests.e2e.app_server import ARTIFACTS, Running
from tests.e2e.browser import ARGS, CHROMIUM, choose_target, open_tab

pytestmark = pytest.mark.browser
IMAGE = TASKS["image-classification"]
TEXT = TASKS["text-classification"]


@pytest.fixture(scope="module")
def page(guarded: Running) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (scripts/install dev installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        tab.goto(guarded.url, wait_until="domcontentloaded")
        tab.wait_for_selector("#target-bar", timeout=60_000)
        yield tab
        browser.close()


RESULT = """selector => {
  const line = document.querySelector(selector).querySelector('.status-ok, .status-error');
  return line === null ? '' : line.innerText;
}"""
CHANGED = f"([selector, before]) => ({RESULT})(selector) !== '' && ({RESULT})(selector) !== before"


def run_and_read_status(page: Any, prefix: str) -> str:
    """Click Run; the status line once it shows a result other than the one before."""
    selector = f"#{prefix}-status"
    before = page.evaluate(RESULT, selector)
    page.locator(f"#{prefix}-run").click()
    page.wait_for_function(CHANGED, arg=[selector, before], timeout=60_000)
    return str(page.evaluate(RESULT, selector))


def no_error_toast(page: Any) -> bool:
    return page.locator("[data-testid='toast-body']").count() == 0


def _shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"security_{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def test_a_corrupt_image_gives_a_sentence_in_the_page(
    page: Any, bad_files: dict[str, Path]
) -> None:
    open_tab(page, IMAGE)
    choose_target(page, IMAGE, local=False)
    prefix = IMAGE.api_name
    upload = page.locator(f"#{prefix}-image input[type=file]")
    upload.set_input_files(str(bad_files["corrupt.png"]))
    page.locator(f"#{prefix}-image img").first.wait_for(state="attached", timeout=30_000)
    status = run_and_read_status(page, prefix)
    page.locator(f"#{prefix}-status").scroll_into_view_if_needed()
    _shot(page, "corrupt_image")
    assert status.strip() == (
        "⚠ The image could not be read (it is not a PNG, JPEG, WebP, GIF or BMP file); "
        "upload another image."
    )
    assert no_error_toast(page)
    assert page.locator(f"#{prefix}-image img").count() > 0  # the upload is still there
    page.locator(f"#{prefix}-image button[aria-label='Remove Image']").click()
    upload.set_input_files(str(asset("portrait.jpg")))
    page.locator(f"#{prefix}-image img").first.wait_for(state="attached", timeout=30_000)
    assert "✓" in run_and_read_status(page, prefix)


def test_a_negative_timeout_gives_a_sentence_in_the_page(page: Any) -> None:
    open_tab(page, TEXT)
    choose_target(page, TEXT, local=False)
    timeout = page.locator("#target-timeout input[type=number]")
    timeout.fill("-5")
    timeout.press("Tab")
    status = run_and_read_status(page, TEXT.api_name)
    _shot(page, "negative_timeout")
    assert "The timeout must be a number of seconds above 0, not -5" in status
    assert no_error_toast(page)
    assert page.locator(f"#{TEXT.api_name}-text textarea").input_value()  # input kept
    timeout.fill("60")
    timeout.press("Tab")
    assert "✓" in run_and_read_status(page, TEXT.api_name)
