"""The QA tab in headless Chromium against the embedded local server: compare two local models
side by side, repeat a call, a small load sweep, save a run as a test, run a suite.
Screenshots go to artifacts/screenshots/qa/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import ARTIFACTS, Running
from .test_browser import ARGS, CHROMIUM, _only_loopback

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "qa"
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def page(playground: Running) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (scripts/install dev installs it)")
    if not playground.local_url:
        pytest.skip("the embedded local server did not start")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside: list[str] = []
        context.route("**/*", lambda route: _only_loopback(route, outside))
        tab = context.new_page()
        tab.goto(playground.url, wait_until="domcontentloaded")
        tab.get_by_role("tab", name="QA", exact=True).click()
        tab.wait_for_selector("#qa-run", timeout=60_000)
        yield tab
        browser.close()
    assert outside == [], f"the page tried to reach the internet: {outside}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill(page: Any, selector: str, value: str) -> None:
    box = page.locator(f"{selector} textarea, {selector} input").first
    box.fill(value)


def test_compare_two_local_models_side_by_side(page: Any) -> None:
    fill(page, "#qa-text0", "I love this playground, it's fantastic!")
    fill(page, "#qa-model-0", "local/vader-sentiment")
    fill(page, "#qa-model-1", "local/langid")
    page.locator("#qa-run").click()
    page.wait_for_function(
        "() => document.querySelector('#qa-comparison').innerText.includes('Comparison')",
        timeout=TIMEOUT,
    )
    assert "✓ HTTP 200" in page.locator("#qa-status-0").inner_text()
    assert "✓ HTTP 200" in page.locator("#qa-status-1").inner_text()
    assert "positive" in page.locator("#qa-out-0").inner_text()
    comparison = page.locator("#qa-comparison").inner_text()
    assert "positive" in comparison and "en" in comparison
    assert "top labels differ" in comparison
    shot(page, "compare-text-classification")


def pick(page: Any, selector: str, option: str) -> None:
    """A dropdown's option, chosen as a visitor would."""
    page.locator(f"{selector} input").click()
    page.locator(selector).get_by_role("option", name=option, exact=True).click()


def test_repeat_reports_percentiles_and_distinct_outputs(page: Any) -> None:
    page.locator("#qa-repeat").click()
    report = page.locator("#qa-repeat-report")
    report.get_by_text("warm calls").wait_for(timeout=TIMEOUT)
    text = report.inner_text()
    assert (
        "5 warm calls" in text and "p95" in text and "1 distinct output(s) (all identical)" in text
    )


def test_a_small_sweep_draws_charts_and_exports_a_locustfile(page: Any) -> None:
    pick(page, "#qa-top", "4")
    page.locator("#qa-sweep").click()
    page.locator("#qa-sweep-report").get_by_text("Swept").wait_for(timeout=TIMEOUT)
    assert "Swept 3 level(s)" in page.locator("#qa-sweep-report").inner_text()
    table = page.locator("#qa-sweep-table").inner_text()
    assert "concurrency" in table and "cold starts" in table
    page.locator("#qa-latency-plot canvas, #qa-latency-plot svg").first.wait_for(timeout=30_000)
    page.locator("#qa-locust").click()
    page.locator("#qa-locust-file").get_by_text("locustfile.py").first.wait_for(timeout=TIMEOUT)
    page.locator("#qa-load").scroll_into_view_if_needed()
    shot(page, "repeat-and-sweep")
