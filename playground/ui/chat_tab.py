"""The Chat tab: a streaming chatbot with a system prompt, Send/Stop/Regenerate/Clear, the
parameters, and the inspector filled when a reply ends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.tasks.chat_completion import chunk_text, message_text
from playground.tasks.spec import Field, TaskSpec

from .components import text_info
from .curl_fill_view import wire_fill
from .input_checks import text_value
from .inspector import Inspector, build_inspector
from .named import Slot, TaskInputs, task_inputs
from .runner import parse_extra
from .stream_runner import EMPTY_INSPECTOR, StreamRun
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
    "ChatParts",
    "build_chat_tab",
    "clear_chat",
    "make_chat_runner",
    "make_chat_stopper",
]

Message = dict[str, Any]
# The whole conversation sent with each reply (the message box alone has its field's limit).
MAX_CONVERSATION_CHARS = 100_000


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


HISTORY_SLOT = Slot("history", "The conversation so far: a list of {role, content} messages.")


def _field(spec: TaskSpec, name: str) -> Field:
    return next(field for field in spec.inputs if field.name == name)


class ChatLayout:
    """Chat as a streaming layout: the message, the conversation and the system prompt in; the
    reply streams into the conversation; the message box empties when a run starts."""

    example_field = "message"

    def inputs(self, spec: TaskSpec) -> TaskInputs:
        return chat_inputs(spec)

    def start(self, spec: TaskSpec, values: Mapping[str, Any], regenerate: bool) -> Started:
        turns = _start(spec, values["message"], values["history"], regenerate)
        system_field = _field(spec, "system")
        system = text_value(system_field.label, values["system"], system_field.max_chars)
        names = self.inputs(spec)
        params = param_values(spec, names.values(names.params, values))
        params |= {"extra_body": parse_extra(values["extra_parameters"])}
        call = spec.build_call({"system": system, "history": turns}, params)
        return Started(call, {}, turns)

    def chunk_text(self, item: Any) -> str:
        return str(chunk_text(item))

    def is_token(self, item: Any) -> bool:
        return bool(chunk_text(item))

    def progress(self, run: StreamRun, first: bool) -> list[Any]:
        # Once streaming, the message box is skipped: the user may be typing the next one.
        return [run.prefix, ""] if first else [shown_messages(run.prefix, run.text), gr.skip()]

    def result(self, run: StreamRun) -> list[Any]:
        return [shown_messages(run.prefix, run.text), gr.skip()]

    def skipped(self) -> list[Any]:
        return [gr.skip(), gr.skip()]


LAYOUT = ChatLayout()


def make_chat_runner(spec: TaskSpec, ctx: AppContext, *, regenerate: bool = False) -> Any:
    """The Send (or Regenerate) handler. Inputs: the target bar, the model box, the message, the
    chat, the system prompt, the parameters, the JSON box. Outputs: the chat, the message box,
    the status line, the run (state), the inspector."""
    return make_stream_runner(spec, ctx, LAYOUT, regenerate=regenerate)


def chat_inputs(spec: TaskSpec) -> TaskInputs:
    """The chat's inputs by name: the task's, with the conversation after the message."""
    inputs = task_inputs(spec, controls=False)
    slots = list(inputs.slots)
    after_message = [slot.name for slot in slots].index("message") + 1
    slots.insert(after_message, HISTORY_SLOT)
    return replace(inputs, slots=tuple(slots))


def make_chat_stopper(ctx: AppContext) -> Any:
    """Stop: the run is cancelled by `cancels=`; this waits until its stream is closed and then
    shows everything received, "stopped", and the inspector."""
    return make_stream_stopper(ctx, LAYOUT)


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
    shared = StreamParts(
        spec,
        inputs=inputs,
        views=[parts.chatbot, parts.message],
        status=parts.status,
        state=parts.state,
        inspector=parts.inspector,
        runs=[parts.send, parts.message],
        stop=parts.stop,
        examples=parts.examples,
        example_target=parts.message,
        regenerate=parts.regenerate,
        resets=[parts.clear],
    )
    wire_stream_tab(ctx, LAYOUT, shared)
    if parts.inspector.fill is not None:  # the fields in spec order: the message, the system
        tab = [parts.model, parts.message, parts.system, *parts.params, parts.extra]
        wire_fill(parts.inspector.fill, spec, ctx.factory, ctx.target_inputs[0], tab)
    parts.clear.click(clear_chat, None, shared.outputs, api_visibility="private", queue=False)


def build_chat_tab(spec: TaskSpec, ctx: AppContext) -> ChatParts:
    """Built inside the task's gr.Tab, like `tab.build_tab`."""
    parts = _layout(spec, ctx)
    _wire(spec, ctx, parts)
    return parts
