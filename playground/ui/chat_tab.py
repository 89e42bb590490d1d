"""The Chat tab: a streaming chatbot with a system prompt, Send/Stop/Regenerate/Clear, the
parameters, and the inspector filled when a reply ends."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.tasks.chat_completion import chunk_text, message_text
from playground.tasks.spec import Field, TaskSpec

from .components import text_info
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
    "ChatParts",
    "build_chat_tab",
    "clear_chat",
    "make_chat_runner",
    "make_chat_stopper",
]

Message = dict[str, Any]
# The whole conversation sent with each reply (the message box alone has its field's limit).
MAX_CONVERSATION_CHARS = 100_000
SKIP_INSPECTOR = [gr.skip()] * len(InspectorView().values())


@dataclass
class ChatParts:
    model: Any
    chatbot: Any
    message: Any
    system: Any
    params: list[Any]
    extra: Any
    send: Any
    stop: Any
    regenerate: Any
    clear: Any
    status: Any
    state: Any
    inspector: Inspector
    examples: Any | None


def plain_history(history: Sequence[Mapping[str, Any]] | None) -> list[Message]:
    """The Chatbot's messages as `{role, content: str}` (it hands back content as parts)."""
    return [
        {"role": turn["role"], "content": message_text(turn.get("content"))}
        for turn in history or ()
        if turn.get("role") in ("user", "assistant")
    ]


def without_last_answer(history: list[Message]) -> list[Message]:
    """The conversation up to and including the last user message."""
    for index in range(len(history) - 1, -1, -1):
        if history[index]["role"] == "user":
            return history[: index + 1]
    return []


def shown_messages(history: list[Message], reply: str) -> list[Message]:
    return [*history, {"role": "assistant", "content": reply}] if reply else list(history)


def _has_text(chunk: Any) -> bool:
    return bool(chunk_text(chunk))


def _start(spec: TaskSpec, message: Any, history: Any, regenerate: bool) -> list[Message]:
    """The conversation to answer; InputError saying why there is none."""
    turns = plain_history(history)
    if regenerate:
        turns = without_last_answer(turns)
        if not turns:
            raise InputError("Nothing to regenerate yet: send a message first.")
    else:
        text = text_value(_field(spec, "message").label, message, _field(spec, "message").max_chars)
        if not text.strip():
            raise InputError("Type a message first.")
        turns = [*turns, {"role": "user", "content": text}]
    length = sum(len(turn["content"]) for turn in turns)
    if length > MAX_CONVERSATION_CHARS:
        raise InputError(
            f"The conversation is {length:,} characters long, over the "
            f"{MAX_CONVERSATION_CHARS:,}-character limit; press Clear to start a new one."
        )
    return turns


def _field(spec: TaskSpec, name: str) -> Field:
    return next(field for field in spec.inputs if field.name == name)


def make_chat_runner(spec: TaskSpec, ctx: AppContext, *, regenerate: bool = False) -> Any:
    """The Send (or Regenerate) handler. Inputs: the target bar, the model box, the message, the
    chat, the system prompt, the parameters, the JSON box. Outputs: the chat, the message box,
    the status line, the run (state), the inspector."""
    n_target = len(ctx.target_inputs)

    async def chat(request: gr.Request, *values: Any) -> AsyncIterator[list[Any]]:
        try:
            target = ctx.target(request, values[:n_target])
        except InputError as exc:  # e.g. the Timeout box
            yield [gr.skip(), gr.skip(), status_error(str(exc)), gr.skip(), *SKIP_INSPECTOR]
            return
        async with redacted(ctx, target, steps(target, values)) as updates:
            async for update in updates:
                yield update

    async def steps(target: Target, values: Sequence[Any]) -> AsyncIterator[list[Any]]:
        model_value, message, history, system, *rest = values[n_target:]
        system_field = _field(spec, "system")
        try:
            turns = _start(spec, message, history, regenerate)
            system = text_value(system_field.label, system, system_field.max_chars)
        except InputError as exc:
            yield [gr.skip(), gr.skip(), status_error(str(exc)), gr.skip(), *SKIP_INSPECTOR]
            return
        run = StreamRun(spec, target, prefix=turns)
        with tracking(run):
            running = generating = status_running()
            yield [turns, "", running, run, *EMPTY_INSPECTOR]
            try:
                params = param_values(spec, rest[:-1]) | {"extra_body": parse_extra(rest[-1])}
                call = spec.build_call({"system": system, "history": turns}, params)
            except Exception as exc:
                yield _refused(turns, error_sentence(exc), run)
                return
            model = ctx.factory.model_for(spec, target, model_value)
            updates = run_stream(ctx.factory, run, model, call, {}, _has_text, _has_text)
            async with contextlib.aclosing(updates):
                async for update in updates:
                    if isinstance(update, str):
                        running = update
                    else:
                        running = generating  # tokens flow: a "loading…" line is over
                        run.text += "".join(map(chunk_text, update))
                    # The message box is skipped: the user may be typing the next one.
                    messages = shown_messages(turns, run.text)
                    yield [messages, gr.skip(), running, run, *EMPTY_INSPECTOR]
            yield _final(run, ctx)

    return chat


def _refused(turns: list[Message], sentence: str, run: StreamRun) -> list[Any]:
    view = InspectorView(summary="No request was sent.")
    return [turns, gr.skip(), status_error(sentence), run, *view.values()]


def _final(run: StreamRun, ctx: AppContext) -> list[Any]:
    messages = shown_messages(run.prefix, run.text)
    return [messages, gr.skip(), final_status(run), run, *run_view(run, ctx.factory).values()]


def make_chat_stopper(ctx: AppContext) -> Any:
    """Stop: the run is cancelled by `cancels=`; this waits until its stream is closed and then
    shows everything received, "stopped", and the inspector."""

    async def stop(run: StreamRun | None) -> list[Any]:
        if run is None or run.finished:
            return [gr.skip()] * 4 + SKIP_INSPECTOR
        await run.wait_closed()
        messages = shown_messages(run.prefix, run.text)
        view = run_view(run, ctx.factory).values()
        shown = [messages, gr.skip(), final_status(run), gr.skip(), *view]
        return redact_outputs(shown, ctx.factory.secrets(run.target))

    return stop


def clear_chat() -> list[Any]:
    """A new conversation: the chat, status and inspector emptied (the message box is kept)."""
    return [[], gr.skip(), "", None, *EMPTY_INSPECTOR]


def _layout(spec: TaskSpec, ctx: AppContext) -> ChatParts:
    prefix = spec.api_name
    gr.Markdown(spec.description, elem_classes=["task-description"])
    model = model_box(spec, ctx)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="Conversation",
                elem_id=f"{prefix}-chatbot",
                height=460,
                buttons=["copy", "copy_all"],
                feedback_options=None,
                reasoning_tags=[("<think>", "</think>")],
                placeholder="Send a message to start the conversation.",
            )
            with gr.Row(equal_height=True):
                limit = _field(spec, "message").max_chars
                message = gr.Textbox(
                    label="Message",
                    show_label=False,
                    placeholder="Type a message; Enter sends",
                    info=f"Up to {limit:,} characters.",
                    max_length=limit,
                    lines=1,
                    max_lines=8,
                    scale=6,
                    elem_id=f"{prefix}-message",
                )
                send = gr.Button("Send", variant="primary", scale=1, elem_id=f"{prefix}-send")
                stop = gr.Button("Stop", variant="stop", scale=1, elem_id=f"{prefix}-stop")
            with gr.Row():
                regenerate = gr.Button("↻ Regenerate", size="sm", elem_id=f"{prefix}-regenerate")
                clear = gr.Button("Clear", size="sm", elem_id=f"{prefix}-clear")
            status = gr.Markdown(elem_id=f"{prefix}-status", elem_classes=["task-status"])
        with gr.Column(scale=2):
            system_field = next(f for f in spec.inputs if f.name == "system")
            system = gr.Textbox(
                value=system_field.value,
                label=system_field.label,
                info=text_info(system_field),
                max_length=system_field.max_chars,
                lines=3,
                max_lines=12,
                elem_id=f"{prefix}-system",
            )
            params, extra = params_panel(spec, open_=True)
    examples = examples_dataset(spec, message, "message")
    inspector = build_inspector(prefix)
    return ChatParts(
        model, chatbot, message, system, params, extra, send, stop, regenerate, clear,
        status, gr.State(), inspector, examples,
    )  # fmt: skip


def _wire(spec: TaskSpec, ctx: AppContext, parts: ChatParts) -> None:
    inputs = [
        *ctx.target_inputs, parts.model, parts.message, parts.chatbot, parts.system,
        *parts.params, parts.extra,
    ]  # fmt: skip
    outputs = [parts.chatbot, parts.message, parts.status, parts.state, *parts.inspector.components]
    queued = {"concurrency_limit": ctx.concurrency, "concurrency_id": spec.id, **RAW_EVENT}
    private = {**queued, "api_visibility": "private"}
    send = serialized(make_chat_runner(spec, ctx), outputs)
    again = serialized(make_chat_runner(spec, ctx, regenerate=True), outputs)
    events = [
        parts.send.click(send, inputs, outputs, api_name=spec.api_name, **queued),
        parts.message.submit(send, inputs, outputs, **private),
        parts.regenerate.click(again, inputs, outputs, **private),
    ]
    if parts.examples is not None:
        examples = spec.examples
        events.append(
            parts.examples.click(
                lambda index: examples[index].values.get("message", ""),
                parts.examples,
                parts.message,
                api_visibility="private",
                queue=False,
            ).then(send, inputs, outputs, **private)
        )
    # The browser runs a click's listeners in order and waits for each: cancel first, so the
    # stopper (which waits for the cancelled run to close its stream) isn't waiting on itself.
    for button in (parts.stop, parts.clear):
        button.click(None, cancels=events)
    # Every output of the cancelled run is an output here too, so none is left marked "Error".
    stopper = make_chat_stopper(ctx)
    parts.stop.click(stopper, parts.state, outputs, api_visibility="private", queue=False)
    parts.clear.click(clear_chat, None, outputs, api_visibility="private", queue=False)


def build_chat_tab(spec: TaskSpec, ctx: AppContext) -> ChatParts:
    """Built inside the task's gr.Tab, like `tab.build_tab`."""
    parts = _layout(spec, ctx)
    _wire(spec, ctx, parts)
    return parts
