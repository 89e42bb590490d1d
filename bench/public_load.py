"""Public load: many visitors on the local target, quiet and while one visitor drips.

The app runs as a subprocess (`app.py --target local`, embedded local server, VADER text
classification). Visitors drive it as browser tabs do (bench/visitors.py: one session_hash
each, Gradio's queue join + SSE, an `X-Forwarded-For` identity each):

1. quiet: V visitors × C calls each (P visitors at a time): p50/p95 latency, errors;
2. drip: the same with fresh visitors while one more visitor keeps D calls open on the Custom
   URL target, aimed at a server on 127.0.0.1 that sends one byte every 2 s.

Reported: p50/p95 of both runs, the ratio drip p95 ÷ quiet p95 (goal ≤ 2×), errors, how many
drip calls were still open at the end, the app's RSS before and after each run, and the
harness's own CPU per call (so its overhead can be told apart from the app's).

With `--public` the app runs as a public demo (per-visitor limits, visitors told apart by
`X-Forwarded-For`): public mode refuses visitor URLs on loopback, so the drip server is the
app's configured Hugging Face endpoint instead, and the dripper calls it on the Hugging Face
target. Without it, the dripper points the Custom URL target at the drip server.

Run: .venv/bin/python bench/public_load.py [--visitors 100] [--calls 5] [--parallel 20]
     [--drip-calls 32] [--header X-Forwarded-For | --header ''] [--public]
Loopback only; bounded in count and time (--deadline per run); the app is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass

from visitors import (  # bench/ is on sys.path: the script's own folder
    App,
    Event,
    Outcome,
    Page,
    Visitor,
    drip_server,
    free_port,
    http_client,
    percentile,
    running_app,
    visitor_headers,
)

API = "text_classification"
TEXT = "The playground answered quickly and the results were lovely."


@dataclass
class Run:
    name: str
    outcomes: list[Outcome]
    unfinished: int  # calls not answered by the deadline (counted at the deadline in p95)
    deadline: float
    wall: float
    harness_cpu: float
    rss_before: float
    rss_after: float

    @property
    def answered(self) -> list[float]:
        return [o.seconds for o in self.outcomes if o.error is None]

    @property
    def waited(self) -> list[float]:
        """Every call's wait: errors as they came, unfinished calls at the deadline."""
        return [o.seconds for o in self.outcomes] + [self.deadline] * self.unfinished

    @property
    def errors(self) -> list[str]:
        return [o.error for o in self.outcomes if o.error is not None]

    def line(self) -> str:
        ok, waited = [x * 1000 for x in self.answered], [x * 1000 for x in self.waited]
        calls = len(self.outcomes) + self.unfinished
        return (
            f"{self.name:6} calls {calls:4}  errors {len(self.errors):3}  "
            f"unfinished {self.unfinished:3}  answered p50 {percentile(ok, 0.5):7.1f} ms  "
            f"p95 {percentile(ok, 0.95):7.1f} ms  all p95 {percentile(waited, 0.95):8.1f} ms  "
            f"wall {self.wall:5.1f} s  harness CPU/call "
            f"{self.harness_cpu / max(1, calls) * 1000:4.1f} ms  "
            f"RSS {self.rss_before:5.0f} -> {self.rss_after:5.0f} MB"
        )


async def visit(
    visitor: Visitor, event: Event, data: list[object], calls: int, into: list[Outcome]
) -> None:
    try:
        for _ in range(calls):
            into.append(await visitor.call(event, data))
    finally:
        await visitor.close()


async def load(app: App, event: Event, name: str, args: argparse.Namespace) -> Run:
    """`args.visitors` visitors, `args.parallel` at a time, `args.calls` calls each, all within
    `args.deadline` seconds (calls still waiting then are counted as unfinished)."""
    data = event.data(**{"target-kind": "local", f"{API}-text": TEXT})
    gate = asyncio.Semaphore(args.parallel)
    outcomes: list[Outcome] = []
    rss_before, cpu, started = app.rss_mb(), time.process_time(), time.perf_counter()

    async def one(index: int) -> None:
        async with gate:
            visitor = Visitor(http, f"{name}-{index}", visitor_headers(index, args.header))
            await visit(visitor, event, data, args.calls, outcomes)

    async with http_client(app.url) as http:
        runs = [asyncio.create_task(one(i)) for i in range(args.visitors)]
        _, pending = await asyncio.wait(runs, timeout=args.deadline)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    unfinished = args.visitors * args.calls - len(outcomes)
    return Run(name, outcomes, unfinished, args.deadline, wall, cpu, rss_before, app.rss_mb())


async def with_drip(app: App, event: Event, args: argparse.Namespace) -> tuple[Run, int]:
    """The load again, while one visitor keeps `args.drip_calls` calls on the drip server."""
    port = args.drip_port or 0
    async with drip_server(args.drip_every, port) as drip, http_client(app.url) as http:
        headers = visitor_headers(60_000, args.header)
        dripper = Visitor(http, "dripper", headers)
        aimed = (
            {"target-kind": "hf", f"{API}-model": "drip/model"}
            if args.public
            else {"target-kind": "custom", "target-url": drip, f"{API}-model": ""}
        )
        data = event.data(**aimed, **{f"{API}-text": TEXT})
        calls = [asyncio.create_task(dripper.call(event, data)) for _ in range(args.drip_calls)]
        await asyncio.sleep(args.drip_settle)  # joined, running, holding their slots
        run = await load(app, event, "drip", args)
        still_open = sum(not call.done() for call in calls)
        for call in calls:
            call.cancel()
        await dripper.close()
        await asyncio.gather(*calls, return_exceptions=True)
    return run, still_open


async def bench(app: App, args: argparse.Namespace) -> None:
    event = Page.load(app.url).event(API)
    async with http_client(app.url) as http:  # load the model, warm the paths
        warm, outcomes = event.data(**{"target-kind": "local", f"{API}-text": TEXT}), []
        await visit(Visitor(http, "warm-up"), event, warm, 3, outcomes)
    if outcomes[-1].error:
        raise RuntimeError(f"the local target fails: {outcomes[-1].error}")
    quiet = await load(app, event, "quiet", args)
    drip, still_open = await with_drip(app, event, args)
    print(quiet.line())
    print(drip.line())
    ratio = percentile(drip.waited, 0.95) / percentile(quiet.waited, 0.95)
    verdict = "within" if ratio <= 2 else "NOT within"
    print(f"others' p95, drip / quiet = {ratio:.2f}x ({verdict} the 2x goal)")
    print(f"drip calls still open at the end: {still_open} of {args.drip_calls}")
    for run in (quiet, drip):
        if run.errors:
            print(f"{run.name} errors (first 3): {sorted(set(run.errors))[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--parallel", type=int, default=20, help="visitors active at once")
    parser.add_argument("--drip-calls", type=int, default=32, help="calls the dripper keeps")
    parser.add_argument("--drip-every", type=float, default=2.0, help="seconds per byte")
    parser.add_argument("--drip-settle", type=float, default=3.0)
    parser.add_argument("--deadline", type=float, default=60.0, help="seconds per run")
    parser.add_argument(
        "--header",
        default="X-Forwarded-For",
        help="header carrying each visitor's address ('' for none: all share 127.0.0.1)",
    )
    parser.add_argument("--public", action="store_true", help="launch in public mode")
    args = parser.parse_args()
    flags = ["--target", "local", *(["--public"] if args.public else [])]
    env = {}
    args.drip_port = None
    if args.public:
        args.drip_port = free_port()
        env = {
            "HF_INFERENCE_ENDPOINT": f"http://127.0.0.1:{args.drip_port}",
            "PLAYGROUND_TRUSTED_PROXIES": "1" if args.header else "0",
        }
    with running_app(flags, env) as app:
        print(f"app pid {app.process.pid}, RSS at start {app.rss_mb():.0f} MB")
        asyncio.run(bench(app, args))


if __name__ == "__main__":
    main()
