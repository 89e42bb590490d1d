""" "Save this run as a test" in every task tab's inspector: the tab keeps its last run (per
session, in a gr.State), one click turns it into a suite test (input, parameters, observed
output, task-aware assertions) shown as YAML to edit, another appends it to a suite file.
Saving goes through `suite_files`, as the QA tab's does; off in public mode."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr
import yaml

from playground.client.redaction import redact, redact_tokens, redact_value
from playground.qa.save import run_as_test
from playground.tasks.spec import CallArgs

from .runner import Outcome
from .suite_files import DEFAULT_SUITE, PUBLIC_REFUSAL, save_edited
from .target import ClientFactory, TargetChoice

__all__ = [
    "LastRun",
    "SaveControls",
    "as_last_run",
    "build_save_controls",
    "last_run",
    "make_test",
    "run_test_yaml",
    "suite_parameters",
    "wire_save",
]

NO_RUN = "Run the task first: a test is made from the tab's last successful run."
EDIT_NOTE = "Edit the test (its assertions are under `expect`) if you like, then save."
GENERATED_TASKS = ("chat-completion", "text-generation")
SAMPLED_NOTE = (
    "# A generated reply: unless decoding is greedy (temperature: 0) or seeded (seed: N),\n"
    "# a re-run may word it differently; loosen or drop the text assertion if so.\n"
)


@dataclass(frozen=True)
class LastRun:
    """What a tab keeps of its last successful run: enough to redraw its outputs and to save it
    as a test. `target` says whose tokens to mask; it never reaches the page."""

    task: str
    call: CallArgs
    model: str | None
    result: Any
    seconds: float | None
    target: TargetChoice


def last_run(
    task: str, outcome: Outcome, factory: ClientFactory, target: TargetChoice
) -> LastRun | None:
    """What a tab keeps of a run: nothing for a failed one; the result masked as the page got
    it, since what is redrawn from the state isn't masked again."""
    if not outcome.ok:
        return None
    last = outcome.exchanges[-1] if outcome.exchanges else None
    return LastRun(
        task=task,
        call=outcome.call,
        model=outcome.model,
        result=redact_value(outcome.result, factory.secrets(target)),
        seconds=last.duration if last is not None else None,
        target=target,
    )


def as_last_run(state: Any) -> LastRun | None:
    return state if isinstance(state, LastRun) else None


@dataclass
class SaveControls:
    """The inspector's "Save this run as a test" section."""

    make: Any
    test: Any
    where: Any
    save: Any
    note: Any


def build_save_controls(prefix: str) -> SaveControls:
    """The section's components (inside the inspector); `wire_save` connects them."""
    with gr.Accordion("Save this run as a test", open=False, elem_id=f"{prefix}-save"):
        make = gr.Button("Make a test from the last run", elem_id=f"{prefix}-make-test")
        test = gr.Code(language="yaml", label="Test (editable)", elem_id=f"{prefix}-test-yaml")
        with gr.Row(equal_height=True):
            where = gr.Textbox(
                value=DEFAULT_SUITE,
                label="Suite file (created if missing; media go to its media/ folder)",
                elem_id=f"{prefix}-suite-path",
                scale=3,
            )
            save = gr.Button("Save test", elem_id=f"{prefix}-save-test")
        note = gr.Markdown(elem_id=f"{prefix}-save-note")
    return SaveControls(make, test, where, save, note)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (dict, list, tuple)) and not value)


def suite_parameters(call: CallArgs) -> dict[str, Any]:
    """The call's keyword arguments as a test's parameters: a `parameters=` dict (where the
    extra JSON box's unknown keys went) folded in, empty values left out."""
    kwargs = dict(call.kwargs)
    nested = kwargs.pop("parameters", None)
    merged = {**kwargs, **(dict(nested) if isinstance(nested, Mapping) else {})}
    return {name: value for name, value in merged.items() if not _empty(value)}


def _sampled(task: str, parameters: Mapping[str, Any]) -> bool:
    return (
        task in GENERATED_TASKS
        and "seed" not in parameters
        and (parameters.get("temperature") != 0)
    )


def run_test_yaml(run: LastRun, secrets: Sequence[str]) -> str:
    """The run as one suite test in YAML, every token of the call masked."""
    parameters = suite_parameters(run.call)
    test = run_as_test(
        run.task, run.call.args, parameters, run.result, run.seconds, model=run.model
    )
    data = test.to_yaml()
    try:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=96)
    except yaml.YAMLError:  # an output YAML can't hold (an image): the assertions still can
        data.pop("observed", None)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=96)
    note = SAMPLED_NOTE if _sampled(run.task, parameters) else ""
    return note + redact_tokens(redact(text, secrets))


def make_test(run: LastRun | None, factory: ClientFactory) -> tuple[str | None, str]:
    """The YAML for the last run (None when there is none) and a note for the page."""
    if factory.settings.public:
        return None, PUBLIC_REFUSAL
    if run is None:
        return None, NO_RUN
    try:
        return run_test_yaml(run, factory.secrets(run.target)), EDIT_NOTE
    except Exception as error:  # e.g. a task the suite format has no method for
        return None, f"⚠ This run can't be made into a test: {html.escape(str(error))}"


def wire_save(
    controls: SaveControls,
    state: Any,
    factory: ClientFactory,
    last_run: Callable[[Any], LastRun | None],
) -> None:
    """Make test reads the tab's state (`last_run` turns it into a LastRun); Save writes the
    edited YAML. In public mode both buttons are off and say why."""
    public = factory.settings.public
    if public:
        controls.make.interactive = controls.save.interactive = False
        controls.note.value = PUBLIC_REFUSAL

    def on_make(value: Any) -> list[Any]:
        text, note = make_test(last_run(value), factory)
        return [gr.skip() if text is None else text, note]

    def on_save(text: str, where: str) -> str:
        return save_edited(text, where, public=public)

    private: dict[str, Any] = {"api_visibility": "private", "queue": False}
    controls.make.click(on_make, [state], [controls.test, controls.note], **private)
    controls.save.click(on_save, [controls.test, controls.where], controls.note, **private)
