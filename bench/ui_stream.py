"""Streaming through the app vs straight from the client, measured in one run, as ratios.

A fixed-rate TGI `/generate_stream` server runs in its own process; the app runs in another,
its custom target aimed at that server. The consumer reads the app's REST SSE
(`POST /gradio_api/call/text_generation`, then `GET .../{event_id}`) with httpx, as a browser
would get it (gradio_client polls every 50 ms, so it is not used), and compares with
`playground.client` reading the same server directly:

- time to first token: app − direct (goal ≤ 50 ms);
- tokens/s of one stream at 500 tokens/s: app ÷ direct (goal ≥ 0.8×);
- 32 sessions at once (300 tokens at 50 tokens/s each, a typical chat answer, started together):
  all progress, aggregate tokens/s ÷ ideal 32 × 50 (goal ≥ 0.8×); the 32 simultaneous starts
  (Gradio's queue, ~0.5 s) count against it.

Each consumer keeps its own `session_hash`, as a browser tab keeps its session.

Run: .venv/bin/python bench/ui_stream.py [--rate 500] [--tokens 1000] [--sessions 32]
Loopback only; every request has a timeout; the two child processes are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

TIMEOUT = httpx.Timeout(60.0)
API = "text_generation"


# The fixed-rate server (run with --serve PORT RATE) -----------------------------------------


def _event(index: int, text: str, final: str | None) -> bytes:
    event = {
        "index": index,
        "token": {"id": index, "text": text, "logprob": -0.5, "special": False},
        "generated_text": final,
        "details": None,
    }
    return b"data: " + json.dumps(event).encode() + b"\n\n"


def serve(port: int, rate: float) -> None:
    """TGI's `/generate_stream` (and `/` with stream): `max_new_tokens` tokens " t0", " t1", …
    paced at `rate` tokens/s from the request's arrival (a fixed schedule, no drift)."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response, StreamingResponse
    from starlette.routing import Route

    async def generate_stream(request: Request) -> Response:
        body = await request.json()
        count = int(body.get("parameters", {}).get("max_new_tokens") or 20)

        async def events() -> AsyncIterator[bytes]:
            start = time.monotonic()
            for index in range(count):
                delay = start + index / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                final = "".join(f" t{i}" for i in range(count)) if index == count - 1 else None
                yield _event(index + 1, f" t{index}", final)

        return StreamingResponse(events(), media_type="text/event-stream")

    routes = [Route(path, generate_stream, methods=["POST"]) for path in ("/", "/generate_stream")]
    uvicorn.run(Starlette(routes=routes), host="127.0.0.1", port=port, log_level="warning")


# Processes ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds:.0f} s")


@contextmanager
def running(command: list[str], url: str) -> Iterator[str]:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# Measuring ----------------------------------------------------------------------------------


@dataclass
class Stream:
    """What one consumer saw: when the first token came, the last one, how many."""

    started: float
    first: float | None = None
    last: float | None = None
    tokens: int = 0
    at_first: int = 0

    @property
    def ttft(self) -> float:
        return (self.first or self.started) - self.started

    @property
    def rate(self) -> float:
        span = (self.last or 0) - (self.first or 0)
        return (self.tokens - self.at_first) / span if span > 0 else 0.0

    def saw(self, tokens: int) -> None:
        now = time.perf_counter()
        if tokens and self.first is None:
            self.first, self.at_first = now, tokens
        if tokens > self.tokens:
            self.tokens, self.last = tokens, now


async def direct(server: str, tokens: int) -> Stream:
    from playground.client import AsyncInferenceClient

    async with AsyncInferenceClient(server, token=False, timeout=60) as client:
        seen = Stream(time.perf_counter())
        stream = await client.text_generation("x", max_new_tokens=tokens, stream=True)
        count = 0
        async for _token in stream:
            count += 1
            seen.saw(count)
        return seen


def app_arguments(server: str, tokens: int) -> list[object]:
    from playground.tasks import TASKS

    params = {p.name: p.value for p in TASKS["text-generation"].params}
    params |= {"max_new_tokens": tokens, "details": False, "stream": True}
    values = [params[name] if params[name] is not None else "" for name in params]
    return ["custom", server, "", False, 60, False, "auto", None, "x", *values, ""]


async def through_app(
    http: httpx.AsyncClient, app: str, server: str, tokens: int, session: str
) -> Stream:
    """One run on the app's REST route. `session` is kept across runs, as a browser tab keeps
    its session (a new one costs Gradio a copy of every component's config, ~0.1 s here)."""
    seen = Stream(time.perf_counter())
    body = {"data": app_arguments(server, tokens), "session_hash": session}
    joined = await http.post(f"{app}/gradio_api/call/{API}", json=body)
    event_id = joined.raise_for_status().json()["event_id"]
    async with http.stream("GET", f"{app}/gradio_api/call/{API}/{event_id}") as response:
        async for line in response.aiter_lines():
            if line.startswith("event: error"):
                raise RuntimeError(f"the app failed: {line}")
            if line.startswith("data:") and line[5:].strip().startswith("["):
                text = json.loads(line[5:])[0]
                seen.saw(text.count(" t") if isinstance(text, str) else 0)
    if seen.tokens != tokens:
        raise RuntimeError(f"the app delivered {seen.tokens} of {tokens} tokens")
    return seen


async def one_by_one(
    app: str, server: str, tokens: int, repeat: int
) -> tuple[list[Stream], list[Stream]]:
    """Alternating direct and app runs, after one warm-up of each."""
    direct_runs, app_runs = [], []
    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        await direct(server, 5)
        await through_app(http, app, server, 5, "single")
        for _ in range(repeat):
            direct_runs.append(await direct(server, tokens))
            app_runs.append(await through_app(http, app, server, tokens, "single"))
    return direct_runs, app_runs


async def together(app: str, server: str, tokens: int, sessions: int) -> tuple[list[Stream], float]:
    limits = httpx.Limits(max_connections=sessions * 2)
    names = [f"session-{number}" for number in range(sessions)]
    async with httpx.AsyncClient(timeout=TIMEOUT, limits=limits) as http:
        await asyncio.gather(*(through_app(http, app, server, 2, name) for name in names))
        start = time.perf_counter()
        runs = await asyncio.gather(*(through_app(http, app, server, tokens, n) for n in names))
        return list(runs), time.perf_counter() - start


# Report -------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def report_single(
    direct_runs: list[Stream], app_runs: list[Stream], rate: float, tokens: int
) -> None:
    d_ttft = statistics.median(s.ttft for s in direct_runs)
    a_ttft = statistics.median(s.ttft for s in app_runs)
    d_rate = statistics.median(s.rate for s in direct_runs)
    a_rate = statistics.median(s.rate for s in app_runs)
    overhead, ratio = a_ttft - d_ttft, a_rate / d_rate
    print(f"\nOne stream, {tokens} tokens at {rate:g} tokens/s (median of {len(app_runs)} runs)")
    table(
        [
            ["", "direct client", "through the app", "measured", "goal", ""],
            ["time to first token", ms(d_ttft), ms(a_ttft), f"+{ms(overhead)}", "≤ 50 ms",
             verdict(overhead <= 0.05)],
            ["tokens/s", f"{d_rate:,.0f}", f"{a_rate:,.0f}", f"{ratio:.2f}×", "≥ 0.8×",
             verdict(ratio >= 0.8)],
        ]
    )  # fmt: skip


def report_together(runs: list[Stream], wall: float, rate: float, tokens: int) -> None:
    ideal = len(runs) * rate
    aggregate = sum(s.tokens for s in runs) / wall
    first_done = min(s.last or 0 for s in runs)
    all_progress = all(s.first is not None and s.first < first_done for s in runs)
    ratio = aggregate / ideal
    ttfts, rates = [s.ttft for s in runs], [s.rate for s in runs]
    print(f"\n{len(runs)} sessions at once, {tokens} tokens each at {rate:g} tokens/s")
    table(
        [
            ["", "measured", "goal", ""],
            ["all got a first token before any finished", str(all_progress), "True",
             verdict(all_progress)],
            ["time to first token, median / max",
             f"{ms(statistics.median(ttfts))} / {ms(max(ttfts))}", "", ""],
            ["tokens/s per session, min / median",
             f"{min(rates):,.0f} / {statistics.median(rates):,.0f}", "", ""],
            [f"aggregate tokens/s vs ideal {ideal:,.0f}", f"{aggregate:,.0f} = {ratio:.2f}×",
             "≥ 0.8×", verdict(ratio >= 0.8)],
        ]
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "RATE"), help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, default=500, help="tokens/s of one stream")
    parser.add_argument("--tokens", type=int, default=1000, help="tokens per single stream")
    parser.add_argument("--repeat", type=int, default=5, help="single-stream runs")
    parser.add_argument("--sessions", type=int, default=32)
    parser.add_argument("--session-rate", type=float, default=50, help="tokens/s of each session")
    parser.add_argument("--session-tokens", type=int, default=300, help="6 s at 50 tokens/s")
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), float(args.serve[1]))
        return
    python = sys.executable
    fast_port, slow_port, app_port = free_port(), free_port(), free_port()
    fast, slow = f"http://127.0.0.1:{fast_port}", f"http://127.0.0.1:{slow_port}"
    app_command = [python, "app.py", "--port", str(app_port), "--no-local", "--target", "custom",
                   "--url", fast, "--concurrency", str(max(args.sessions, 16))]  # fmt: skip
    with (
        running([python, __file__, "--serve", str(fast_port), str(args.rate)], f"{fast}/x"),
        running([python, __file__, "--serve", str(slow_port), str(args.session_rate)], f"{slow}/x"),
        running(app_command, f"http://127.0.0.1:{app_port}/"),
    ):
        app = f"http://127.0.0.1:{app_port}"
        direct_runs, app_runs = asyncio.run(one_by_one(app, fast, args.tokens, args.repeat))
        report_single(direct_runs, app_runs, args.rate, args.tokens)
        runs, wall = asyncio.run(together(app, slow, args.session_tokens, args.sessions))
        report_together(runs, wall, args.session_rate, args.session_tokens)


if __name__ == "__main__":
    main()
