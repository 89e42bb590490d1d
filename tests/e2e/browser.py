"""Driving the playground in headless Debian Chromium: the browser's flags, the loopback-only
guard, and the moves a visitor makes (open a tab through the picker, pick a target and model,
click an example and wait for its run). Shared by the browser tests and the journey."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from playground.tasks.spec import TaskSpec
from playground.ui.models import model_choices

__all__ = [
    "ARGS",
    "CHROMIUM",
    "RUN_SECONDS",
    "choose_model",
    "choose_target",
    "example_items",
    "only_loopback",
    "open_tab",
    "run_example",
    "run_first_example",
    "select_kind",
    "status_html",
]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--disable-extensions",
]
RUN_SECONDS = 180
KIND_LABELS = {"local": "Local models", "hf": "Hugging Face", "custom": "Custom URL"}
# A run counts once its status went through "running" (a previous run's ✓ must not count).
WATCH_RUN = """selector => {
  const node = document.querySelector(selector);
  window.__runSeen = false;
  new MutationObserver(() => {
    if (node.querySelector('.status-running')) window.__runSeen = true;
  }).observe(node, {subtree: true, childList: true, characterData: true});
}"""
RUN_FINISHED = """selector => window.__runSeen &&
  document.querySelector(selector).querySelector('.status-ok, .status-error') !== null"""
# What a Dataset draws per sample: a button (one input) or a table row (several).
EXAMPLE_ITEMS = "button.gallery-item, tr.tr-body"


def only_loopback(route: Any, outside: list[str]) -> None:
    """A context route: requests to this machine go on; any other is aborted and noted."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        outside.append(url)
        route.abort()


@contextmanager
def loopback_page(width: int = 1400, height: int = 1000) -> Iterator[tuple[Any, list[str]]]:
    """A page in headless Debian Chromium whose requests may only go to 127.0.0.1 (the others
    are aborted and listed), and that list; skips when chromium is missing, and fails at the
    end if anything tried to leave loopback."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (scripts/install dev installs it)")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", lambda route: only_loopback(route, outside))
        yield context.new_page(), outside
        browser.close()
    assert outside == [], f"the page tried to reach the internet: {outside}"


def open_tab(page: Any, spec: TaskSpec) -> None:
    """Through the task picker, typing part of the task's name as a visitor would."""
    box = page.locator("#task-picker input")
    box.click()
    box.press("Control+a")
    box.press_sequentially(spec.title, delay=10)
    option = page.locator("#task-picker").get_by_role(
        "option", name=f"{spec.title} · {spec.group}", exact=True
    )
    option.click()
    page.wait_for_selector(f"#{spec.api_name}-model", state="visible", timeout=30_000)


def _model_label(spec: TaskSpec, kind: str) -> str:
    """What the model box shows once the target bar switched to `kind` (its default's label)."""
    choices, default = model_choices(spec, kind)
    return next((label for label, value in choices if value == default), default or "")


def select_kind(page: Any, kind: str, spec: TaskSpec | None = None) -> None:
    """Pick a target kind in the target bar. A new kind resets every tab's model box (a
    server round trip); with `spec`, this waits until that tab's box shows the kind's default,
    so a model typed next isn't overwritten by the late reset."""
    radio = page.locator(f"#target-kind input[value='{kind}']")
    if radio.is_checked():
        return
    page.locator("#target-kind").get_by_text(KIND_LABELS[kind]).click()
    if spec is not None:
        page.wait_for_function(
            "([selector, label]) => document.querySelector(selector)?.value === label",
            arg=[f"#{spec.api_name}-model input", _model_label(spec, kind)],
            timeout=30_000,
        )


def choose_model(page: Any, spec: TaskSpec, model: str, attempts: int = 3) -> None:
    """Type a model id (or pick a choice's value) into the tab's model box and make sure it
    took: the box sometimes loses a value typed while another update lands, so retry."""
    box = page.locator(f"#{spec.api_name}-model input")
    shown = next(
        (label for label, value in model_choices_here(page, spec) if value == model), model
    )
    for attempt in range(attempts):
        box.fill(model)
        box.press("Enter")
        try:
            page.wait_for_function(
                "([selector, wanted]) => document.querySelector(selector)?.value === wanted",
                arg=[f"#{spec.api_name}-model input", shown],
                timeout=5_000,
            )
            return
        except Exception:
            if attempt == attempts - 1:
                raise


def model_choices_here(page: Any, spec: TaskSpec) -> list[tuple[str, str]]:
    """The model box's choices for the kind the target bar shows now."""
    for kind in KIND_LABELS:
        if page.locator(f"#target-kind input[value='{kind}']").is_checked():
            return model_choices(spec, kind)[0]
    return []


def choose_target(page: Any, spec: TaskSpec, local: bool) -> None:
    """The local target with the tab's default model, or Hugging Face (the fake server) with
    the fake's model for the task."""
    select_kind(page, "local" if local else "hf", spec)
    if not local:
        choose_model(page, spec, f"fake/{spec.id}")


def status_html(page: Any, spec: TaskSpec) -> str:
    return str(page.locator(f"#{spec.api_name}-status").inner_text())


def example_items(page: Any, spec: TaskSpec) -> Any:
    return page.locator(f"#{spec.api_name}-examples").locator(EXAMPLE_ITEMS)


def run_example(page: Any, spec: TaskSpec, index: int, seconds: float = RUN_SECONDS) -> str:
    """Click the tab's example `index` and wait until its run finished; the status text."""
    selector = f"#{spec.api_name}-status"
    page.evaluate(WATCH_RUN, selector)  # the previous run's status must not count as this one's
    example_items(page, spec).nth(index).click()
    page.wait_for_function(RUN_FINISHED, arg=selector, timeout=seconds * 1000)
    return status_html(page, spec)


def run_first_example(page: Any, spec: TaskSpec) -> str:
    return run_example(page, spec, 0)
