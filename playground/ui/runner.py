"""Running one task call for the UI: progress while the server loads, one sentence on failure,
and what went over the wire for the inspector."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.client import (
    Exchange,
    HTTPError,
    InferenceError,
    InputError,
    ResponseFormatError,
    WaitInfo,
    capture_exchanges,
)
from playground.tasks.spec import CallArgs, TaskSpec

from .advice import advise
from .input_checks import MAX_EXTRA_CHARS, check_json_size
from .target import ClientFactory, TargetChoice

__all__ = ["Outcome", "call_task", "error_sentence", "parse_extra", "progress_sentence"]

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """The result of a call (or the error), and the exchanges it made."""

    call: CallArgs
    model: str | None
    result: Any = None
    error: BaseException | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    target: TargetChoice | None = None  # as called: a custom target's family found by asking it

    @property
    def ok(self) -> bool:
        return self.error is None


def error_sentence(error: BaseException) -> str:
    """What failed and what to do, in one sentence; never a stack trace."""
    if isinstance(error, HTTPError):
        return str(error)
    if isinstance(error, ResponseFormatError):
        return (
            f"The server answered, but not in the shape this task expects: {error} "
            "The inspector shows what came back."
        )
    if isinstance(error, InferenceError):
        return str(error)
    if isinstance(error, (ValueError, TypeError)):
        return f"Check the input: {error}"
    log.exception("Unexpected error in a task call", exc_info=error)
    return (
        f"Something went wrong inside the playground ({type(error).__name__}); the "
        "inspector shows the requests that were made."
    )


def progress_sentence(info: WaitInfo, now: float, since: float) -> str:
    left = max(0.0, (info.estimated_time or info.wait_seconds) - (now - since))
    if info.reason == "loading":
        estimate = f"about {left:.0f} s left" if info.estimated_time else "waiting for it"
        return f"⏳ The model is loading on the server ({estimate}; attempt {info.attempt})…"
    if info.reason == "rate_limited":
        return f"⏳ The server is rate-limiting requests; retrying in {left:.0f} s…"
    return f"⏳ The server is unavailable; retrying in {left:.0f} s…"


def parse_extra(text: Any) -> dict[str, Any]:
    """The free JSON box: an object of extra parameters (empty box → nothing). Its size and
    nesting are checked before parsing."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return {}
    if not isinstance(text, str):
        raise InputError('Extra parameters must be a JSON object, like {"top_k": 3}.')
    check_json_size(text, "Extra parameters", MAX_EXTRA_CHARS)
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise InputError(f"Extra parameters must be a JSON object: {exc}.") from None
    if not isinstance(value, dict):
        raise InputError('Extra parameters must be a JSON object, like {"top_k": 3}.')
    return value


def with_extra(method: Any, call: CallArgs, extra: Mapping[str, Any]) -> CallArgs:
    """Merge extra parameters: keys the method names become its keyword arguments, the rest go
    to its `parameters=` (or `**kwargs`); a key it can't take is refused."""
    if not extra:
        return call
    names = inspect.signature(method).parameters
    known = set(names) - {"model", "parameters", "options", "kwargs"}
    direct = {key: value for key, value in extra.items() if key in known}
    rest = {key: value for key, value in extra.items() if key not in known}
    kwargs = {**call.kwargs, **direct}
    if rest and "parameters" in names:
        kwargs["parameters"] = {**dict(call.kwargs.get("parameters") or {}), **rest}
    elif rest and "kwargs" in names:
        kwargs.update(rest)
    elif rest:
        raise InputError(f"Not a parameter of this task: {', '.join(rest)}.")
    return CallArgs(call.args, kwargs)


async def call_task(
    factory: ClientFactory,
    spec: TaskSpec,
    target: TargetChoice,
    model: str | None,
    call: CallArgs,
    extra: Mapping[str, Any],
) -> AsyncIterator[str | Outcome]:
    """Run the call; yield progress sentences while the server makes us wait, then the Outcome."""
    waits: asyncio.Queue[WaitInfo] = asyncio.Queue()
    outcome = Outcome(call, model)
    with capture_exchanges() as exchanges:
        outcome.exchanges = exchanges
        try:
            factory.check_call(target, model)
            target = outcome.target = await factory.identified(target, model)
            client = factory.client(target, on_wait=waits.put_nowait)
            method = getattr(client, spec.method)
            outcome.call = with_extra(method, call, extra)
            job = asyncio.ensure_future(
                method(*outcome.call.args, model=model, **outcome.call.kwargs)
            )
        except Exception as exc:
            advise(exc, factory, target)
            outcome.error = exc
            yield outcome
            return
        async for sentence in _progress(job, waits):
            yield sentence
        try:
            outcome.result = job.result()
        except Exception as exc:
            advise(exc, factory, target)
            outcome.error = exc
        finally:
            await client.close()
    yield outcome


async def _progress(job: asyncio.Future[Any], waits: asyncio.Queue[WaitInfo]) -> AsyncIterator[str]:
    info: WaitInfo | None = None
    since = time.monotonic()
    try:
        while not job.done():
            done, _ = await asyncio.wait({job}, timeout=1.0)
            while not waits.empty():
                info, since = waits.get_nowait(), time.monotonic()
            if info is not None and not done:
                yield progress_sentence(info, time.monotonic(), since)
    except BaseException:
        job.cancel()
        raise
