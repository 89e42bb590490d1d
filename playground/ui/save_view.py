"""Save a compared side as a suite test: `playground.qa.save` makes the test (input, parameters,
observed output, task-aware assertions), the page shows it as YAML to edit, then appends it to
a suite file in a folder the user chooses (its media copied next to it). Off in public mode:
visitors don't write files on the host."""

from __future__ import annotations

import html
from typing import Any

import gradio as gr
import yaml

from playground.qa.save import run_as_test
from playground.qa.suite import SuiteError

from .events import PRIVATE
from .qa_sides import ComparePlan, SideRun
from .suite_files import DEFAULT_SUITE, PUBLIC_REFUSAL, parse_test, save_edited, suite_path
from .tab import AppContext

__all__ = ["DEFAULT_SUITE", "PUBLIC_REFUSAL", "build_save", "parse_test", "run_yaml", "suite_path"]


def run_yaml(plan: ComparePlan, run: SideRun) -> str:
    """The side's run as one test, in the suite file's YAML."""
    test = run_as_test(
        plan.spec.id,
        plan.call.args,
        {**dict(plan.call.kwargs), **dict(plan.extra)},
        run.result,
        run.seconds,
        model=run.outcome.model,
    )
    text: str = yaml.safe_dump(test.to_yaml(), sort_keys=False, allow_unicode=True, width=96)
    return text


def _side_run(state: Any, number: Any) -> tuple[ComparePlan, SideRun]:
    if not state:
        raise SuiteError("Run a comparison first: a test is made from a side's run.")
    plan, runs = state
    index = int(number or 1) - 1
    if not 0 <= index < len(runs):
        raise SuiteError(f"The last comparison has no side {index + 1}.")
    if not runs[index].ok:
        raise SuiteError(f"Side {index + 1} failed; a test needs a run that answered.")
    return plan, runs[index]


def _handlers(public: bool) -> tuple[Any, Any]:
    def prepare(state: Any, number: Any) -> list[Any]:
        if public:
            return [gr.skip(), PUBLIC_REFUSAL]
        try:
            plan, run = _side_run(state, number)
        except SuiteError as error:
            return [gr.skip(), f"⚠ {html.escape(str(error))}"]
        note = "Edit the assertions (`expect`) if you like, then save."
        return [run_yaml(plan, run), note]

    def save(text: str, where: str) -> str:
        return save_edited(text, where, public=public)

    return prepare, save


def build_save(ctx: AppContext, state: Any) -> None:
    """The section (inside the Compare view; `state` holds the last comparison)."""
    public = ctx.factory.settings.public
    with gr.Accordion("Save a side's run as a test", open=False, elem_id="qa-save"):
        with gr.Row(equal_height=True):
            side = gr.Radio([1, 2, 3, 4], value=1, label="Side", elem_id="qa-save-side")
            prepare = gr.Button("Make test", elem_id="qa-make-test", interactive=not public)
        test = gr.Code(language="yaml", label="Test (editable)", elem_id="qa-test-yaml")
        with gr.Row(equal_height=True):
            where = gr.Textbox(
                value=DEFAULT_SUITE,
                label="Suite file (created if missing; media go to its media/ folder)",
                elem_id="qa-suite-path",
                scale=3,
            )
            save = gr.Button("Save test", elem_id="qa-save-test", interactive=not public)
        note = gr.Markdown(PUBLIC_REFUSAL if public else "", elem_id="qa-save-note")
    on_prepare, on_save = _handlers(public)
    prepare.click(on_prepare, [state, side], [test, note], **PRIVATE)
    save.click(on_save, [test, where], note, **PRIVATE)
