"""Memory per Gradio session: the app's RSS after N one-call sessions, Gradio's own session
store (as on main: `PLAYGROUND_LEAN_SESSIONS=0`, 10,000 sessions kept) against the bounded lean
one (the default: playground/ui/sessions.py, 1,000 sessions kept), measured in the same run.

Each store gets a fresh app subprocess (`app.py --target local`); a warm-up visitor loads the
VADER model; then N visitors (own session_hash and X-Forwarded-For each, P at a time) make one
text-classification call each over Gradio's queue protocol (bench/visitors.py). Then, for the
lean store, N more sessions: beyond its capacity, RSS should stay flat.

Run: .venv/bin/python bench/session_memory.py [--sessions 1000] [--parallel 10]
Loopback only; bounded by --deadline per phase; each app is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from visitors import (  # bench/ is on sys.path: the script's own folder
    App,
    Event,
    Outcome,
    Page,
    Visitor,
    http_client,
    running_app,
    visitor_headers,
)

API = "text_classification"
TEXT = "A short and happy sentence."
STORES = {
    "gradio": {"PLAYGROUND_LEAN_SESSIONS": "0", "PLAYGROUND_MAX_SESSIONS": "10000"},
    "lean": {"PLAYGROUND_LEAN_SESSIONS": "1", "PLAYGROUND_MAX_SESSIONS": "1000"},
}


async def one_call_sessions(
    app: App, event: Event, first: int, count: int, args: argparse.Namespace
) -> list[Outcome]:
    data = event.data(**{"target-kind": "local", f"{API}-text": TEXT})
    gate, outcomes = asyncio.Semaphore(args.parallel), []

    async def one(index: int) -> None:
        async with gate:
            visitor = Visitor(http, f"s-{index}", visitor_headers(index, "X-Forwarded-For"))
            try:
                outcomes.append(await visitor.call(event, data))
            finally:
                await visitor.close()

    async with http_client(app.url) as http:
        tasks = [asyncio.create_task(one(i)) for i in range(first, first + count)]
        _, pending = await asyncio.wait(tasks, timeout=args.deadline)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return outcomes


async def measure(app: App, store: str, args: argparse.Namespace) -> list[str]:
    event = Page.load(app.url).event(API)
    await one_call_sessions(app, event, -3, 3, args)  # warm up: model loaded, paths hot
    await asyncio.sleep(1)
    lines, rss, done = [], app.rss_mb(), 0
    rounds = 2 if store == "lean" else 1  # the lean store: once more, beyond its capacity
    for _ in range(rounds):
        started = time.perf_counter()
        outcomes = await one_call_sessions(app, event, done, args.sessions, args)
        done += args.sessions
        await asyncio.sleep(1)
        after = app.rss_mb()
        errors = sum(o.error is not None for o in outcomes) + args.sessions - len(outcomes)
        lines.append(
            f"{store:6} {done:5} sessions: RSS {rss:6.0f} -> {after:6.0f} MB "
            f"(+{after - rss:5.0f} MB, {(after - rss) * 1024 / args.sessions:6.1f} KB/session) "
            f"errors {errors}  wall {time.perf_counter() - started:5.1f} s"
        )
        lines += [f"       error: {e}" for e in sorted({o.error for o in outcomes if o.error})[:3]]
        rss = after
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=10)
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds per phase")
    parser.add_argument("--stores", default="gradio,lean")
    args = parser.parse_args()
    for store in args.stores.split(","):
        with running_app(["--target", "local"], env=STORES[store]) as app:
            for line in asyncio.run(measure(app, store, args)):
                print(line, flush=True)


if __name__ == "__main__":
    main()
