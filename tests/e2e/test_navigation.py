"""Getting around at 1280×900 in headless Chromium: the Tasks overview is the landing view and
follows the target; every task is reachable through the picker with no overflow menu; a target
switch empties old statuses; the model box lists every local model; tables fit or scroll and
empty outputs show nothing. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from playground.ui.models import local_models

from .app_server import ARTIFACTS, Running
from .browser import choose_target, loopback_page, open_tab, run_first_example

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1280, 900
SPECS = list(TASKS.values())


@pytest.fixture(scope="module")
def page(playground: Running) -> Iterator[Any]:
    with loopback_page(WIDTH, HEIGHT) as (tab, _outside):
        tab.goto(playground.url, wait_until="domcontentloaded")
        tab.wait_for_selector("#overview .task-row", timeout=60_000)
        yield tab


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def summary(page: Any) -> str:
    return str(page.locator("#overview .overview-summary").inner_text())


def test_the_landing_view_is_the_tasks_overview_and_follows_the_target(page: Any) -> None:
    assert (
        page.get_by_role("tab", name="Tasks", exact=True).get_attribute("aria-selected") == "true"
    )
    rows = page.locator("#overview .task-row")
    assert rows.count() == len(SPECS)
    assert "needs a token" in summary(page)  # the app opened on Hugging Face, without a token
    page.locator("#target-kind").get_by_text("Local models").click()
    page.wait_for_function(
        "() => document.querySelector('#overview').innerText.includes('tasks run here')"
    )
    assert page.locator("#overview .state-ready").count() >= 1
    shot(page, "landing")


def _no_hidden_tabs(page: Any) -> None:
    assert page.locator("button[aria-label='More tabs']:visible").count() == 0
    for header in page.get_by_role("tab").all():
        if header.is_visible():
            box = header.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= WIDTH, header.inner_text()


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.id)
def test_every_task_is_reachable_through_the_picker(page: Any, spec: TaskSpec) -> None:
    open_tab(page, spec)
    assert page.get_by_role("tab", name=spec.title, exact=True).first.is_visible()
    _no_hidden_tabs(page)


def test_an_overview_row_opens_its_tab(page: Any) -> None:
    page.get_by_role("tab", name="Tasks", exact=True).click()
    spec = TASKS["image-segmentation"]
    page.locator(f"#overview-{spec.api_name}").click()
    page.wait_for_selector(f"#{spec.api_name}-model", state="visible", timeout=10_000)
    picked = page.locator("#task-picker input").input_value()
    assert picked == f"{spec.title} · {spec.group}"


def test_switching_target_empties_an_old_error(page: Any) -> None:
    spec = TASKS["text-classification"]
    open_tab(page, spec)
    choose_target(page, spec, local=False)
    box = page.locator(f"#{spec.api_name}-model input")
    box.fill("faults/bad-gateway-html")
    box.press("Enter")
    page.locator(f"#{spec.api_name}-run").click()
    page.locator(f"#{spec.api_name}-status .status-error").wait_for(timeout=60_000)
    page.locator("#target-kind").get_by_text("Local models").click()
    page.wait_for_function(
        "id => document.querySelector(id).innerText.trim() === ''",
        arg=f"#{spec.api_name}-status",
        timeout=10_000,
    )


def test_the_model_box_lists_every_local_model(page: Any) -> None:
    spec = TASKS["automatic-speech-recognition"]
    open_tab(page, spec)
    page.locator("#target-kind").get_by_text("Local models").click()
    page.wait_for_timeout(500)
    page.locator(f"#{spec.api_name}-model input").click()
    options = page.locator(f"#{spec.api_name}-model [role=option]").all_inner_texts()
    page.keyboard.press("Escape")
    expected = [model.label for model in local_models(spec.id)]
    assert [option.strip().lstrip("✓").strip() for option in options] == expected


def test_a_table_result_scrolls_instead_of_breaking_words(page: Any, local_ready: set[str]) -> None:
    spec = TASKS["tabular-classification"]
    open_tab(page, spec)
    output = f"#{spec.api_name}-out-table"
    assert not page.locator(output).is_visible()  # no value yet: nothing, not a "1 2 3" table
    choose_target(page, spec, local=spec.local_model in local_ready)
    status = run_first_example(page, spec)
    assert "✓" in status, status
    page.locator(output).scroll_into_view_if_needed()
    shot(page, "tabular_result")
    table = page.locator(f"{output} .virtual-table-viewport")
    width, room = table.evaluate("node => [node.scrollWidth, node.clientWidth]")
    assert width > room  # wider than its column:
    assert table.evaluate("node => getComputedStyle(node).overflowX") in ("auto", "scroll")
    lines = page.locator(f"{output} th span.header").evaluate_all(
        "spans => spans.map(span => span.getClientRects().length)"
    )
    assert lines and set(lines) == {1}, lines  # each header on one line, no word broken
    table.evaluate("node => { node.scrollLeft = node.scrollWidth; }")
    last = page.locator(f"{output} th").last
    assert last.is_visible()
