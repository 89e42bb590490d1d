"""Running a streamed call for a tab: throttled batches of items, Stop that closes the HTTP
stream (so the server stops generating), the status line and inspector at the end, and the
event settings that keep Gradio's per-chunk cost low."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from playground.client import AsyncStream
from playground.tasks.spec import CallArgs, TaskSpec

from .inspector import InspectorView
from .report import inspector_view, status_error
from .runner import Outcome, call_task, error_sentence
from .target import ClientFactory, TargetChoice
from .visitors import BusyError

__all__ = [
    "EMPTY_INSPECTOR",
    "PACE",
    "RAW_EVENT",
    "UPDATE_INTERVAL",
    "Pace",
    "StreamRun",
    "batches",
    "final_status",
    "run_stream",
    "run_view",
    "serialize",
    "serialized",
    "tracking",
]

T = TypeVar("T")
# At most one page update per interval while tokens stream in (the first token goes at once):
# every update re-sends and re-renders the output, so long outputs would otherwise crawl. The
# browser redraws the whole chat per update: at 0.04 s (25/s) a local SmolLM2 chat on 2 cores
# kept Chromium so busy that a click on Stop took 10-15 s to land (the reply often finished
# first); 0.1 s took ~2.4 s, 0.15 s ~0.6 s (tests/e2e/test_journey.py's Stop step).
UPDATE_INTERVAL = 0.15
# Updates per second for the whole app: with many streams at once each one updates less often
# (bigger batches, same tokens/s) rather than the event loop falling behind all of them.
UPDATE_BUDGET = 200.0
# What the inspector shows while a run streams. Chunks re-send unchanged outputs rather than
# gr.skip(): in Gradio 6.31 every skip() rebuilds that component and its config (~0.6 ms each),
# which made a chunk of the text tab cost ~6 ms and capped many sessions at a few updates/s.
EMPTY_INSPECTOR = InspectorView().values()
# Run events take the inputs as the page sends them and give back outputs already serialized
# (see `serialized`): Gradio would otherwise pre- and post-process each of some twenty inputs and
# a dozen outputs in a worker thread of its own, per event and per chunk, and with many sessions
# streaming at once those thread hops are what the event loop spends its time on. The handlers
# accept the raw values (numbers as int or float, the chat as the Chatbot's own messages).
RAW_EVENT = {"preprocess": False, "postprocess": False}
STOPPED_NOTE = "Stopped by the user; the connection was closed."


@dataclass
class StreamRun:
    """One streamed run, shared by its handler and the Stop button (through a gr.State)."""

    spec: TaskSpec
    target: TargetChoice
    call: CallArgs | None = None
    prefix: Any = None  # what the streamed text follows: the chat so far, or the prompt
    outcome: Outcome | None = None
    text: str = ""
    received: list[Any] = field(default_factory=list)
    tokens: int = 0  # items that carried a token (not a chat stream's role or finish chunks)
    stopped: bool = False
    finished: bool = False
    closed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    async def wait_closed(self, timeout: float = 3.0) -> None:
        """Until the handler has closed its stream (Stop and the cancel race each other)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.closed.wait(), timeout)


class Pace:
    """The update interval shared by the streams of this process: UPDATE_INTERVAL while few
    stream, longer when more than UPDATE_BUDGET × UPDATE_INTERVAL stream at once."""

    def __init__(self, base: float = UPDATE_INTERVAL, budget: float = UPDATE_BUDGET) -> None:
        self.base, self.budget, self.active = base, budget, 0

    def interval(self) -> float:
        return max(self.base, self.active / self.budget)

    @contextlib.contextmanager
    def streaming(self) -> Iterator[None]:
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1


PACE = Pace()


async def _next(items: AsyncIterator[T]) -> T:
    return await items.__anext__()


def _always(_item: Any) -> bool:
    return True


def _due(
    buffer: list[T], flushed_at: float | None, interval: float, visible: Callable[[T], bool]
) -> bool:
    if flushed_at is None:
        return any(map(visible, buffer))
    return time.monotonic() - flushed_at >= interval


async def batches(
    items: AsyncIterator[T],
    interval: float | Callable[[], float] = UPDATE_INTERVAL,
    visible: Callable[[T], bool] = _always,
) -> AsyncIterator[list[T]]:
    """The items in lists: the first visible item at once, then at most one list per `interval`
    (seconds, or a function giving them) — a list is sent when its time comes even if no new
    item arrives — and the rest at the end. An error from `items` comes after the items received
    before it."""
    pace = interval if callable(interval) else lambda: interval
    pending: asyncio.Task[T] | None = None
    buffer: list[T] = []
    flushed_at: float | None = None
    failure: Exception | None = None
    try:
        while True:
            deadline = None if not buffer or flushed_at is None else flushed_at + pace()
            try:
                if deadline is None and pending is None:
                    buffer.append(await items.__anext__())
                else:
                    pending = pending or asyncio.ensure_future(_next(items))
                    timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                    done, _ = await asyncio.wait((pending,), timeout=timeout)
                    if done:
                        task, pending = pending, None
                        buffer.append(task.result())
            except StopAsyncIteration:
                break
            except Exception as exc:
                failure = exc
                break
            if buffer and _due(buffer, flushed_at, pace(), visible):
                yield buffer
                buffer, flushed_at = [], time.monotonic()
        if buffer:
            yield buffer
        if failure is not None:
            raise failure
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(BaseException):
                await pending


async def run_stream(
    factory: ClientFactory,
    run: StreamRun,
    model: str | None,
    call: CallArgs,
    extra: dict[str, Any],
    visible: Callable[[Any], bool] = _always,
    is_token: Callable[[Any], bool] = _always,
) -> AsyncIterator[str | list[Any]]:
    """Progress sentences while the server makes us wait (str), then the items in throttled
    batches (list; `visible` items are the ones worth showing at once, `is_token` ones are
    counted). `run.outcome` holds the result or the error afterwards; a result that is not a
    stream (stream=False) is left there untouched. Closing or cancelling this generator closes
    the HTTP response."""
    try:
        admission = factory.admit(run.target)
    except BusyError as exc:
        run.outcome, run.call = Outcome(call, model, error=exc), call
        return
    with admission:
        async with contextlib.aclosing(
            _stream(factory, run, model, call, extra, visible, is_token)
        ) as updates:  # type: ignore[type-var]
            async for update in updates:
                yield update


async def _stream(
    factory: ClientFactory,
    run: StreamRun,
    model: str | None,
    call: CallArgs,
    extra: dict[str, Any],
    visible: Callable[[Any], bool],
    is_token: Callable[[Any], bool],
) -> AsyncIterator[str | list[Any]]:
    stream: AsyncStream | None = None
    interrupted = False
    try:
        async for update in call_task(factory, run.spec, run.target, model, call, extra):
            if isinstance(update, Outcome):
                run.outcome, run.call = update, update.call
            else:
                yield update
        if run.outcome is None or not isinstance(run.outcome.result, AsyncStream):
            return
        stream = run.outcome.result
        try:
            with PACE.streaming():
                async for batch in batches(stream, PACE.interval, visible):
                    run.received.extend(batch)
                    run.tokens += sum(map(is_token, batch))
                    yield batch
        except Exception as exc:  # an error inside the 200 stream, or the stream was cut
            run.outcome.error = exc
    except (GeneratorExit, asyncio.CancelledError):  # Stop, or the page went away
        interrupted = True
        raise
    finally:
        if stream is not None:
            await stream.aclose()
            if interrupted:
                stream.exchange.error = STOPPED_NOTE


@contextlib.contextmanager
def tracking(run: StreamRun) -> Iterator[StreamRun]:
    """Around a handler's whole body: marks the run stopped when it is cancelled or closed, and
    tells a waiting Stop button when it is over."""
    try:
        yield run
    except (GeneratorExit, asyncio.CancelledError):
        run.stopped = True
        raise
    finally:
        run.finished = not run.stopped
        run.closed.set()


def _rate_text(run: StreamRun) -> str:
    exchanges = run.outcome.exchanges if run.outcome else []
    last = exchanges[-1] if exchanges else None
    if last is None:
        return ""
    parts = []
    if last.time_to_first_item is not None:
        parts.append(f"first token {last.time_to_first_item * 1000:,.0f} ms")
    if last.items_per_second:
        parts.append(f"{last.items_per_second:,.1f} tokens/s")
    if last.duration is not None and not last.streamed:
        parts.append(f"{last.duration * 1000:,.0f} ms")
    return " · ".join(parts)


def final_status(run: StreamRun) -> str:
    """One line: the error sentence, "stopped", or what the stream delivered and how fast."""
    outcome = run.outcome
    if outcome is not None and outcome.error is not None:
        return status_error(error_sentence(outcome.error))
    rate = _rate_text(run)
    tokens = f"{run.tokens} token{'' if run.tokens == 1 else 's'}"
    if run.stopped:
        return f'<div class="status-ok">■ Stopped after {tokens}. {rate}</div>'
    count = tokens if run.tokens else run.spec.title
    return f'<div class="status-ok">✓ {count}{" · " + rate if rate else ""}</div>'


_PRINT_STREAM = {
    "chat_completion": (
        "for chunk in result:\n"
        '    print(chunk.choices[0].delta.content or "", end="", flush=True)\nprint()'
    ),
    "text_generation": (
        "for token in result:\n"
        '    print(token if isinstance(token, str) else token.token.text, end="", flush=True)\n'
        "print()"
    ),
}


def _streaming_snippet(snippet: str, method: str, call: CallArgs | None) -> str:
    """The snippets print `result`; a stream has to be iterated instead."""
    loop = _PRINT_STREAM.get(method)
    if not loop or call is None or not call.kwargs.get("stream"):
        return snippet
    head, found, _ = snippet.rpartition("print(result)")
    return head + loop if found else snippet


def run_view(run: StreamRun, factory: ClientFactory) -> InspectorView:
    """The inspector for a finished (or stopped) run."""
    if run.outcome is None:
        return InspectorView(summary="No request was sent.")
    view = inspector_view(run.spec, run.outcome, factory, run.target)
    method = run.spec.method
    return InspectorView(
        summary=view.summary,
        request=view.request,
        response=view.response,
        curl=view.curl,
        python=_streaming_snippet(view.python, method, run.call),
        hub=_streaming_snippet(view.hub, method, run.call),
        javascript=view.javascript,
        events=view.events,
        exports=view.exports,
    )


def _is_update(value: Any) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


def serialize(components: Sequence[Any], values: Sequence[Any]) -> list[Any]:
    """The outputs as the page receives them (each component's own postprocess, done here in
    one go), for events registered with `postprocess=False`."""
    wired = []
    for component, value in zip(components, values, strict=True):
        if _is_update(value) or getattr(component, "stateful", False):
            wired.append(value)
            continue
        processed = component.postprocess(value)
        wired.append(processed.model_dump() if hasattr(processed, "model_dump") else processed)
    return wired


def serialized(handler: Callable[..., AsyncIterator[list[Any]]], outputs: Sequence[Any]) -> Any:
    """`handler` with its outputs serialized as it yields. Gradio would otherwise post-process
    every output of every chunk in a worker thread (a dozen thread hops per chunk), which is
    what limits how many sessions can stream at once."""

    @functools.wraps(handler)
    async def wired(*values: Any) -> AsyncIterator[list[Any]]:
        outputs_so_far = handler(*values)
        async with contextlib.aclosing(outputs_so_far):  # type: ignore[type-var]
            async for update in outputs_so_far:
                yield serialize(outputs, update)

    return wired
