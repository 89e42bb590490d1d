"""The QA tab's Chat compare: one message box; Send appends the message to every side's own
conversation and streams each side's reply into its chatbot, with the side's status and
timings (TTFT, total, tokens/s). Stop ends the replies; Clear starts every side anew. The
conversations live in the visitor's session (a gr.State), never in the module."""

from __future__ import annotations

import asyncio
import contextlib
import html
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.tasks.common import local_models

from .chat_sides import SPEC, ChatSession, ChatTurn, SideReply, reply_status, send_to_all
from .components import param_value
from .input_checks import text_value
from .qa_sides import MAX_SIDES, Side, sides_from
from .redacting import redact_outputs
from .runner import parse_extra
from .tab import AppContext

__all__ = [
    "ChatCompare",
    "build_chat_compare",
    "cleared",
    "default_chat_sides",
    "make_chat_send",
    "read_turn",
    "side_cleared",
    "stopped",
]

SIDE_KINDS = [("Local", "local"), ("Hugging Face", "hf"), ("Custom URL", "custom")]
PARAMS = {param.name: param for param in SPEC.params}
FIELDS = {item.name: item for item in SPEC.inputs}
BUSY = "⚠ The replies to the last message are still coming in: wait for them, or press Stop."
# The form's values after the target bar's, in this order.
FORM = ("count", *[f"kind{i}" for i in range(MAX_SIDES)], *[f"model{i}" for i in range(MAX_SIDES)])
FORM += ("message", "system", "max_tokens", "temperature", "extra")


@dataclass
class ChatCompare:
    """The view's components the handlers read and write."""

    count: Any
    kinds: list[Any]
    models: list[Any]
    message: Any
    system: Any
    max_tokens: Any
    temperature: Any
    extra: Any
    bots: list[Any]
    statuses: list[Any]
    note: Any
    state: Any

    @property
    def inputs(self) -> list[Any]:
        return [
            self.count, *self.kinds, *self.models, self.message, self.system,
            self.max_tokens, self.temperature, self.extra,
        ]  # fmt: skip

    @property
    def outputs(self) -> list[Any]:
        return [*self.bots, *self.statuses, self.message, self.note, self.state]


def default_chat_sides() -> list[Side]:
    """The local chat models, then the default local one again (offline, every side runs)."""
    sides = [Side("local", model_id) for model_id, _ in local_models(SPEC.id)]
    while len(sides) < MAX_SIDES:
        sides.append(Side("local", SPEC.local_model or ""))
    return sides[:MAX_SIDES]


def _count(value: Any) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError("Choose how many sides to compare.") from None
    if not 2 <= n <= MAX_SIDES:
        raise InputError(f"Compare 2 to {MAX_SIDES} sides.")
    return n


def read_turn(values: Sequence[Any]) -> tuple[list[Side], ChatTurn]:
    """The form's values (in `ChatCompare.inputs` order) as the sides and what they are sent;
    InputError saying what to fix."""
    named = dict(zip(FORM, values, strict=True))
    sides = sides_from(
        [named[f"kind{i}"] for i in range(MAX_SIDES)],
        [named[f"model{i}"] for i in range(MAX_SIDES)],
        _count(named["count"]),
    )
    message, system = FIELDS["message"], FIELDS["system"]
    text = text_value(message.label, named["message"], message.max_chars)
    if not text.strip():
        raise InputError("Type a message first.")
    params = {
        name: param_value(PARAMS[name], named[name])
        for name in ("max_tokens", "temperature")
        if param_value(PARAMS[name], named[name]) is not None
    }
    params["extra_body"] = parse_extra(named["extra"])
    prompt = text_value(system.label, named["system"], system.max_chars)
    return sides, ChatTurn(text, prompt, params)


def _view(replies: Sequence[SideReply], session: ChatSession, note: str) -> list[Any]:
    bots: list[Any] = [gr.skip()] * MAX_SIDES
    statuses: list[Any] = [gr.skip()] * MAX_SIDES
    for reply in replies:
        bots[reply.index] = reply.messages()
        statuses[reply.index] = reply_status(reply)
    return [*bots, *statuses, gr.skip(), note, session]


def _summary(replies: Sequence[SideReply]) -> str:
    answered = sum(1 for reply in replies if not reply.failed)
    slowest = max((reply.seconds or 0.0) for reply in replies)
    stopped = " (stopped)" if any(reply.run.stopped for reply in replies) else ""
    return (
        f"{answered} of {len(replies)} sides answered{stopped}; the slowest took {slowest:.2f} s."
    )


def make_chat_send(ctx: AppContext) -> Any:
    """Send's handler: inputs the target bar, the form, the session; outputs `outputs`."""
    n_target = len(ctx.target_inputs)

    async def send(request: gr.Request, *values: Any) -> AsyncIterator[list[Any]]:
        found = values[-1]
        session = found if isinstance(found, ChatSession) else ChatSession()
        skips = [gr.skip()] * (2 * MAX_SIDES + 1)
        try:
            target = ctx.target(request, values[:n_target])
            sides, turn = read_turn(values[n_target:-1])
        except InputError as error:
            yield [*skips, f"⚠ {html.escape(str(error))}", session]
            return
        if session.busy:
            yield [*skips, BUSY, session]
            return
        secrets = ctx.factory.secrets(target)
        shown: Sequence[SideReply] = []
        try:
            updates = send_to_all(ctx.factory, session, sides, target, turn)
            async with contextlib.aclosing(updates):  # type: ignore[type-var]
                async for shown in updates:
                    note = f"Sent to {len(sides)} sides; the replies stream in."
                    yield redact_outputs(_view(shown, session, note), secrets)
        except InputError as error:
            yield [*skips, f"⚠ {html.escape(str(error))}", session]
            return
        # The message went out: its box is emptied for the next one.
        final = [*_restored(session, len(sides)), "", _summary(shown), session]
        yield redact_outputs(final, secrets)

    return send


def _restored(session: ChatSession, n: int) -> list[Any]:
    """The first `n` sides' conversations and statuses as the session holds them."""
    skips: list[Any] = [gr.skip()] * (MAX_SIDES - n)
    return [*session.histories[:n], *skips, *session.statuses[:n], *skips]


def _show_sides(count: Any) -> list[Any]:
    n = int(count) if str(count).isdigit() else 2
    return [gr.update(visible=i < n) for i in range(MAX_SIDES)]


async def stopped(session: Any) -> list[Any]:
    """Stop: the send event is cancelled (`cancels=`); once its streams are closed, each side's
    conversation with what it received."""
    if not isinstance(session, ChatSession):
        return [*[gr.skip()] * (2 * MAX_SIDES + 2), session]
    for _ in range(60):  # the cancelled handler closes its streams within moments
        if not session.busy:
            break
        await asyncio.sleep(0.05)
    shown = [*session.histories, *session.statuses]
    return [*shown, gr.skip(), "Stopped: each side keeps what it received.", session]


def side_cleared(index: int) -> Callable[[Any], list[Any]]:
    """A side's own clear icon: that side starts anew (not while replies stream in)."""

    def clear(session: Any) -> list[Any]:
        if isinstance(session, ChatSession) and not session.busy:
            session.histories[index], session.statuses[index] = [], ""
        return ["", session]

    return clear


def cleared() -> list[Any]:
    """Clear: a new session; every side's conversation and status emptied."""
    return [*[[]] * MAX_SIDES, *[""] * MAX_SIDES, gr.skip(), "", ChatSession()]


def _side_column(i: int, side: Side) -> tuple[Any, Any, Any, Any, Any]:
    with gr.Column(min_width=240, visible=i < 2, elem_id=f"qa-chat-side-{i}") as column:
        kind = gr.Dropdown(
            SIDE_KINDS, value=side.kind, label=f"Side {i + 1}", elem_id=f"qa-chat-kind-{i}"
        )
        model = gr.Textbox(
            value=side.model,
            label="Model (Custom URL: the endpoint URL)",
            elem_id=f"qa-chat-model-{i}",
        )
        status = gr.Markdown(elem_id=f"qa-chat-status-{i}")
        bot = gr.Chatbot(
            label=f"Side {i + 1}",
            elem_id=f"qa-chat-bot-{i}",
            height=420,
            buttons=["copy", "copy_all"],
            feedback_options=None,
            placeholder="This side's conversation.",
        )
    return column, kind, model, status, bot


def _layout() -> tuple[ChatCompare, Any, Any, Any, list[Any]]:
    gr.Markdown(
        "Each message goes to every side; each side keeps its own conversation, so the "
        "second message carries each side's own first reply.",
        elem_id="qa-chat-about",
    )
    count = gr.Radio([2, 3, 4], value=2, label="Sides", elem_id="qa-chat-count")
    columns, kinds, models, statuses, bots = [], [], [], [], []
    with gr.Row(elem_id="qa-chat-sides", equal_height=False):
        for i, side in enumerate(default_chat_sides()):
            column, kind, model, status, bot = _side_column(i, side)
            columns.append(column)
            kinds.append(kind)
            models.append(model)
            statuses.append(status)
            bots.append(bot)
    limit = FIELDS["message"].max_chars
    with gr.Row(equal_height=True):
        message = gr.Textbox(
            show_label=False, placeholder="A message for every side; Enter sends",
            max_length=limit, lines=1, max_lines=8, scale=6, elem_id="qa-chat-message",
        )  # fmt: skip
        send = gr.Button("Send", variant="primary", scale=1, elem_id="qa-chat-send")
        stop = gr.Button("Stop", variant="stop", scale=1, elem_id="qa-chat-stop")
        clear = gr.Button("Clear", scale=1, elem_id="qa-chat-clear")
    note = gr.Markdown(elem_id="qa-chat-note")
    with gr.Accordion("System prompt and parameters (sent to every side)", open=False):
        system = gr.Textbox(
            value=FIELDS["system"].value, label=FIELDS["system"].label, lines=2,
            max_length=FIELDS["system"].max_chars, elem_id="qa-chat-system",
        )  # fmt: skip
        with gr.Row():
            max_tokens = gr.Number(
                value=128, label=PARAMS["max_tokens"].label, precision=0, minimum=1,
                elem_id="qa-chat-max-tokens",
            )  # fmt: skip
            # A Number can't stay empty (it sends 0 once shown): empty means the server's default.
            temperature = gr.Textbox(
                value="", label=PARAMS["temperature"].label, placeholder="server default (0–2)",
                elem_id="qa-chat-temperature",
            )  # fmt: skip
        extra = gr.Code(language="json", lines=2, label="Parameters", elem_id="qa-chat-extra")
    view = ChatCompare(
        count, kinds, models, message, system, max_tokens, temperature, extra,
        bots, statuses, note, gr.State(),
    )  # fmt: skip
    return view, send, stop, clear, columns


def build_chat_compare(ctx: AppContext) -> ChatCompare:
    """The Chat compare view (call inside its gr.Tab)."""
    view, send, stop, clear, columns = _layout()
    handler = make_chat_send(ctx)
    inputs = [*ctx.target_inputs, *view.inputs, view.state]
    runs = [
        trigger(
            handler,
            inputs,
            view.outputs,
            api_visibility="private",
            concurrency_limit=ctx.concurrency,
        )
        for trigger in (send.click, view.message.submit)
    ]
    stop.click(stopped, view.state, view.outputs, cancels=runs, api_visibility="private")
    clear.click(cleared, None, view.outputs, cancels=runs, api_visibility="private", queue=False)
    for i, (bot, status) in enumerate(zip(view.bots, view.statuses, strict=True)):
        bot.clear(side_cleared(i), view.state, [status, view.state], api_visibility="private")
    view.count.change(_show_sides, view.count, columns, api_visibility="private", queue=False)
    return view
