"""The Text generation tab: tokens stream into the output; with Details on, the tokens'
probabilities, the finish reason and the counts follow; Stop ends the generation on the server."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground.client import AsyncStream, InputError
from playground.tasks.spec import TaskSpec
from playground.tasks.text_generation import (
    NON_STREAM_ONLY,
    display_prefix,
    fold_stream,
    token_text,
)

from .components import OUTPUT_CLASS, text_info
from .input_checks import text_value
from .inspector import Inspector, InspectorView, build_inspector
from .redacting import redact_outputs
from .report import status_error
from .runner import error_sentence, parse_extra
from .stream_runner import (
    EMPTY_INSPECTOR,
    RAW_EVENT,
    StreamRun,
    final_status,
    run_stream,
    run_view,
    serialized,
    status_running,
    tracking,
)
from .stream_widgets import examples_dataset, model_box, param_values, params_panel
from .tab import AppContext, redacted
from .target import Target

__all__ = [
    "GenerationParts",
    "build_generation_tab",
    "make_generation_runner",
    "make_generation_stopper",
]

VIEW_NAMES = ("text", "summary", "probabilities", "tokens")
SKIP_VIEW = [gr.skip()] * len(VIEW_NAMES)
SKIP_INSPECTOR = [gr.skip()] * len(InspectorView().values())
REFUSED_INSPECTOR = InspectorView(summary="No request was sent.").values()


@dataclass
class GenerationParts:
    model: Any
    prompt: Any
    params: list[Any]
    extra: Any
    run: Any
    stop: Any
    status: Any
    views: list[Any]  # in VIEW_NAMES order
    state: Any
    inspector: Inspector
    examples: Any | None


def _has_text(item: Any) -> bool:
    return bool(token_text(item))


def result_views(run: StreamRun) -> list[Any]:
    """The outputs for what the run produced: the answer when it was not streamed, else
    everything that streamed in (all of it, or what came before an error or Stop)."""
    outcome = run.outcome
    if outcome is None or run.call is None:
        return list(SKIP_VIEW)
    result = outcome.result
    if result is None or isinstance(result, AsyncStream):
        result = fold_stream(run.received, run.prefix or "")
    rendered = run.spec.render(result, run.call, {})
    return [rendered.get(name) for name in VIEW_NAMES]


def _final(run: StreamRun, ctx: AppContext) -> list[Any]:
    return [*result_views(run), final_status(run), run, *run_view(run, ctx.factory).values()]


def make_generation_runner(spec: TaskSpec, ctx: AppContext) -> Any:
    """The Run handler. Inputs: the target bar, the model box, the prompt, the parameters, the
    JSON box. Outputs: the text, summary, probabilities, token table, the status line, the run
    (state), the inspector."""
    n_target = len(ctx.target_inputs)

    async def generate(request: gr.Request, *values: Any) -> AsyncIterator[list[Any]]:
        try:
            target = ctx.target(request, values[:n_target])
        except InputError as exc:  # e.g. the Timeout box
            yield [*SKIP_VIEW, status_error(str(exc)), gr.skip(), *REFUSED_INSPECTOR]
            return
        async with redacted(ctx, target, steps(target, values)) as updates:
            async for update in updates:
                yield update

    async def steps(target: Target, values: Sequence[Any]) -> AsyncIterator[list[Any]]:
        model_value, prompt, *rest = values[n_target:]
        field = spec.inputs[0]
        try:
            prompt = text_value(field.label, prompt, field.max_chars)
            if not prompt.strip():
                raise InputError("Give a prompt first.")
            extra = parse_extra(rest[-1])
            call = spec.build_call({"prompt": prompt}, param_values(spec, rest[:-1]))
        except Exception as exc:
            yield [*SKIP_VIEW, status_error(error_sentence(exc)), gr.skip(), *REFUSED_INSPECTOR]
            return
        run = StreamRun(spec, target)
        with tracking(run):
            run.prefix = display_prefix(call)
            running = generating = status_running()
            yield [run.prefix, "", None, None, running, run, *EMPTY_INSPECTOR]
            model = ctx.factory.model_for(spec, target, model_value)
            updates = run_stream(ctx.factory, run, model, call, extra, visible=_has_text)
            async with contextlib.aclosing(updates):
                async for update in updates:
                    if isinstance(update, str):
                        running = update
                    else:
                        running = generating  # tokens flow: a "loading…" line is over
                        run.text += "".join(map(token_text, update))
                    text = run.prefix + run.text
                    yield [text, "", None, None, running, run, *EMPTY_INSPECTOR]
            yield _final(run, ctx)

    return generate


def make_generation_stopper(ctx: AppContext) -> Any:
    """Stop: waits until the cancelled run has closed its stream, then shows what came in."""

    async def stop(run: StreamRun | None) -> list[Any]:
        if run is None or run.finished:
            return [*SKIP_VIEW, gr.skip(), *SKIP_INSPECTOR]
        await run.wait_closed()
        shown = [*result_views(run), final_status(run), *run_view(run, ctx.factory).values()]
        return redact_outputs(shown, ctx.factory.secrets(run.target))

    return stop


def _outputs_column(prefix: str) -> tuple[Any, list[Any]]:
    status = gr.Markdown(elem_id=f"{prefix}-status", elem_classes=["task-status"])
    text = gr.Textbox(
        label="Generated text",
        lines=10,
        max_lines=30,
        interactive=False,
        buttons=["copy"],
        elem_id=f"{prefix}-out-text",
    )
    summary = gr.Markdown(elem_id=f"{prefix}-out-summary")
    probabilities = gr.HighlightedText(
        label="Tokens by probability (darker = more likely)",
        combine_adjacent=False,
        show_legend=False,
        elem_id=f"{prefix}-out-probabilities",
        elem_classes=[OUTPUT_CLASS],
    )
    tokens = gr.Dataframe(
        label="Tokens",
        interactive=False,
        wrap=True,
        max_height=360,
        elem_id=f"{prefix}-out-tokens",
        elem_classes=[OUTPUT_CLASS],
    )
    return status, [text, summary, probabilities, tokens]


def _layout(spec: TaskSpec, ctx: AppContext) -> GenerationParts:
    prefix = spec.api_name
    gr.Markdown(spec.description, elem_classes=["task-description"])
    model = model_box(spec, ctx)
    prompt_field = spec.inputs[0]
    with gr.Row(equal_height=False):
        with gr.Column(scale=1):
            prompt = gr.Textbox(
                value=prompt_field.value,
                label=prompt_field.label,
                info=text_info(prompt_field),
                max_length=prompt_field.max_chars,
                lines=prompt_field.lines,
                max_lines=20,
                elem_id=f"{prefix}-prompt",
            )
            with gr.Row():
                run = gr.Button("Run", variant="primary", elem_id=f"{prefix}-run")
                stop = gr.Button("Stop", variant="stop", elem_id=f"{prefix}-stop")
            params, extra = params_panel(spec, open_=True)
        with gr.Column(scale=1):
            status, views = _outputs_column(prefix)
    examples = examples_dataset(spec, prompt, "prompt")
    inspector = build_inspector(prefix)
    return GenerationParts(
        model, prompt, params, extra, run, stop, status, views, gr.State(), inspector, examples
    )


def _non_stream_params(spec: TaskSpec, parts: GenerationParts) -> tuple[Any, list[Any]]:
    """The stream checkbox, and the parameters shown only when it is off."""
    by_name = dict(zip([p.name for p in spec.params], parts.params, strict=True))
    stream = by_name["stream"]
    hidden = [by_name[name] for name in NON_STREAM_ONLY]
    for component in hidden:
        component.visible = not stream.value
    return stream, hidden


def _wire(spec: TaskSpec, ctx: AppContext, parts: GenerationParts) -> None:
    inputs = [*ctx.target_inputs, parts.model, parts.prompt, *parts.params, parts.extra]
    outputs = [*parts.views, parts.status, parts.state, *parts.inspector.components]
    queued = {"concurrency_limit": ctx.concurrency, "concurrency_id": spec.id, **RAW_EVENT}
    runner = serialized(make_generation_runner(spec, ctx), outputs)
    events = [parts.run.click(runner, inputs, outputs, api_name=spec.api_name, **queued)]
    if parts.examples is not None:
        examples = spec.examples
        events.append(
            parts.examples.click(
                lambda index: examples[index].values.get("prompt", ""),
                parts.examples,
                parts.prompt,
                api_visibility="private",
                queue=False,
            ).then(runner, inputs, outputs, api_visibility="private", **queued)
        )
    # Cancel first: the browser waits for each listener of a click before the next one.
    parts.stop.click(None, cancels=events)
    parts.stop.click(
        make_generation_stopper(ctx),
        parts.state,
        [*parts.views, parts.status, *parts.inspector.components],
        api_visibility="private",
        queue=False,
    )
    stream, hidden = _non_stream_params(spec, parts)
    stream.change(
        lambda on: [gr.update(visible=not on)] * len(hidden),
        stream,
        hidden,
        api_visibility="private",
        queue=False,
    )


def build_generation_tab(spec: TaskSpec, ctx: AppContext) -> GenerationParts:
    """Built inside the task's gr.Tab, like `tab.build_tab`."""
    parts = _layout(spec, ctx)
    _wire(spec, ctx, parts)
    return parts
