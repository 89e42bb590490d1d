"""A capped load sweep: one exact request replayed at concurrency 1 → 32, bounded in count
and time. Per level: p50/p95 latency, throughput, 429 / 503 / 5xx rates, transport errors,
cold starts (503 "loading", kept out of the latencies), and for streams time to first token
and tokens per second. Not a load engine: for more, export the request as a locustfile.

Requests go out over one pooled `httpx.AsyncClient` with no retries, so what is measured is
the target, not the client's policies.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from playground.client import ModelLoadingError
from playground.client.error_mapping import error_from_response

from .exact import ExactRequest
from .metrics import percentile

__all__ = ["LEVELS", "LevelStats", "Sample", "SweepReport", "run_sweep", "sweep"]

LEVELS = (1, 2, 4, 8, 16, 32)
MAX_REQUESTS_PER_LEVEL = 256


@dataclass(frozen=True)
class Sample:
    """One request: status (None: transport error), seconds, and for streams the time to the
    first event and the number of events."""

    status: int | None
    seconds: float
    cold: bool = False
    first_event: float | None = None
    events: int = 0
    error: str | None = None


@dataclass(frozen=True)
class LevelStats:
    concurrency: int
    requests: int
    ok: int
    seconds: float
    p50: float | None
    p95: float | None
    throughput: float
    rate_429: float
    rate_503: float
    rate_5xx: float
    errors: int
    cold_starts: int
    ttft_p50: float | None = None
    tokens_per_second: float | None = None


@dataclass
class SweepReport:
    levels: list[LevelStats] = field(default_factory=list)
    stopped: str | None = None
    seconds: float = 0.0


def _rate(samples: Sequence[Sample], test: Any) -> float:
    return round(sum(1 for s in samples if test(s)) / len(samples), 4) if samples else 0.0


def summarize(concurrency: int, samples: Sequence[Sample], seconds: float) -> LevelStats:
    """The statistics of one level (pure)."""
    ok = [s for s in samples if s.status is not None and 200 <= s.status < 300]
    latencies = [s.seconds for s in ok]
    streamed = [s for s in ok if s.first_event is not None]
    rates = [
        (s.events - 1) / (s.seconds - first)
        for s in streamed
        if s.events > 1 and s.seconds > (first := s.first_event or 0)
    ]
    return LevelStats(
        concurrency=concurrency,
        requests=len(samples),
        ok=len(ok),
        seconds=round(seconds, 4),
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        throughput=round(len(ok) / seconds, 3) if seconds > 0 else 0.0,
        rate_429=_rate(samples, lambda s: s.status == 429),
        rate_503=_rate(samples, lambda s: s.status == 503 and not s.cold),
        rate_5xx=_rate(samples, lambda s: s.status is not None and s.status >= 500),
        errors=sum(1 for s in samples if s.status is None),
        cold_starts=sum(1 for s in samples if s.cold),
        ttft_p50=percentile([s.first_event for s in streamed if s.first_event is not None], 50),
        tokens_per_second=percentile(rates, 50),
    )


async def _send(http: httpx.AsyncClient, request: ExactRequest) -> Sample:
    started = time.perf_counter()
    try:
        async with http.stream(
            request.method, request.url, headers=request.headers, content=request.body
        ) as response:
            first, events, body = None, 0, b""
            if request.stream and response.status_code < 300:
                async for line in response.aiter_lines():
                    if line.startswith("data:") and line[5:].strip() != "[DONE]":
                        first = first if first is not None else time.perf_counter() - started
                        events += 1
            else:
                body = await response.aread()
    except httpx.HTTPError as error:
        return Sample(None, time.perf_counter() - started, error=type(error).__name__)
    seconds = time.perf_counter() - started
    cold = False
    if response.status_code == 503:
        text = body.decode("utf-8", errors="replace")
        failure = error_from_response(503, response.headers, text, request.url)
        cold = isinstance(failure, ModelLoadingError)
    return Sample(response.status_code, seconds, cold, first, events)


async def _level(
    http: httpx.AsyncClient, request: ExactRequest, concurrency: int, count: int, until: float
) -> tuple[list[Sample], float]:
    samples: list[Sample] = []
    remaining = [count]

    async def worker() -> None:
        while remaining[0] > 0 and time.perf_counter() < until:
            remaining[0] -= 1
            samples.append(await _send(http, request))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return samples, time.perf_counter() - started


async def sweep(
    request: ExactRequest,
    levels: Sequence[int] = LEVELS,
    *,
    requests_per_level: int | None = None,
    seconds_per_level: float = 10.0,
    max_seconds: float = 60.0,
    timeout: float = 30.0,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SweepReport:
    """Run the levels in order. Each sends `requests_per_level` requests (default 8 per
    worker, at least 16, at most 256) or stops at `seconds_per_level`; the sweep stops at
    `max_seconds`, or after a level where most requests failed (the target is saturated)."""
    report = SweepReport()
    limits = httpx.Limits(max_connections=max(levels), max_keepalive_connections=max(levels))
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=timeout, limits=limits, transport=transport) as http:
        for concurrency in levels:
            left = max_seconds - (time.perf_counter() - started)
            if left <= 0:
                report.stopped = f"the sweep's {max_seconds:.0f} s budget ran out"
                break
            count = requests_per_level or min(MAX_REQUESTS_PER_LEVEL, max(16, 8 * concurrency))
            until = time.perf_counter() + min(seconds_per_level, left)
            samples, seconds = await _level(http, request, concurrency, count, until)
            stats = summarize(concurrency, samples, seconds)
            report.levels.append(stats)
            if stats.requests and stats.ok < stats.requests / 2:
                report.stopped = f"most requests failed at concurrency {concurrency}"
                break
    report.seconds = time.perf_counter() - started
    return report


def run_sweep(request: ExactRequest, **options: Any) -> SweepReport:
    """`sweep` from synchronous code (a UI handler in a worker thread, a script)."""
    return asyncio.run(sweep(request, **options))
