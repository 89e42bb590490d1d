"""A newcomer's first run, in headless Chromium at 1280×900: the app as `scripts/run` starts it
on the default install (the local target, the embedded local server, no token, offline), then
every tab's every example on the local models, Test connection on each target, a second local
model, Stop in a local chat stream, the inspector, and the snippets run outside the browser.

Anything a visitor would see as broken fails it: an error box or toast, a table showing Gradio's
"1 2 3" placeholder headers, a console error, a request leaving this machine. One full-page
screenshot per tab goes to artifacts/screenshots/journey/."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from playground.ui.launch import start_local_server
from playground.ui.models import local_models
from playground.ui.settings import Settings

from .app_server import ARTIFACTS, free_port, launch_app
from .browser import (
    RUN_SECONDS,
    choose_model,
    example_items,
    loopback_page,
    open_tab,
    run_example,
    select_kind,
    status_html,
)

pytestmark = [pytest.mark.journey, pytest.mark.browser]
WIDTH, HEIGHT = 1280, 900
SHOTS = ARTIFACTS / "journey"
ROOT = Path(__file__).resolve().parents[2]
SPECS = list(TASKS.values())
OFFLINE = [spec for spec in SPECS if local_models(spec.id)]
NOT_OFFLINE = [spec for spec in SPECS if not local_models(spec.id)]

# What a visitor sees as broken, as the page draws it: our own error status, Gradio's toasts,
# a component's "Error" badge, and a component that failed to render.
ERROR_BOXES = (
    ".status-error, [data-testid='toast-body'], [data-testid='status-tracker'] .error, "
    ".error-container"
)
# Gradio draws an empty gr.Dataframe with placeholder headers "1", "2", "3": a visitor reads it
# as a broken table. The ids of the components showing one.
PLACEHOLDER_TABLES = """() => [...document.querySelectorAll('table')]
  .filter(table => table.offsetParent !== null)
  .filter(table => {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
    return heads.length > 0 && heads.every((text, i) => text === String(i + 1));
  })
  .map(table => table.closest('[id]')?.id || 'a table')"""


@dataclass(frozen=True)
class App:
    url: str
    local_url: str
    local_port: int
    fake_url: str


@dataclass
class Watched:
    """The page and what went wrong in it that isn't in the DOM."""

    page: Any
    console: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def app(fake_server: str) -> Iterator[App]:
    """Launched as `scripts/run` does by default (local target, embedded local server), on
    free ports, with the Hugging Face endpoint at the fake server so nothing leaves loopback."""
    settings = Settings(
        port=free_port(),
        target="local",
        hf_endpoint=fake_server,
        local_port=free_port(),
        concurrency=8,
    )
    settings, local = start_local_server(settings)
    if local is None or not settings.local_url:
        pytest.fail("the embedded local server did not start on the default install")
    launched = asyncio.run(launch_app(settings))
    try:
        yield App(
            f"http://127.0.0.1:{settings.port}/",
            settings.local_url,
            settings.local_port,
            fake_server,
        )
    finally:
        launched.close()
        local.stop()


@pytest.fixture(scope="module")
def watched(app: App) -> Iterator[Watched]:
    with loopback_page(WIDTH, HEIGHT) as (tab, outside):
        seen = Watched(tab, outside=outside)
        tab.on("console", lambda msg: _console(seen, msg))
        tab.on("pageerror", lambda error: seen.console.append(f"page error: {error}"))
        tab.goto(app.url, wait_until="domcontentloaded")
        tab.wait_for_selector("#overview .task-row", timeout=60_000)
        yield seen


def _console(seen: Watched, message: Any) -> None:
    if message.type == "error":
        seen.console.append(f"console error: {message.text} ({message.location})")


@pytest.fixture
def page(watched: Watched) -> Iterator[Any]:
    """The shared page; after each step, nothing on it may look broken."""
    watched.console.clear()
    yield watched.page
    problems = broken(watched)
    watched.console.clear()
    watched.outside.clear()
    assert problems == [], "\n".join(problems)


def broken(watched: Watched) -> list[str]:
    page = watched.page
    problems = [*watched.console, *(f"left loopback: {url}" for url in watched.outside)]
    for box in page.locator(ERROR_BOXES).all():
        if box.is_visible():
            problems.append(f"error shown: {box.inner_text().strip()[:300]!r}")
    for where in page.evaluate(PLACEHOLDER_TABLES):
        problems.append(f"placeholder table (headers 1 2 3) in #{where}")
    return problems


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# 1. The landing view


def test_the_landing_view_lists_every_task_and_what_runs_here(page: Any) -> None:
    selected = page.get_by_role("tab", name="Tasks", exact=True)
    assert selected.get_attribute("aria-selected") == "true"
    rows = page.locator("#overview .task-row")
    assert rows.count() == len(SPECS)
    for spec in SPECS:
        row = page.locator(f"#overview-{spec.api_name}")
        assert spec.title in row.inner_text()
        state = "state-ready" if spec in OFFLINE else "state-none"
        assert state in (row.get_attribute("class") or ""), (spec.id, row.get_attribute("class"))
    summary = page.locator("#overview .overview-summary").inner_text()
    assert f"{len(OFFLINE)} of {len(SPECS)} tasks run here" in summary, summary
    for spec in NOT_OFFLINE:
        assert "No local model" in page.locator(f"#overview-{spec.api_name}").inner_text()
    shot(page, "overview")


# 2. Every example of every tab, on the local target


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.id)
def test_every_example_runs_on_the_local_models(page: Any, spec: TaskSpec) -> None:
    open_tab(page, spec)
    select_kind(page, "local", spec)
    if spec in NOT_OFFLINE:
        _says_it_has_no_local_model(page, spec)
        return
    items = example_items(page, spec)
    count = items.count()
    assert count == len(spec.examples), f"{count} examples shown, {len(spec.examples)} defined"
    for index in range(count):
        status = run_example(page, spec, index)
        assert "✓" in status and "⚠" not in status, f"example {index + 1}: {status}"
        assert _output_shown(page, spec), f"example {index + 1} drew nothing"
    shot(page, spec.api_name)


def _says_it_has_no_local_model(page: Any, spec: TaskSpec) -> None:
    """Before any click, the tab itself (not only the overview) says it has no offline model."""
    panel = page.locator(f"#tab-{spec.api_name}")
    shot(page, spec.api_name)
    text = panel.inner_text()
    assert re.search(r"no local model does", text, re.IGNORECASE), text[:500]
    assert "Hugging Face" in page.locator(f"#{spec.api_name}-destination").inner_text()


def _output_shown(page: Any, spec: TaskSpec) -> bool:
    """Something was drawn in the outputs column (chat: the bot's reply)."""
    if spec.id == "chat-completion":
        return bool(_bot_text(page).strip())
    if spec.id == "text-generation":
        return bool(page.locator("#text_generation-out-text textarea").input_value().strip())
    outputs = page.locator(f"[id^='{spec.api_name}-out-']")
    return outputs.count() > 0 and any(
        node.is_visible() and (node.inner_text().strip() or node.locator("img, audio").count())
        for node in outputs.all()
    )


def _bot_text(page: Any) -> str:
    messages = page.locator("#chat_completion-chatbot [data-testid='bot']")
    return str(messages.last.inner_text()) if messages.count() else ""


# 3. Test connection on each target


def test_test_connection_says_what_answered_on_each_target(page: Any, app: App) -> None:
    spec = TASKS["text-classification"]
    open_tab(page, spec)
    report = page.locator("#target-report")
    for kind, expected in (
        ("local", f"Local server at {app.local_url}"),
        ("hf", f"Hugging Face reachable ({app.fake_url})"),
        ("custom", "Reachable"),
    ):
        select_kind(page, kind, spec)
        if kind == "custom":
            url = page.locator("#target-url textarea, #target-url input").first
            url.fill(app.local_url)
            url.press("Enter")
        page.locator("#target-test").click()
        page.wait_for_function(
            "text => document.querySelector('#target-report').innerText.includes(text)",
            arg=expected,
            timeout=60_000,
        )
        text = report.inner_text()
        assert "⚠" not in text, text
        assert text.startswith("✓"), text
        if kind == "custom":  # it names what answered: our local server, not "TGI"
            assert "the playground's local server" in text, text
    shot(page, "test-connection")
    select_kind(page, "local", spec)


# 4. A second local model


@pytest.mark.parametrize("task", ["translation", "text-classification"])
def test_a_second_local_model_runs(page: Any, task: str) -> None:
    spec = TASKS[task]
    open_tab(page, spec)
    select_kind(page, "local", spec)
    models = [model for model in local_models(spec.id) if model.installed]
    assert len(models) >= 2, f"{spec.id} has one installed local model: {models}"
    second = next(model for model in models if model.id != spec.local_model)
    box = page.locator(f"#{spec.api_name}-model input")
    box.click()
    page.get_by_role("option", name=second.label).click()
    choose_model(page, spec, second.id)  # makes sure the box shows it
    status = run_example(page, spec, 0)
    assert "✓" in status and "⚠" not in status, status
    _open_inspector(page, spec)
    summary = page.locator(f"#{spec.api_name}-inspector-summary").inner_text()
    assert second.id in summary or second.id.split("/")[1] in summary, summary
    shot(page, f"{spec.api_name}-second-model")


# 5. Stop during a local chat stream


@pytest.fixture
def fresh_page(watched: Watched, app: App) -> Iterator[Any]:
    """A second page on the app, as a visitor who just opened it: on the journey's page, after
    every tab has run, a streaming chat kept Chromium too busy to take a click for 30 s+ (see
    the report in the commit); Stop itself is checked here, that defect separately."""
    tab = watched.page.context.new_page()
    tab.on("console", lambda msg: _console(watched, msg))
    tab.on("pageerror", lambda error: watched.console.append(f"page error: {error}"))
    tab.goto(app.url, wait_until="domcontentloaded")
    tab.wait_for_selector("#overview .task-row", timeout=60_000)
    yield tab
    problems = broken(Watched(tab, watched.console, watched.outside))
    tab.close()
    assert problems == [], "\n".join(problems)


def test_stop_during_a_local_chat_stream(page: Any, fresh_page: Any) -> None:
    page = fresh_page
    spec = TASKS["chat-completion"]
    open_tab(page, spec)
    select_kind(page, "local", spec)
    page.locator("#chat_completion-clear").click()
    page.locator("#chat_completion-system textarea").fill(
        "You are a storyteller. Answer at great length."
    )
    page.locator("#chat_completion-message textarea").fill(
        "Write a long story, at least 400 words, about a lighthouse keeper and a storm."
    )
    page.locator("#chat_completion-send").click()
    page.wait_for_function(
        "() => { const m = [...document.querySelectorAll("
        "\"#chat_completion-chatbot [data-testid='bot']\")].pop();"
        " return m && m.innerText.trim().split(/\\s+/).length >= 3; }",
        timeout=RUN_SECONDS * 1000,
    )
    # A person's click lands wherever the button is; Playwright's own click first waits for
    # the button to hold still over two animation frames, which a page busy drawing the stream
    # (the local model on both cores) can take longer than the whole reply to give.
    page.locator("#chat_completion-stop").click(force=True)
    page.wait_for_function(
        "() => document.querySelector('#chat_completion-status').innerText.includes('Stopped')",
        timeout=30_000,
    )
    stopped = _bot_text(page)
    page.wait_for_timeout(3000)  # long enough for several more tokens, were it still running
    shot(page, "chat_completion-stopped")
    assert _bot_text(page) == stopped, "the reply kept growing after Stop"
    assert "Stopped" in status_html(page, spec)


# 6. The inspector, after a run


INSPECTOR_TABS = {
    "curl": "curl",
    "Python · playground.client": "python",
    "Python · huggingface_hub": "hub",
    "JavaScript": "js",
    "Stream events": "events",
}


def _open_inspector(page: Any, spec: TaskSpec) -> Any:
    inspector = page.locator(f"#{spec.api_name}-inspector")
    if not page.locator(f"#{spec.api_name}-inspector-summary").is_visible():
        inspector.get_by_role("button").first.click()
    page.locator(f"#{spec.api_name}-inspector-summary").wait_for(state="visible")
    return inspector


def code_text(page: Any, elem_id: str) -> str:
    """A gr.Code's text, line by line as CodeMirror draws it."""
    lines = page.locator(f"#{elem_id} .cm-line")
    return "\n".join(line.inner_text() for line in lines.all())


@pytest.mark.parametrize("task", ["text-classification", "text-generation"])
def test_every_inspector_tab_shows_the_run(page: Any, task: str) -> None:
    spec = TASKS[task]
    open_tab(page, spec)
    select_kind(page, "local", spec)
    assert "✓" in run_example(page, spec, 0)
    inspector = _open_inspector(page, spec)
    summary = page.locator(f"#{spec.api_name}-inspector-summary").inner_text()
    assert "→ 200" in summary.replace("**", ""), summary
    for part in ("request", "response"):
        text = page.locator(f"#{spec.api_name}-{part}").inner_text()
        assert len(text.strip()) > 20, f"{part}: {text!r}"
    for name, suffix in INSPECTOR_TABS.items():
        inspector.get_by_role("tab", name=name, exact=True).click()
        page.locator(f"#{spec.api_name}-{suffix} .cm-line").first.wait_for(state="visible")
        text = code_text(page, f"{spec.api_name}-{suffix}")
        assert len(text.strip()) > 10, f"{name}: {text!r}"
        if name == "Stream events" and spec.streaming:
            assert "ms" in text and "Not a stream" not in text, text
    shot(page, f"{spec.api_name}-inspector")


# 7. Snippets copied from the page run as they are


def test_snippets_from_a_local_run_run_outside_the_browser(page: Any, app: App) -> None:
    spec = TASKS["text-classification"]
    open_tab(page, spec)
    select_kind(page, "local", spec)
    assert "✓" in run_example(page, spec, 0)
    shown = page.locator(f"#{spec.api_name}-out-labels").inner_text()
    inspector = _open_inspector(page, spec)

    inspector.get_by_role("tab", name="curl", exact=True).click()
    page.locator(f"#{spec.api_name}-curl .cm-line").first.wait_for(state="visible")
    curl = code_text(page, f"{spec.api_name}-curl")
    assert f"port {app.local_port}" in curl, curl  # the note names this run's port
    assert f"{app.local_url}/" in curl, curl
    out = _run(["bash", "-c", curl])
    answer = json.loads(out)
    labels = _labels(answer)
    assert labels, out
    assert labels[0] in shown, (labels, shown)

    inspector.get_by_role("tab", name="Python · playground.client", exact=True).click()
    page.locator(f"#{spec.api_name}-python .cm-line").first.wait_for(state="visible")
    python = code_text(page, f"{spec.api_name}-python")
    assert f"inference_endpoint={app.local_url!r}" in python, python
    out = _run([sys.executable, "-c", python])
    assert labels[0] in out, out


def _labels(answer: Any) -> list[str]:
    """Labels in a text-classification answer (flat or nested list of {label, score})."""
    items = answer[0] if answer and isinstance(answer[0], list) else answer
    return [item["label"] for item in items]


def _run(command: list[str]) -> str:
    env = {
        **os.environ,
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=ROOT, env=env, check=False
    )
    assert done.returncode == 0, f"{command[:2]} exit {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout
