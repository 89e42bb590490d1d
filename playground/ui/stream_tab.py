"""One streaming tab: the Run handler, Stop, the wiring and the widgets every streaming task
shares (chat, text generation). A layout (`chat_tab`, `generation_tab`) says only what is
different: its widgets, how its inputs become a call, and what shows while and after the text
streams."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import gradio as gr

from playground.client import InputError
from playground.tasks.spec import CallArgs, Example, Param, TaskSpec

from .components import param_component, param_value
from .inspector import Inspector, InspectorView
from .named import TaskInputs, named_handler, target_values
from .redacting import redact_outputs
from .report import status_error, status_running
from .runner import error_sentence
from .stream_runner import (
    RAW_EVENT,
    StreamRun,
    final_status,
    run_stream,
    run_view,
    serialized,
    tracking,
)
from .tab import AppContext, redacted
from .target import TargetChoice

__all__ = [
    "Started",
    "StreamLayout",
    "StreamParts",
    "examples_dataset",
    "make_stream_runner",
    "make_stream_stopper",
    "param_values",
    "params_panel",
    "wire_stream_tab",
]

REFUSED_INSPECTOR = InspectorView(summary="No request was sent.").values()
SKIP_INSPECTOR = [gr.skip()] * len(REFUSED_INSPECTOR)


@dataclass(frozen=True)
class Started:
    """A run's call, its extra request fields, and what the streamed text follows (the chat so
    far, or the prompt when the server echoes it)."""

    call: CallArgs
    extra: dict[str, Any] = field(default_factory=dict)
    prefix: Any = None


@dataclass
class StreamParts:
    """The components every streaming tab has; `views` are the layout's own outputs (before the
    status line), `runs` the buttons/boxes that start a run and `regenerate` one that answers
    the last message again."""

    spec: TaskSpec
    inputs: list[Any]
    views: list[Any]
    status: Any
    state: Any
    inspector: Inspector
    runs: list[Any]
    stop: Any
    examples: Any | None = None
    example_target: Any = None
    regenerate: Any = None
    resets: list[Any] = field(default_factory=list)

    @property
    def outputs(self) -> list[Any]:
        return [*self.views, self.status, self.state, *self.inspector.components]


class StreamLayout(Protocol):
    """What a streaming layout adds to the shared handler."""

    example_field: str

    def inputs(self, spec: TaskSpec) -> TaskInputs: ...

    def start(self, spec: TaskSpec, values: Mapping[str, Any], regenerate: bool) -> Started:
        """The call to make; InputError (one sentence) when the inputs can't make one."""
        ...

    def chunk_text(self, item: Any) -> str: ...

    def is_token(self, item: Any) -> bool:
        """Whether an item counts as a token (for tokens/s)."""
        ...

    def progress(self, run: StreamRun, first: bool) -> list[Any]:
        """The layout's views while the text streams (`first`: before anything came)."""
        ...

    def result(self, run: StreamRun) -> list[Any]:
        """The layout's views when the run is over (finished, failed or stopped)."""
        ...

    def skipped(self) -> list[Any]:
        """The layout's views left as they are."""
        ...


def make_stream_runner(
    spec: TaskSpec, ctx: AppContext, layout: StreamLayout, *, regenerate: bool = False
) -> Any:
    """The handler of Run (or Send, or Regenerate): progress while the server makes us wait,
    the text as it streams, then the result, the status and the inspector."""
    names = layout.inputs(spec)

    def refused(sentence: str) -> list[Any]:
        return [*layout.skipped(), status_error(sentence), gr.skip(), *REFUSED_INSPECTOR]

    async def stream(request: gr.Request, values: Mapping[str, Any]) -> AsyncIterator[list[Any]]:
        try:
            target = ctx.target(request, target_values(values))
        except InputError as exc:  # e.g. the Timeout box
            yield refused(str(exc))
            return
        async with redacted(ctx, target, steps(target, values)) as updates:
            async for update in updates:
                yield update

    async def steps(target: TargetChoice, values: Mapping[str, Any]) -> AsyncIterator[list[Any]]:
        try:
            started = layout.start(spec, values, regenerate)
        except Exception as exc:
            yield refused(error_sentence(exc))
            return
        run = StreamRun(spec, target, prefix=started.prefix)
        with tracking(run):
            running = generating = status_running()
            yield [*layout.progress(run, True), running, run, *_EMPTY]
            model = ctx.factory.model_for(spec, target, values["model"])
            updates = run_stream(
                ctx.factory, run, model, started.call, started.extra,
                visible=_has_text(layout), is_token=layout.is_token,
            )  # fmt: skip
            async with contextlib.aclosing(updates):
                async for update in updates:
                    if isinstance(update, str):
                        running = update
                    else:
                        running = generating  # tokens flow: a "loading…" line is over
                        run.text += "".join(map(layout.chunk_text, update))
                    yield [*layout.progress(run, False), running, run, *_EMPTY]
            yield [*layout.result(run), *_closing(run, ctx, keep_state=False)]

    summary = "Answer the last message again" if regenerate else f"Run {spec.title.lower()}"
    return named_handler(stream, names.slots, f"{summary}: streamed, then the inspector.")


_EMPTY = InspectorView().values()


def _has_text(layout: StreamLayout) -> Any:
    return lambda item: bool(layout.chunk_text(item))


def _closing(run: StreamRun, ctx: AppContext, *, keep_state: bool) -> list[Any]:
    state = gr.skip() if keep_state else run
    return [final_status(run), state, *run_view(run, ctx.factory).values()]


def make_stream_stopper(ctx: AppContext, layout: StreamLayout) -> Any:
    """Stop: the run is cancelled by `cancels=`; this waits until its stream is closed, then
    shows everything received, "stopped", and the inspector."""

    async def stop(run: StreamRun | None) -> list[Any]:
        if run is None or run.finished:
            return [*layout.skipped(), gr.skip(), gr.skip(), *SKIP_INSPECTOR]
        await run.wait_closed()
        shown = [*layout.result(run), *_closing(run, ctx, keep_state=True)]
        return redact_outputs(shown, ctx.factory.secrets(run.target))

    return stop


def wire_stream_tab(ctx: AppContext, layout: StreamLayout, parts: StreamParts) -> list[Any]:
    """Run/Send (the API endpoint), Enter, Regenerate, the examples, Stop and the resets
    (Clear): each run cancellable by Stop. Returns the run events."""
    spec, outputs = parts.spec, parts.outputs
    queued = {"concurrency_limit": ctx.concurrency, "concurrency_id": spec.id, **RAW_EVENT}
    private = {**queued, "api_visibility": "private"}
    runner = serialized(make_stream_runner(spec, ctx, layout), outputs)
    first, *others = parts.runs
    events = [first.click(runner, parts.inputs, outputs, api_name=spec.api_name, **queued)]
    events += [other.submit(runner, parts.inputs, outputs, **private) for other in others]
    if parts.regenerate is not None:
        again = serialized(make_stream_runner(spec, ctx, layout, regenerate=True), outputs)
        events.append(parts.regenerate.click(again, parts.inputs, outputs, **private))
    if parts.examples is not None:
        filled = _wire_examples(spec, layout, parts)
        events.append(filled.then(runner, parts.inputs, outputs, **private))
    # The browser runs a click's listeners in order and waits for each: cancel first, so the
    # stopper (which waits for the cancelled run to close its stream) isn't waiting on itself.
    for button in (parts.stop, *parts.resets):
        button.click(None, cancels=events)
    # Every output of the cancelled run is an output here too, so none is left marked "Error".
    stopper = make_stream_stopper(ctx, layout)
    parts.stop.click(stopper, parts.state, outputs, api_visibility="private", queue=False)
    return events


def _wire_examples(spec: TaskSpec, layout: StreamLayout, parts: StreamParts) -> Any:
    examples, name = spec.examples, layout.example_field
    return parts.examples.click(
        lambda index: examples[index].values.get(name, ""),
        parts.examples,
        parts.example_target,
        api_visibility="private",
        queue=False,
    )


# Widgets the streaming layouts share ----------------------------------------------------

_PER_ROW = 3


def _rows(params: Sequence[Param]) -> list[list[Param]]:
    """Numbers and boxes three to a row, then the checkboxes together."""
    boxes = [p for p in params if p.kind != "checkbox"]
    flags = [p for p in params if p.kind == "checkbox"]
    return [
        group[i : i + _PER_ROW] for group in (boxes, flags) for i in range(0, len(group), _PER_ROW)
    ]


def params_panel(spec: TaskSpec, *, open_: bool = False) -> tuple[list[Any], Any]:
    """The Parameters accordion: one component per spec param (returned in spec order) and the
    free JSON box."""
    prefix = spec.api_name
    made: dict[str, Any] = {}
    with gr.Accordion("Parameters", open=open_, elem_id=f"{prefix}-parameters"):
        for row in _rows(spec.params):
            with gr.Row(equal_height=True):
                for param in row:
                    made[param.name] = param_component(param, prefix)
        extra = gr.Code(
            language="json",
            label="Extra parameters (JSON object)",
            elem_id=f"{prefix}-extra",
            lines=2,
        )
    return [made[p.name] for p in spec.params], extra


def param_values(spec: TaskSpec, values: Sequence[Any]) -> dict[str, Any]:
    """The set parameters by name (empty boxes left out: the server's default applies)."""
    converted = {p.name: param_value(p, v) for p, v in zip(spec.params, values, strict=True)}
    return {name: value for name, value in converted.items() if value is not None}


def examples_dataset(spec: TaskSpec, field_box: Any, field_name: str) -> Any | None:
    """Clickable examples for one text field."""
    examples: Sequence[Example] = spec.examples
    if not examples:
        return None
    return gr.Dataset(
        components=[field_box],
        samples=[[example.values.get(field_name, "")] for example in examples],
        label="Examples",
        type="index",
        elem_id=f"{spec.api_name}-examples",
        sample_labels=[e.title for e in examples] if all(e.title for e in examples) else None,
    )
