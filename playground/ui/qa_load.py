"""Repeat one side's call N times and sweep it under load, for the QA tab (no Gradio here).

Repeats go through the app's client factory like any run (token rules, public-mode checks, the
visitor's budget on the host token); the engine's `repeat_call`/`seed_check` drive them from a
worker thread. The sweep replays the exact request (`playground.qa.exact`) with the engine's
capped `sweep`; the app refuses it in public mode, where a visitor's load must stay bounded
by the fair share (the sweep opens its own connections)."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground.client import InputError, WaitInfo
from playground.qa.exact import ExactRequest, exact_request, locustfile
from playground.qa.repeat import RepeatReport, SeedReport, repeat_call, seed_check
from playground.qa.sweep import LEVELS, SweepReport, sweep

from .qa_sides import ComparePlan, Side
from .runner import with_extra
from .target import ClientFactory, TargetChoice

__all__ = [
    "MAX_REPEATS",
    "SweepLimits",
    "export_locustfile",
    "record_request",
    "repeat_side",
    "sweep_side",
    "takes_seed",
]

MAX_REPEATS = 20
PUBLIC_REPEATS = 5
PUBLIC_REFUSAL = (
    "The load sweep and the Locust export are off on this public demo: run the playground "
    "on your own machine to load-test an endpoint."
)


def takes_seed(plan: ComparePlan) -> bool:
    return any(param.name == "seed" for param in plan.spec.params)


async def _resolved(
    factory: ClientFactory, plan: ComparePlan, side: Side, base: TargetChoice
) -> Any:
    target = side.target(base)
    model = factory.model_for(plan.spec, target, side.model_box())
    factory.check_call(target, model)
    return await factory.identified(target, model), model


async def _call(
    factory: ClientFactory,
    plan: ComparePlan,
    target: TargetChoice,
    model: str | None,
    seed: int | None,
    waits: list[WaitInfo],
) -> Any:
    extra = {**plan.extra, **({"seed": seed} if seed is not None else {})}
    async with factory.client(target, on_wait=waits.append) as client:
        method = getattr(client, plan.spec.method)
        call = with_extra(method, plan.call, extra)
        return await method(*call.args, model=model, **call.kwargs)


async def repeat_side(
    factory: ClientFactory, plan: ComparePlan, side: Side, base: TargetChoice, n: int, seed: bool
) -> RepeatReport | SeedReport:
    """`n` calls in a row (a seed check: `n` without a seed, then `n` with one)."""
    cap = PUBLIC_REPEATS if factory.settings.public else MAX_REPEATS
    n = max(1, min(int(n), cap))
    target, model = await _resolved(factory, plan, side, base)
    loop = asyncio.get_running_loop()
    waits: list[WaitInfo] = []

    def call_with_seed(value: int | None) -> Any:
        job = _call(factory, plan, target, model, value, waits)
        return asyncio.run_coroutine_threadsafe(job, loop).result()

    with factory.admit(target):
        if seed:
            return await asyncio.to_thread(seed_check, call_with_seed, n)
        limit = factory.timeout(target) * n
        return await asyncio.to_thread(
            repeat_call, lambda: call_with_seed(None), n, max_seconds=limit, waits=waits
        )


async def record_request(
    factory: ClientFactory, plan: ComparePlan, side: Side, base: TargetChoice
) -> ExactRequest:
    """Send the side's call once and keep the request as sent (credential included, in memory
    only). Refused in public mode."""
    if factory.settings.public:
        raise InputError(PUBLIC_REFUSAL)
    target, model = await _resolved(factory, plan, side, base)
    options = factory.request_options(target)

    def call(client: Any) -> Any:
        method = getattr(client, plan.spec.method)
        args = with_extra(method, plan.call, plan.extra)
        return method(*args.args, model=model, **args.kwargs)

    return await asyncio.to_thread(exact_request, call, **options)


@dataclass(frozen=True)
class SweepLimits:
    """What the page lets a sweep do: levels up to `top`, requests per level, seconds in all."""

    top: int = 8
    requests: int = 16
    seconds: float = 20.0

    def levels(self) -> tuple[int, ...]:
        return tuple(level for level in LEVELS if level <= self.top) or (1,)

    def bounded(self) -> SweepLimits:
        return SweepLimits(
            top=max(1, min(int(self.top), LEVELS[-1])),
            requests=max(1, min(int(self.requests), 64)),
            seconds=max(1.0, min(float(self.seconds), 60.0)),
        )


async def sweep_side(
    factory: ClientFactory,
    plan: ComparePlan,
    side: Side,
    base: TargetChoice,
    limits: SweepLimits,
) -> SweepReport:
    limits = limits.bounded()
    request = await record_request(factory, plan, side, base)
    levels = limits.levels()
    return await sweep(
        request,
        levels,
        requests_per_level=limits.requests,
        seconds_per_level=limits.seconds / len(levels) * 2,
        max_seconds=limits.seconds,
        timeout=factory.timeout(side.target(base)),
    )


def export_locustfile(request: ExactRequest, name: str, folder: Path | None = None) -> Path:
    """The request as a locustfile.py in a fresh folder (no token in it)."""
    where = Path(tempfile.mkdtemp(prefix="locust-", dir=folder))
    path = where / "locustfile.py"
    path.write_text(locustfile(request, name=name), encoding="utf-8")
    return path
