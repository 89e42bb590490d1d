"""The Text generation tab: tokens stream into the output; with Details on, the tokens'
probabilities, the finish reason and the counts follow; Stop ends the generation on the server."""

from __future__ import annotations

from collections.abc import Mapping
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
from .curl_fill_view import wire_fill
from .input_checks import text_value
from .inspector import Inspector, build_inspector
from .named import TaskInputs, task_inputs
from .runner import parse_extra
from .stream_runner import StreamRun
from .stream_tab import (
    Started,
    StreamParts,
    examples_dataset,
    make_stream_runner,
    make_stream_stopper,
    param_values,
    params_panel,
    wire_stream_tab,
)
from .tab import AppContext, model_box

__all__ = [
    "GenerationParts",
    "build_generation_tab",
    "make_generation_runner",
    "make_generation_stopper",
]

VIEW_NAMES = ("text", "summary", "probabilities", "tokens")
SKIP_VIEW = [gr.skip()] * len(VIEW_NAMES)


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


class GenerationLayout:
    """Text generation as a streaming layout: the prompt in; the text as it streams, then its
    details (summary, token probabilities, token table)."""

    example_field = "prompt"

    def inputs(self, spec: TaskSpec) -> TaskInputs:
        return task_inputs(spec, controls=False)

    def start(self, spec: TaskSpec, values: Mapping[str, Any], regenerate: bool) -> Started:
        field = spec.inputs[0]
        prompt = text_value(field.label, values["prompt"], field.max_chars)
        if not prompt.strip():
            raise InputError("Give a prompt first.")
        extra = parse_extra(values["extra_parameters"])
        names = self.inputs(spec)
        params = param_values(spec, names.values(names.params, values))
        call = spec.build_call({"prompt": prompt}, params)
        return Started(call, extra, display_prefix(call))

    def chunk_text(self, item: Any) -> str:
        return str(token_text(item))

    def is_token(self, item: Any) -> bool:
        return True

    def progress(self, run: StreamRun, first: bool) -> list[Any]:
        return [run.prefix + ("" if first else run.text), "", None, None]

    def result(self, run: StreamRun) -> list[Any]:
        return result_views(run)

    def skipped(self) -> list[Any]:
        return list(SKIP_VIEW)


LAYOUT = GenerationLayout()


def make_generation_runner(spec: TaskSpec, ctx: AppContext) -> Any:
    """The Run handler. Inputs: the target bar, the model box, the prompt, the parameters, the
    JSON box. Outputs: the text, summary, probabilities, token table, the status line, the run
    (state), the inspector."""
    return make_stream_runner(spec, ctx, LAYOUT)


def make_generation_stopper(ctx: AppContext) -> Any:
    """Stop: waits until the cancelled run has closed its stream, then shows what came in."""
    return make_stream_stopper(ctx, LAYOUT)


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
    shared = StreamParts(
        spec,
        inputs=[*ctx.target_inputs, parts.model, parts.prompt, *parts.params, parts.extra],
        views=parts.views,
        status=parts.status,
        state=parts.state,
        inspector=parts.inspector,
        runs=[parts.run],
        stop=parts.stop,
        examples=parts.examples,
        example_target=parts.prompt,
    )
    wire_stream_tab(ctx, LAYOUT, shared)
    if parts.inspector.fill is not None:
        tab = [parts.model, parts.prompt, *parts.params, parts.extra]
        wire_fill(parts.inspector.fill, spec, ctx.factory, ctx.target_inputs[0], tab)
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
