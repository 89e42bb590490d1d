"""Chat compare's runs: one visitor's conversations (one per side, kept in a gr.State), each
message sent to every side at once, every reply streamed into its own side, and each side's
status line with its timings. A side that fails says so on its own line; the others go on."""

from __future__ import annotations

import asyncio
import contextlib
import html
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from playground.client import AsyncStream, InputError
from playground.tasks import TASKS
from playground.tasks.chat_completion import chunk_text
from playground.tasks.spec import CallArgs

from .chat_tab import MAX_CONVERSATION_CHARS, shown_messages
from .qa_sides import MAX_SIDES, Side
from .runner import Outcome, error_sentence
from .stream_runner import PACE, StreamRun, run_stream
from .target import ClientFactory, TargetChoice

__all__ = ["SPEC", "ChatSession", "ChatTurn", "SideReply", "reply_status", "send_to_all"]

SPEC = TASKS["chat-completion"]
Message = dict[str, Any]


def _empty_histories() -> list[list[Message]]:
    return [[] for _ in range(MAX_SIDES)]


@dataclass
class ChatSession:
    """One visitor's Chat compare: each side's conversation and last status line."""

    histories: list[list[Message]] = field(default_factory=_empty_histories)
    statuses: list[str] = field(default_factory=lambda: [""] * MAX_SIDES)
    busy: bool = False  # replies are streaming in: the next message waits


@dataclass(frozen=True)
class ChatTurn:
    """What every side is sent: the new message, the system prompt, the parameters."""

    message: str
    system: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class SideReply:
    """One side's reply to the current message, as it streams in."""

    index: int
    side: Side
    run: StreamRun
    model: str | None
    started: float = field(default_factory=time.perf_counter)
    seconds: float | None = None  # set when the reply is over (done, failed or stopped)
    waiting: str = ""  # the server's "loading" sentence, while it makes us wait

    @property
    def done(self) -> bool:
        return self.seconds is not None

    @property
    def failed(self) -> bool:
        return self.run.outcome is not None and self.run.outcome.error is not None

    def messages(self) -> list[Message]:
        return shown_messages(list(self.run.prefix or []), self.run.text)


def _timings(reply: SideReply) -> str:
    outcome = reply.run.outcome
    exchange = outcome.exchanges[-1] if outcome and outcome.exchanges else None
    first = exchange.time_to_first_item if exchange else None
    rate = exchange.items_per_second if exchange else None
    code = f"HTTP {exchange.status} · " if exchange and exchange.status else ""
    return (
        f"{code}TTFT {'–' if first is None else f'{first * 1000:,.0f} ms'} · "
        f"total {reply.seconds or 0.0:.2f} s · {'–' if not rate else f'{rate:,.1f}'} tokens/s"
    )


def reply_status(reply: SideReply) -> str:
    """The side's title, then how its reply goes: waiting, streaming, its timings, or why not."""
    title = f"**{reply.index + 1}. {html.escape(reply.side.title)}**"
    outcome = reply.run.outcome
    if outcome is not None and outcome.error is not None:
        return f"{title}  \n✗ {html.escape(error_sentence(outcome.error))}"
    tokens = f"{reply.run.tokens} token{'' if reply.run.tokens == 1 else 's'}"
    if reply.run.stopped:
        return f"{title}  \n■ Stopped after {tokens} · {_timings(reply)}"
    if not reply.done:
        if reply.run.tokens:
            return f"{title}  \n⏳ streaming · {tokens}"
        return f"{title}  \n{html.escape(reply.waiting) or '⏳ waiting for the first token…'}"
    return f"{title}  \n✓ {tokens} · {_timings(reply)}"


async def _drive(factory: ClientFactory, reply: SideReply, call: CallArgs) -> None:
    """Stream one side's reply into `reply.run.text`; any failure stays on this side."""
    run = reply.run
    try:
        updates = run_stream(factory, run, reply.model, call, {}, _has_text, _has_text)
        async with contextlib.aclosing(updates):
            async for update in updates:
                if isinstance(update, str):
                    reply.waiting = update
                else:
                    run.text += "".join(chunk_text(item) for item in update)
        result = run.outcome.result if run.outcome else None
        if run.outcome and run.outcome.ok and not isinstance(result, AsyncStream):
            run.text = SPEC.render(result, call, {})["reply"]  # asked for without streaming
    except Exception as exc:  # one side's fault must not stop the others
        run.outcome = run.outcome or Outcome(call, reply.model)
        run.outcome.error = exc
    finally:
        reply.seconds = time.perf_counter() - reply.started


def _has_text(chunk: Any) -> bool:
    return bool(chunk_text(chunk))


def _replies(
    factory: ClientFactory,
    session: ChatSession,
    sides: Sequence[Side],
    base: TargetChoice,
    text: str,
) -> list[SideReply]:
    replies = []
    for index, side in enumerate(sides):
        target = side.target(base)
        turns = [*session.histories[index], {"role": "user", "content": text}]
        length = sum(len(str(turn["content"])) for turn in turns)
        if length > MAX_CONVERSATION_CHARS:
            raise InputError(
                f"Side {index + 1}'s conversation is {length:,} characters long, over the "
                f"{MAX_CONVERSATION_CHARS:,}-character limit; press Clear to start anew."
            )
        run = StreamRun(SPEC, target, prefix=turns)
        replies.append(
            SideReply(index, side, run, factory.model_for(SPEC, target, side.model_box()))
        )
    return replies


async def send_to_all(
    factory: ClientFactory,
    session: ChatSession,
    sides: Sequence[Side],
    base: TargetChoice,
    turn: ChatTurn,
) -> AsyncIterator[list[SideReply]]:
    """Send the message to every side at once; the replies so far, about every update interval,
    until all are over. Each side's conversation in `session` grows by the message and its
    reply (a partial one if stopped) when this ends, however it ends. InputError (before
    anything is sent) when a conversation is too long."""
    replies = _replies(factory, session, sides, base, turn.message)
    calls = [
        SPEC.build_call({"system": turn.system, "history": reply.run.prefix}, turn.params)
        for reply in replies
    ]
    session.busy = True
    tasks = [
        asyncio.ensure_future(_drive(factory, r, c)) for r, c in zip(replies, calls, strict=True)
    ]
    try:
        pending: set[asyncio.Future[None]] = set(tasks)
        yield replies
        while pending:
            _, pending = await asyncio.wait(pending, timeout=PACE.interval())
            yield replies
    except (GeneratorExit, asyncio.CancelledError):  # Stop, Clear, or the page went away
        for reply in replies:
            reply.run.stopped = not reply.done
        raise
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for reply in replies:
            session.histories[reply.index] = reply.messages()
            session.statuses[reply.index] = reply_status(reply)
        session.busy = False
