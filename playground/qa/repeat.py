"""Run the same call N times: latency p50/p95, how many distinct outputs, and whether a seed
makes them identical. The calls go through `playground.client` like any run (so a cold start
is retried by the client; its time is reported apart)."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.client import InferenceError, WaitInfo

from .extract import plain
from .metrics import percentile

__all__ = ["RepeatReport", "SeedReport", "output_key", "repeat_call", "seed_check"]


def output_key(result: Any) -> str:
    """A short fingerprint of an output (its plain JSON), to count distinct outputs."""
    text = json.dumps(plain(result), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class RepeatReport:
    latencies: list[float] = field(default_factory=list)
    outputs: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    cold_starts: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def p50(self) -> float | None:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.latencies, 95)

    @property
    def distinct(self) -> int:
        return len(self.outputs)

    @property
    def identical(self) -> bool:
        """Every successful call gave the same output (and at least two succeeded)."""
        return self.distinct == 1 and sum(self.outputs.values()) > 1


def repeat_call(
    call: Callable[[], Any],
    n: int,
    *,
    max_seconds: float = 120.0,
    waits: list[WaitInfo] | None = None,
) -> RepeatReport:
    """Call `n` times in a row (stop early at `max_seconds`). `waits`: the list the client's
    `on_wait` appends to, so calls that waited for a loading model count as cold starts."""
    report = RepeatReport()
    started = time.perf_counter()
    for _ in range(n):
        if time.perf_counter() - started > max_seconds:
            break
        if waits is not None:
            waits.clear()
        begin = time.perf_counter()
        try:
            result = call()
            if hasattr(result, "__next__"):
                result = list(result)
        except InferenceError as error:
            report.errors.append(str(error))
            continue
        seconds = time.perf_counter() - begin
        if waits:
            report.cold_starts.append(seconds)
        else:
            report.latencies.append(seconds)
        report.outputs[output_key(result)] += 1
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class SeedReport:
    without_seed: RepeatReport
    with_seed: RepeatReport

    @property
    def seed_makes_identical(self) -> bool:
        return self.with_seed.identical


def seed_check(
    call_with_seed: Callable[[int | None], Any], n: int = 3, seed: int = 42
) -> SeedReport:
    """The same call `n` times without a seed, then `n` times with `seed`."""
    return SeedReport(
        repeat_call(lambda: call_with_seed(None), n),
        repeat_call(lambda: call_with_seed(seed), n),
    )
