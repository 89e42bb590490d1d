"""The QA tab in headless Chromium against the embedded local server: compare two local models
side by side, repeat a call, a small load sweep, save a run as a test, run a suite.
Screenshots go to artifacts/screenshots/qa/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from playground.tasks import TASKS

from .app_server import ARTIFACTS, Running
from .browser import choose_target, loopback_page, open_tab, run_first_example

pytestmark = [pytest.mark.journey, pytest.mark.browser]
SHOTS = ARTIFACTS / "qa"
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def page(playground: Running) -> Iterator[Any]:
    if not playground.local_url:
        pytest.skip("the embedded local server did not start")
    with loopback_page(1280, 900) as (tab, _outside):
        tab.goto(playground.url, wait_until="domcontentloaded")
        tab.get_by_role("tab", name="QA", exact=True).click()
        tab.wait_for_selector("#qa-run", timeout=60_000)
        yield tab


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


def test_save_a_side_as_a_test_then_run_the_suite(page: Any, tmp_path: Any) -> None:
    page.locator("#qa-save").get_by_text("Save a side's run as a test").click()
    page.locator("#qa-make-test").click()
    page.locator("#qa-test-yaml").get_by_text("expect:").wait_for(timeout=30_000)
    assert "label: positive" in page.locator("#qa-test-yaml").inner_text()
    suite = tmp_path / "browser-suite.yaml"
    fill(page, "#qa-suite-path", str(suite))
    page.locator("#qa-save-test").click()
    page.locator("#qa-save-note").get_by_text("Saved").wait_for(timeout=30_000)
    assert "local/vader-sentiment" in suite.read_text()
    page.locator("#qa-save").scroll_into_view_if_needed()
    shot(page, "save-as-test")

    page.get_by_role("tab", name="Suites", exact=True).click()
    box = page.locator("#qa-suite-file input")
    box.fill(str(suite))
    box.press("Enter")
    page.locator("#qa-suite-run").click()
    page.locator("#qa-suite-summary").get_by_text("browser-suite").wait_for(timeout=TIMEOUT)
    assert "✓ passed" in page.locator("#qa-suite-summary").inner_text()
    frame = page.frame_locator("#qa-suite-report iframe")
    frame.get_by_text("PASSED").first.wait_for(timeout=30_000)
    shot(page, "suite-run")


def test_the_shipped_text_suite_runs_from_the_page(page: Any) -> None:
    box = page.locator("#qa-suite-file input")
    box.fill("assets/suites/local-text.yaml")
    box.press("Enter")
    page.locator("#qa-suite-run").click()
    summary = page.locator("#qa-suite-summary")
    summary.get_by_text("Local text models").wait_for(timeout=TIMEOUT)
    assert "✓ passed" in summary.inner_text() and " 0 failed" in summary.inner_text()
    frame = page.frame_locator("#qa-suite-report iframe")
    frame.get_by_text("people, places and organisations").wait_for(timeout=30_000)
    downloads = page.locator("#qa-suite-download").inner_text().replace("\n", "")
    assert "report.html" in downloads and "junit.xml" in downloads
    shot(page, "suite-local-text")


def test_pasting_a_curl_command_fills_a_side(page: Any, playground: Running) -> None:
    page.get_by_role("tab", name="Compare", exact=True).click()
    page.locator("#qa-paste").get_by_text("Paste a curl command").click()
    command = (
        f"curl {playground.local_url}/models/local/spacy-en-ner -X POST "
        "-H 'Content-Type: application/json' "
        '-d \'{"inputs": "Clara Smith moved from Paris to New York."}\''
    )
    fill(page, "#qa-paste-text", command)
    page.locator("#qa-paste-fill").click()
    page.locator("#qa-paste-note").get_by_text("Filled side 1").wait_for(timeout=30_000)
    assert page.locator("#qa-model-0 textarea, #qa-model-0 input").first.input_value() == (
        "local/spacy-en-ner"
    )
    assert "Clara Smith" in page.locator("#qa-text0 textarea").input_value()
    page.locator("#qa-run").click()
    page.wait_for_function(
        "() => document.querySelector('#qa-comparison').innerText.includes('entities')",
        timeout=TIMEOUT,
    )
    assert "Paris" in page.locator("#qa-comparison").inner_text()
    shot(page, "paste-curl-entities")


def test_the_inspector_offers_the_run_as_har_and_curl(page: Any) -> None:
    spec = TASKS["text-classification"]
    open_tab(page, spec)
    choose_target(page, spec, local=True)
    status = run_first_example(page, spec)
    assert "✓" in status, status
    page.locator("#text_classification-inspector").get_by_text("Inspector:").first.click()
    links = page.locator("#text_classification-exports a")
    links.first.wait_for(timeout=30_000)
    assert links.count() == 2 and links.first.get_attribute("download") == "text-classification.har"
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename == "text-classification.har"
    page.locator("#text_classification-inspector").scroll_into_view_if_needed()
    shot(page, "inspector-exports")


def test_a_permalink_reopens_the_comparison(page: Any) -> None:
    page.get_by_role("tab", name="QA", exact=True).click()
    page.get_by_role("tab", name="Compare", exact=True).click()
    fill(page, "#qa-text0", "Permalinks remember this text.")
    page.locator("#qa-make-link").click()
    box = page.locator("#qa-link textarea, #qa-link input").first
    page.wait_for_function(
        "() => (document.querySelector('#qa-link textarea, #qa-link input') || {}).value"
        "?.startsWith('http')",
        timeout=30_000,
    )
    link = box.input_value()
    assert "?qa=" in link and "hf_" not in link
    other = page.context.new_page()
    try:
        other.goto(link, wait_until="domcontentloaded")
        other.locator("#qa-summary").get_by_text("Opened from a link").wait_for(timeout=60_000)
        assert other.locator("#qa-text0 textarea").input_value() == "Permalinks remember this text."
        assert other.locator("#qa-model-0 textarea, #qa-model-0 input").first.input_value() == (
            "local/spacy-en-ner"
        )
        shot(other, "permalink-opened")
    finally:
        other.close()


def test_mixed_sides_draw_every_box_on_one_image(page: Any, playground: Running) -> None:
    page.get_by_role("tab", name="QA", exact=True).click()
    page.get_by_role("tab", name="Compare", exact=True).click()
    pick(page, "#qa-task", "Object detection")
    page.locator("#qa-image img").first.wait_for(timeout=30_000)  # the example image
    page.locator("#qa-count").get_by_text("3", exact=True).click()
    pick(page, "#qa-kind-1", "Hugging Face")
    fill(page, "#qa-model-1", "fake/object-detection")
    pick(page, "#qa-kind-2", "Custom URL")
    fill(page, "#qa-model-2", f"{playground.fake_url}/models/fake/object-detection")
    page.locator("#qa-run").click()
    page.wait_for_function(
        "() => document.querySelector('#qa-comparison').innerText.includes('Mean IoU')",
        timeout=TIMEOUT,
    )
    for side in range(3):
        assert "✓ HTTP 200" in page.locator(f"#qa-status-{side}").inner_text(), side
    assert page.locator("#qa-comparison svg rect").count() >= 3
    assert "2 vs 3" in page.locator("#qa-comparison").inner_text()
    shot(page, "compare-object-detection-mixed")
