"""The inspector's stream timeline and "Save this run as a test", in headless Chromium against
the embedded local server: a local stream drawn as SVG, and a local run saved untouched into a
suite that `python -m playground.qa run` then passes against the same server.
Screenshots go to artifacts/screenshots/inspector/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec

from .app_server import ARTIFACTS, Running
from .browser import choose_target, loopback_page, open_tab, run_first_example

pytestmark = [pytest.mark.journey, pytest.mark.browser]
SHOTS = ARTIFACTS / "inspector"
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000


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


def open_inspector(page: Any, spec: TaskSpec) -> Any:
    inspector = page.locator(f"#{spec.api_name}-inspector")
    if not page.locator(f"#{spec.api_name}-inspector-summary").is_visible():
        inspector.get_by_text("Inspector:").first.click()
    page.locator(f"#{spec.api_name}-inspector-summary").wait_for(state="visible")
    return inspector


def test_a_local_stream_is_drawn_on_a_timeline(page: Any) -> None:
    spec = TASKS["text-generation"]
    open_tab(page, spec)
    choose_target(page, spec, local=True)
    assert "✓" in run_first_example(page, spec)
    inspector = open_inspector(page, spec)
    svg = page.locator(f"#{spec.api_name}-timeline svg.stream-timeline")
    svg.wait_for(state="visible", timeout=TIMEOUT)
    ticks = svg.locator("line.tick").count()
    tokens = svg.locator("line.tick.token").count()
    assert tokens > 1 and ticks >= tokens
    assert "TTFT" in svg.locator("text.ttft").text_content()
    headline = svg.locator("text.headline").text_content()
    assert f"{tokens} tokens" in headline and "tokens/s" in headline, headline
    box = svg.bounding_box()
    assert box is not None and box["width"] > 400 and 80 < box["height"] < 260, box
    inspector.get_by_role("tab", name="Stream events", exact=True).click()
    events = page.locator(f"#{spec.api_name}-events .cm-line")
    events.first.wait_for(state="visible")
    first = events.first.inner_text()
    assert first.startswith("+") and " ms " in first  # the listing the ticks are drawn from
    svg.scroll_into_view_if_needed()
    shot(page, "text-generation-timeline")


def test_a_local_run_saved_as_a_test_passes_as_a_suite(
    page: Any, playground: Running, tmp_path: Path
) -> None:
    spec = TASKS["text-classification"]
    prefix = spec.api_name
    open_tab(page, spec)
    choose_target(page, spec, local=True)
    assert "✓" in run_first_example(page, spec)
    open_inspector(page, spec)
    assert page.locator(f"#{prefix}-timeline svg").count() == 0  # not a stream
    page.locator(f"#{prefix}-save").get_by_text("Save this run as a test").click()
    page.locator(f"#{prefix}-make-test").click()
    page.locator(f"#{prefix}-test-yaml").get_by_text("expect:").wait_for(timeout=TIMEOUT)
    shown = page.locator(f"#{prefix}-test-yaml").inner_text()
    assert "task: text-classification" in shown and "label:" in shown, shown
    suite = tmp_path / "tab-suite.yaml"
    page.locator(f"#{prefix}-suite-path input, #{prefix}-suite-path textarea").first.fill(
        str(suite)
    )
    page.locator(f"#{prefix}-save-test").click()
    page.locator(f"#{prefix}-save-note").get_by_text("Saved").wait_for(timeout=TIMEOUT)
    page.locator(f"#{prefix}-save").scroll_into_view_if_needed()
    shot(page, "text-classification-save-as-test")
    assert spec.local_model and spec.local_model in suite.read_text()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1"}
    command = [sys.executable, "-m", "playground.qa", "run", str(suite), "--target"]
    done = subprocess.run(
        [*command, str(playground.local_url)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS" in done.stdout.upper(), done.stdout
