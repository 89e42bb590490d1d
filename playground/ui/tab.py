"""The generic task tab: inputs, parameters, Run/Stop, drawn outputs, examples, inspector."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.tasks.spec import CallArgs, TaskSpec

from .components import (
    control_component,
    example_value,
    field_component,
    field_value,
    output_component,
    param_component,
    param_value,
)
from .curl_fill_view import wire_fill
from .destination import destination_line
from .input_checks import check_timeout
from .inspector import Inspector, InspectorView, build_inspector
from .named import named_handler, target_values, task_inputs
from .redacting import redact_outputs
from .report import inspector_view, status_error, status_ok, status_running
from .runner import Outcome, call_task, error_sentence, parse_extra
from .save_run import LastRun, as_last_run, last_run, wire_save
from .target import ClientFactory, TargetChoice
from .visitors import BusyError, Caller, caller_of

__all__ = ["AppContext", "TabParts", "build_tab", "model_box", "redacted"]


@dataclass
class AppContext:
    """What every tab shares: the client factory and the target bar's components."""

    factory: ClientFactory
    target_inputs: list[Any]
    concurrency: int = 32
    model_boxes: list[tuple[TaskSpec, Any]] = field(default_factory=list)
    destinations: list[tuple[TaskSpec, Any, Any]] = field(default_factory=list)

    def caller(self, request: gr.Request | None) -> Caller:
        return caller_of(request, self.factory.settings.trusted_proxies)

    def add_model_box(self, spec: TaskSpec, box: Any) -> None:
        """A tab's model box, and under it the line saying where Run will send the call."""
        self.model_boxes.append((spec, box))
        self.destinations.append((spec, box, destination_line(spec)))

    def target(self, request: gr.Request | None, values: Sequence[Any]) -> TargetChoice:
        """The call's target from the target bar's values, and who makes the call."""
        return target_from(values).called_by(self.caller(request))


def redacted(
    ctx: AppContext, target: TargetChoice, updates: AsyncGenerator[list[Any], None]
) -> contextlib.aclosing[AsyncGenerator[list[Any], None]]:
    """`updates` with every token of this call masked (a server may echo one back), to use
    with `async with`: leaving the block closes the updates (and so any HTTP stream)."""
    return contextlib.aclosing(_redacting(ctx.factory.secrets(target), updates))


async def _redacting(
    secrets: tuple[str, ...], updates: AsyncGenerator[list[Any], None]
) -> AsyncGenerator[list[Any], None]:
    async with contextlib.aclosing(updates):
        async for update in updates:
            yield redact_outputs(update, secrets)


@dataclass
class TabParts:
    spec: TaskSpec
    model: Any
    fields: list[Any]
    params: list[Any]
    extra: Any
    controls: list[Any]
    outputs: list[Any]
    status: Any
    state: Any
    inspector: Inspector
    run: Any
    stop: Any
    examples: Any | None


def target_from(values: Sequence[Any]) -> TargetChoice:
    """The target bar's values (as the page sent them); InputError for a bad timeout."""
    kind, url, token, send_token, timeout, wait, family = values
    return TargetChoice(
        kind=kind or "local",
        url=url or "",
        token=token or "",
        send_token=bool(send_token),
        timeout=check_timeout(timeout, default=120.0),
        wait_for_model=bool(wait),
        family=family or "auto",
    )


def _build_call(
    spec: TaskSpec, field_values: Sequence[Any], param_values: Sequence[Any]
) -> CallArgs:
    inputs = {f.name: field_value(f, v) for f, v in zip(spec.inputs, field_values, strict=True)}
    params = {p.name: param_value(p, v) for p, v in zip(spec.params, param_values, strict=True)}
    return spec.build_call(
        inputs, {name: value for name, value in params.items() if value is not None}
    )


def render_values(spec: TaskSpec, outcome: Outcome, controls: dict[str, Any]) -> list[Any]:
    """Values for the outputs, then updates for the controls (e.g. the labels to toggle), then
    the input fields the run carries to the next one (a failed run leaves them as they are)."""
    if not outcome.ok:
        return _failed_values(spec)
    rendered = spec.render(outcome.result, outcome.call, controls)
    return [
        *(rendered.get(output.name) for output in spec.outputs),
        *(rendered.get(control.name, gr.skip()) for control in spec.controls),
        *(rendered.get(name, gr.skip()) for name in spec.carries),
    ]


def _failed_values(spec: TaskSpec) -> list[Any]:
    return [None] * len(spec.outputs) + [gr.skip()] * (len(spec.controls) + len(spec.carries))


def carried_fields(spec: TaskSpec, fields: Sequence[Any]) -> list[Any]:
    """The input components a run updates, in `spec.carries` order."""
    by_name = {f.name: component for f, component in zip(spec.inputs, fields, strict=True)}
    return [by_name[name] for name in spec.carries]


def _control_values(spec: TaskSpec, values: Sequence[Any]) -> dict[str, Any]:
    return {control.name: value for control, value in zip(spec.controls, values, strict=True)}


def make_runner(spec: TaskSpec, ctx: AppContext) -> Any:
    """The Run handler: an async generator yielding progress, then outputs and the inspector.
    Gradio calls it with the inputs `task_inputs(spec)` names, in that order."""
    names = task_inputs(spec)
    n_out = len(spec.outputs) + len(spec.controls) + len(spec.carries)
    skip_outputs = [gr.skip()] * (n_out + 1)
    skip_inspector = [gr.skip()] * len(InspectorView().values())

    def refused(error: Exception) -> list[Any]:
        view = InspectorView(summary="No request was sent.")
        return [*skip_outputs, status_error(error_sentence(error)), *view.values()]

    async def run(request: gr.Request, values: Mapping[str, Any]) -> AsyncIterator[list[Any]]:
        try:
            target = ctx.target(request, target_values(values))
        except InputError as exc:  # e.g. the Timeout box
            yield refused(exc)
            return
        async with redacted(ctx, target, steps(target, values)) as updates:
            async for update in updates:
                yield update

    async def steps(
        target: TargetChoice, values: Mapping[str, Any]
    ) -> AsyncGenerator[list[Any], None]:
        try:
            admission = ctx.factory.admit(target)
        except BusyError as exc:
            yield [*skip_outputs, status_error(str(exc)), *skip_inspector]
            return
        with admission:
            async with contextlib.aclosing(_call(target, values)) as updates:
                async for update in updates:
                    yield update

    async def _call(
        target: TargetChoice, values: Mapping[str, Any]
    ) -> AsyncGenerator[list[Any], None]:
        controls = _control_values(spec, names.values(names.controls, values))
        model = ctx.factory.model_for(spec, target, values["model"])
        try:
            fields, params = names.values(names.fields, values), names.values(names.params, values)
            call = _build_call(spec, fields, params)
            extra = parse_extra(values["extra_parameters"])
        except Exception as exc:
            yield refused(exc)
            return
        outcome: Outcome | None = None
        yield [
            *skip_outputs,
            status_running(f"{spec.title}: waiting for the server…"),
            *skip_inspector,
        ]
        async for update in call_task(ctx.factory, spec, target, model, call, extra):
            if isinstance(update, str):
                yield [*skip_outputs, update, *skip_inspector]
            else:
                outcome = update
        assert outcome is not None
        yield _final(spec, outcome, controls, ctx, target)

    summary = f"Run {spec.title.lower()}: the drawn outputs, the status line and the inspector."
    return named_handler(run, names.slots, summary)


def _final(
    spec: TaskSpec,
    outcome: Outcome,
    controls: dict[str, Any],
    ctx: AppContext,
    target: TargetChoice,
) -> list[Any]:
    try:
        values = render_values(spec, outcome, controls)
        status = (
            status_ok(spec, outcome)
            if outcome.error is None  # outcome.ok
            else status_error(error_sentence(outcome.error))
        )
    except Exception as exc:
        outcome.error = exc
        values = _failed_values(spec)
        status = status_error(error_sentence(exc))
    return [
        *values,
        last_run(spec.id, outcome, ctx.factory, target),
        status,
        *inspector_view(spec, outcome, ctx.factory, target).values(),
    ]


def make_rerender(spec: TaskSpec) -> Any:
    def rerender(state: LastRun | None, *control_values: Any) -> list[Any]:
        if state is None:
            return [gr.skip()] * len(spec.outputs)
        rendered = spec.render(state.result, state.call, _control_values(spec, control_values))
        return [rendered.get(output.name, gr.skip()) for output in spec.outputs]

    return rerender


def _examples(spec: TaskSpec, fields: list[Any], prefix: str) -> Any | None:
    if not spec.examples:
        return None
    samples = [
        [example_value(f, example.values.get(f.name, f.value)) for f in spec.inputs]
        for example in spec.examples
    ]
    return gr.Dataset(
        components=fields,
        samples=samples,
        label="Examples",
        type="index",
        elem_id=f"{prefix}-examples",
        sample_labels=[e.title for e in spec.examples]
        if all(e.title for e in spec.examples)
        else None,
    )


def model_box(spec: TaskSpec, ctx: AppContext) -> Any:
    """The tab's model box (the target board fills its choices) and the line under it."""
    box = gr.Dropdown(
        label="Model or URL",
        choices=[],
        value=None,
        allow_custom_value=True,
        elem_id=f"{spec.api_name}-model",
        info="Leave empty for the target's default.",
    )
    ctx.add_model_box(spec, box)
    return box


def build_tab(spec: TaskSpec, ctx: AppContext) -> TabParts:
    prefix = spec.api_name
    gr.Markdown(spec.description, elem_classes=["task-description"])
    model = model_box(spec, ctx)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1):
            fields = [field_component(f, prefix) for f in spec.inputs]
            with gr.Accordion("Parameters", open=False, elem_id=f"{prefix}-parameters"):
                params = [param_component(p, prefix) for p in spec.params]
                extra = gr.Code(
                    language="json",
                    label="Extra parameters (JSON object)",
                    elem_id=f"{prefix}-extra",
                    lines=2,
                )
            with gr.Row():
                run = gr.Button("Run", variant="primary", elem_id=f"{prefix}-run")
                stop = gr.Button("Stop", variant="stop", elem_id=f"{prefix}-stop")
        with gr.Column(scale=1):
            status = gr.Markdown(elem_id=f"{prefix}-status", elem_classes=["task-status"])
            controls = [control_component(c, prefix) for c in spec.controls]
            outputs = [output_component(o, prefix) for o in spec.outputs]
    examples = _examples(spec, fields, prefix)
    inspector = build_inspector(prefix)
    parts = TabParts(
        spec,
        model,
        fields,
        params,
        extra,
        controls,
        outputs,
        status,
        gr.State(),
        inspector,
        run,
        stop,
        examples,
    )
    wire_tab(parts, ctx)
    return parts


def wire_tab(parts: TabParts, ctx: AppContext) -> None:
    spec = parts.spec
    inputs = [
        *ctx.target_inputs,
        parts.model,
        *parts.fields,
        *parts.params,
        parts.extra,
        *parts.controls,
    ]
    outputs = [
        *parts.outputs,
        *parts.controls,
        *carried_fields(spec, parts.fields),
        parts.state,
        parts.status,
        *parts.inspector.components,
    ]
    runner = make_runner(spec, ctx)
    events = [
        parts.run.click(
            runner,
            inputs,
            outputs,
            api_name=spec.api_name,
            concurrency_limit=ctx.concurrency,
            concurrency_id=spec.id,
        )
    ]
    if parts.examples is not None:
        fill = _example_filler(spec)
        events.append(
            parts.examples.click(
                fill, parts.examples, parts.fields, api_visibility="private", queue=False
            ).then(
                runner,
                inputs,
                outputs,
                api_visibility="private",
                concurrency_limit=ctx.concurrency,
                concurrency_id=spec.id,
            )
        )
    parts.stop.click(None, None, None, cancels=events, api_visibility="private")
    rerender = make_rerender(spec)
    for control in parts.controls:
        control.input(
            rerender,
            [parts.state, *parts.controls],
            parts.outputs,
            api_visibility="private",
            queue=False,
        )
    if parts.inspector.save is not None:
        wire_save(parts.inspector.save, parts.state, ctx.factory, as_last_run)
    if parts.inspector.fill is not None:
        tab = [parts.model, *parts.fields, *parts.params, parts.extra]
        wire_fill(parts.inspector.fill, spec, ctx.factory, ctx.target_inputs[0], tab)


def _example_filler(spec: TaskSpec) -> Any:
    def fill(index: int) -> Any:
        example = spec.examples[index]
        values = [example_value(f, example.values.get(f.name, f.value)) for f in spec.inputs]
        return values[0] if len(values) == 1 else values

    return fill
