"""The QA tab's Compare view: one task, one input, 2–4 sides run at once; each side's drawn
output, status and timings, then the task-aware comparison below."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.qa.compare import compare
from playground.tasks import TASKS
from playground.tasks.common import local_models
from playground.tasks.spec import TaskSpec

from .compare_html import comparison_html, side_html
from .compare_slots import SLOT_NAMES, slot_updates, slot_values
from .curl_paste import read_paste
from .inputs import AudioInput, ImageInput
from .media_store import MediaStore
from .permalink_view import build_link
from .qa_sides import (
    MAX_SIDES,
    TEXT_SLOTS,
    ComparePlan,
    Side,
    SideRun,
    comparable_tasks,
    plan_call,
    run_sides,
)
from .redacting import redact_outputs
from .tab import AppContext

__all__ = ["CompareForm", "build_compare", "default_sides", "side_status"]

SIDE_KINDS = [("Local", "local"), ("Hugging Face", "hf"), ("Custom URL", "custom")]
DEFAULT_TASK = "text-classification"


@dataclass
class CompareForm:
    """The view's input components, in the order the handlers receive their values."""

    task: Any
    slots: dict[str, Any]
    extra: Any
    count: Any
    kinds: list[Any]
    models: list[Any]
    about: Any = None  # the task's description (shown, not read)
    summary: Any = None  # the line above the results (a link's note goes there too)
    media: MediaStore = field(default_factory=MediaStore)  # small media that links name

    @property
    def components(self) -> list[Any]:
        return [self.task, *self.slots.values(), self.extra, self.count, *self.kinds, *self.models]

    def plan(self, values: Sequence[Any]) -> ComparePlan:
        """The handler's values (in `components` order) as a plan; InputError if unfit."""
        n_slots = len(self.slots)
        task, rest = values[0], values[1:]
        slots = dict(zip(self.slots, rest[:n_slots], strict=True))
        extra, count = rest[n_slots], rest[n_slots + 1]
        sides = rest[n_slots + 2 :]
        return plan_call(task, slots, extra, count, sides[:MAX_SIDES], sides[MAX_SIDES:])


def default_sides(spec: TaskSpec) -> list[Side]:
    """Sensible sides for a task: its local models first, then Hugging Face suggestions."""
    sides = [Side("local", model_id) for model_id, _ in local_models(spec.id)]
    sides += [Side("hf", model_id) for model_id in spec.hub_models]
    while len(sides) < MAX_SIDES:
        sides.append(Side("local", spec.local_model or ""))
    return sides[:MAX_SIDES]


def task_changed(task: str) -> list[Any]:
    """Updates for the slots, then the sides' kinds and models, for a newly chosen task."""
    spec = TASKS[task]
    sides = default_sides(spec)
    return [
        *slot_updates(spec),
        *[side.kind for side in sides],
        *[side.model for side in sides],
        gr.update(value=spec.description),
    ]


def side_status(run: SideRun) -> str:
    """The side's title, then its status and timings in a line."""
    title = f"**{html.escape(run.side.title)}**"
    if not run.ok:
        return f"{title}  \n✗ {html.escape(run.sentence)}"
    code = f"HTTP {run.status_code} · " if run.status_code else ""
    first = run.outcome.exchanges[-1].time_to_headers if run.outcome.exchanges else None
    headers = f" · headers after {first:.3f} s" if first is not None else ""
    return f"{title}  \n✓ {code}{run.seconds:.3f} s{headers}"


def _results(plan: ComparePlan, runs: list[SideRun]) -> list[Any]:
    titles = [f"{i + 1}. {run.side.title}" for i, run in enumerate(runs)]
    statuses = [side_status(run) for run in runs]
    drawn = [side_html(plan.spec.id, run.result, plan.inputs) for run in runs]
    found = compare(plan.spec.id, [run.result for run in runs], text=plan.text)
    table = comparison_html(found, titles, plan.inputs.get("image"))
    pad = MAX_SIDES - len(runs)
    slowest = max(run.seconds for run in runs)
    summary = f"Ran {len(runs)} sides at once; the slowest took {slowest:.3f} s."
    return [*statuses, *[""] * pad, *drawn, *[""] * pad, table, summary]


def make_compare(ctx: AppContext, form: CompareForm) -> Any:
    n_target = len(ctx.target_inputs)

    async def run(request: gr.Request, *values: Any) -> list[Any]:
        blank = [gr.skip()] * (2 * MAX_SIDES + 1)
        try:
            target = ctx.target(request, values[:n_target])
            plan = form.plan(values[n_target:])
        except InputError as error:
            return [*blank, f"⚠ {html.escape(str(error))}", gr.skip()]
        runs = await run_sides(ctx.factory, plan, target)
        shown = redact_outputs(_results(plan, runs), ctx.factory.secrets(target))
        return [*shown, (plan, runs)]

    return run


def _side_inputs(sides: list[Side]) -> tuple[list[Any], list[Any], list[Any]]:
    kinds, models, columns = [], [], []
    with gr.Row(elem_id="qa-sides"):
        for i, side in enumerate(sides):
            with gr.Column(min_width=220, visible=i < 2, elem_id=f"qa-side-{i}") as column:
                kinds.append(
                    gr.Dropdown(
                        SIDE_KINDS, value=side.kind, label=f"Side {i + 1}", elem_id=f"qa-kind-{i}"
                    )
                )
                models.append(
                    gr.Textbox(
                        value=side.model,
                        label="Model (Custom URL: the endpoint URL)",
                        elem_id=f"qa-model-{i}",
                    )
                )
            columns.append(column)
    return kinds, models, columns


def _show_sides(count: Any) -> list[Any]:
    n = int(count) if str(count).isdigit() else 2
    shown = [gr.update(visible=i < n) for i in range(MAX_SIDES)]
    return [*shown, *shown]


def _slots(spec: TaskSpec) -> dict[str, Any]:
    initial = slot_values(spec)

    def shown(slot: str) -> dict[str, Any]:
        found = initial[slot]
        return {"visible": False} if found is None else {"label": found[0], "value": found[1]}

    with gr.Row():
        texts = {
            f"text{i}": gr.Textbox(
                lines=2, max_lines=12, elem_id=f"qa-text{i}", **shown(f"text{i}")
            )
            for i in range(TEXT_SLOTS)
        }
    with gr.Row():
        image = ImageInput(type="filepath", elem_id="qa-image", height=260, **shown("image"))
        audio = AudioInput(type="filepath", elem_id="qa-audio", **shown("audio"))
    return {**texts, "image": image, "audio": audio}


def paste_filled(ctx: AppContext, text: str, current: str) -> list[Any]:
    """Updates for the task, the slots, side 1 and the note, from a pasted curl command."""
    settings = ctx.factory.settings
    skip = [gr.skip()] * (2 + len(SLOT_NAMES) + 2 * MAX_SIDES)  # all but the note
    try:
        pasted = read_paste(text, ctx.factory.local_url, settings.hf_endpoint)
    except InputError as error:
        return [*skip, f"⚠ {html.escape(str(error))}"]
    comparable = {spec.id for spec in comparable_tasks()}
    task = pasted.task if pasted.task in comparable else current
    if task not in comparable:
        return [*skip, "⚠ This request's task can't be compared here; choose a task."]
    slots = slot_updates(TASKS[task])
    for i, value in enumerate(pasted.texts[:TEXT_SLOTS]):
        if slots[i].get("visible"):  # the task has this input
            slots[i]["value"] = value
    how = "from the request" if pasted.task == task else "kept (the request doesn't say)"
    note = f"Filled side 1 and the input; task {how}: {TASKS[task].title}."
    others: list[Any] = [gr.skip()] * (2 * (MAX_SIDES - 1))
    if task != current:  # the other sides' models were for the old task
        sides = default_sides(TASKS[task])[1:]
        others = [*[side.kind for side in sides], *[side.model for side in sides]]
    head = [task, TASKS[task].description, *slots, pasted.kind, pasted.model]
    return [*head, *others, note]


def _paste(ctx: AppContext, form: CompareForm, about: Any) -> None:
    with gr.Accordion("Paste a curl command", open=False, elem_id="qa-paste"):
        text = gr.Textbox(
            lines=3, label="curl command (a token in it is dropped)", elem_id="qa-paste-text"
        )
        fill = gr.Button("Fill from curl", size="sm", elem_id="qa-paste-fill")
        note = gr.Markdown(elem_id="qa-paste-note")
    first, rest = [form.kinds[0], form.models[0]], [*form.kinds[1:], *form.models[1:]]
    outputs = [form.task, about, *form.slots.values(), *first, *rest, note]
    fill.click(
        lambda t, c: paste_filled(ctx, t, c),
        [text, form.task],
        outputs,
        api_visibility="private",
        queue=False,
    )


def build_compare(ctx: AppContext) -> tuple[CompareForm, Any]:
    """The Compare view. Returns the form and the state holding the last run (plan, runs)."""
    spec = TASKS[DEFAULT_TASK]
    choices = [(s.title, s.id) for s in comparable_tasks()]
    with gr.Row():
        task = gr.Dropdown(choices, value=spec.id, label="Task", elem_id="qa-task", scale=2)
        count = gr.Radio([2, 3, 4], value=2, label="Sides", elem_id="qa-count", scale=1)
    about = gr.Markdown(spec.description, elem_id="qa-about")
    slots = _slots(spec)
    with gr.Accordion("Parameters (JSON, sent to every side)", open=False):
        extra = gr.Code(language="json", lines=2, elem_id="qa-extra", label="Parameters")
    kinds, models, side_columns = _side_inputs(default_sides(spec))
    form = CompareForm(task, slots, extra, count, kinds, models)
    _paste(ctx, form, about)
    run = gr.Button("Compare", variant="primary", elem_id="qa-run")
    summary = gr.Markdown(elem_id="qa-summary")
    form.about, form.summary = about, summary
    build_link(ctx, form)
    statuses, drawn, result_columns = [], [], []
    with gr.Row(elem_id="qa-results"):
        for i in range(MAX_SIDES):
            with gr.Column(min_width=220, visible=i < 2) as column:
                statuses.append(gr.Markdown(elem_id=f"qa-status-{i}"))
                drawn.append(gr.HTML(elem_id=f"qa-out-{i}"))
            result_columns.append(column)
    comparison = gr.HTML(elem_id="qa-comparison")
    state = gr.State()
    outputs = [*statuses, *drawn, comparison, summary, state]
    run.click(
        make_compare(ctx, form),
        [*ctx.target_inputs, *form.components],
        outputs,
        api_name="qa_compare",
        api_visibility="private",  # page only: one call fans out to four
        concurrency_limit=ctx.concurrency,
    )
    task.input(
        task_changed,
        task,
        [*slots.values(), *kinds, *models, about],
        api_visibility="private",
        queue=False,
    )
    count.change(
        _show_sides,
        count,
        [*side_columns, *result_columns],
        api_visibility="private",
        queue=False,
    )
    return form, state
