"""The Tasks overview, the landing view: every task, whether it works on the current target, and
the model it opens on. One click on a task opens its tab."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import gradio as gr

from playground.tasks import GROUPS
from playground.tasks.spec import TaskSpec

from .advice import token_advice
from .models import default_local_model, local_models

__all__ = ["OverviewTarget", "TaskStatus", "build_overview", "overview_html", "task_statuses"]

State = Literal["ready", "missing", "none", "token", "depends"]
# Plain symbols: the page has no emoji font offline.
ICONS: dict[State, str] = {"ready": "✓", "missing": "✗", "none": "–", "token": "!", "depends": "?"}
# Clicks anywhere in a task's row open it (one listener: the rows are redrawn on target changes).
OPEN_ON_CLICK = (
    "element.addEventListener('click', (event) => {"
    " const row = event.target.closest('[data-task]');"
    " if (row) trigger('click', {task: row.dataset.task}); });"
)


@dataclass(frozen=True)
class OverviewTarget:
    """What the overview needs to know about the target bar (never the token itself)."""

    kind: str = "local"
    has_token: bool = False  # the visitor's own, their sign-in's, or the host's
    sign_in: bool = False  # "Sign in with Hugging Face" exists here
    url: str = ""
    local_running: bool = True


@dataclass(frozen=True)
class TaskStatus:
    spec: TaskSpec
    state: State
    model: str | None = None
    note: str = ""


def _local_status(spec: TaskSpec, target: OverviewTarget) -> TaskStatus:
    if not target.local_running:
        return TaskStatus(spec, "none", note="The embedded local server is not running.")
    models = local_models(spec.id)
    default = default_local_model(spec, models)
    if default is None:
        return TaskStatus(spec, "none", note="No local model: try Hugging Face or a custom URL.")
    if not default.installed:
        return TaskStatus(spec, "missing", default.id, f"Not installed here: {default.missing}")
    others = sum(model.installed for model in models) - 1
    note = f"and {others} more local model{'s' if others > 1 else ''}" if others else ""
    return TaskStatus(spec, "ready", default.id, note)


def _hf_status(spec: TaskSpec, target: OverviewTarget) -> TaskStatus:
    model = spec.hub_models[0] if spec.hub_models else None
    if not target.has_token:
        return TaskStatus(spec, "token", model, "Needs a token (see above).")
    if model is None:
        return TaskStatus(spec, "depends", note="Type a model id in the tab's model box.")
    return TaskStatus(spec, "ready", model)


def _custom_status(spec: TaskSpec, target: OverviewTarget) -> TaskStatus:
    if not target.url.strip():
        return TaskStatus(spec, "depends", note="Enter the endpoint URL in the target bar.")
    return TaskStatus(spec, "depends")  # the summary names the server


def task_statuses(specs: Sequence[TaskSpec], target: OverviewTarget) -> list[TaskStatus]:
    """Each task's status on the target, in the order given."""
    status = {"local": _local_status, "hf": _hf_status}.get(target.kind, _custom_status)
    return [status(spec, target) for spec in specs]


def _summary(statuses: Sequence[TaskStatus], target: OverviewTarget) -> str:
    if target.kind == "local":
        ready = sum(status.state == "ready" for status in statuses)
        return (
            f"<b>Local models (offline)</b>: {ready} of {len(statuses)} tasks run here. "
            "The others say what to install, or try them on Hugging Face or a custom URL."
        )
    if target.kind == "hf":
        if target.has_token:
            return (
                "<b>Hugging Face</b>: every task calls Hugging Face with a token; ✓ marks the "
                "tasks with a suggested model."
            )
        return f"<b>Hugging Face</b> needs a token: {html.escape(token_advice(target.sign_in))}."
    host = urlsplit(target.url.strip()).netloc or "your server"
    return (
        f"<b>Custom URL</b>: every task calls {html.escape(host)}; whether it works depends on "
        "that server. <i>Test connection</i> says what answers."
    )


def _row(status: TaskStatus) -> str:
    spec = status.spec
    model = f'<span class="task-model">{html.escape(status.model)}</span>' if status.model else ""
    note = f'<span class="task-note">{html.escape(status.note)}</span>' if status.note else ""
    return (
        f'<button type="button" class="task-row state-{status.state}" '
        f'data-task="{html.escape(spec.id)}" id="overview-{spec.api_name}" '
        f'title="Open {html.escape(spec.title)}">'
        f'<span class="task-icon" aria-hidden="true">{ICONS[status.state]}</span>'
        f'<span class="task-title">{html.escape(spec.title)}</span>{model}{note}</button>'
    )


def overview_html(statuses: Sequence[TaskStatus], target: OverviewTarget) -> str:
    """The overview: a summary line, then the tasks by group, each a clickable row."""
    groups = []
    for group in GROUPS:
        rows = [_row(status) for status in statuses if status.spec.group == group]
        if rows:
            groups.append(
                f'<section class="overview-group"><h3>{html.escape(group)}</h3>{"".join(rows)}'
                "</section>"
            )
    return (
        f'<div class="overview"><p class="overview-summary">{_summary(statuses, target)}</p>'
        f'<div class="overview-groups">{"".join(groups)}</div></div>'
    )


def build_overview(specs: Sequence[TaskSpec], target: OverviewTarget) -> gr.HTML:
    """The overview component; its click event carries the task id (`EventData.task`)."""
    return gr.HTML(
        overview_html(task_statuses(specs, target), target),
        js_on_load=OPEN_ON_CLICK,
        elem_id="overview",
        apply_default_css=False,
    )
