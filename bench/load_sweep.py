"""Two measures of load, each as ratios or differences taken in one run on loopback.

1. The load sweep's own overhead: the same requests sent by `playground.qa.sweep` and by a bare
   httpx.AsyncClient loop with the same number of workers, against one local server (own
   process, `python -m playground.local`). Ratio sweep / bare httpx, goal ≤ 1.10×.

2. How many concurrent chat streams one app process sustains with time to first token (TTFT)
   ≤ 100 ms over direct. The upstream is the fake inference server (tests/fakes, its TGI
   `/tgi/v1/chat/completions`) in its own process, each SSE event paced `--token-delay` apart
   (the first at once), so the upstream costs next to no CPU and the app's overhead is what
   shows. The app (`app.py`, its own process, custom target aimed at that server, queue
   concurrency raised to the largest level so Gradio's limit — 32 by default — is not what is
   measured) is driven as a browser tab drives it: `POST /gradio_api/queue/join` with the
   endpoint's named parameters put in order from `/gradio_api/info`, then the
   `/gradio_api/queue/data` SSE, diffs applied; TTFT = the first update whose reply holds text.
   (gradio_client polls its queue every 50 ms, which would blur a 100 ms budget.) Direct = the
   same chat request streamed from the fake server with httpx; TTFT = the first chunk with
   content. Per level N (1, 2, 4 … `--max-streams`), N workers each run streams back to back
   (starts staggered over one stream's length), so N streams are open at any time: through the
   app for a while, then direct, then again (A B A B, drift cancels). Printed per level:
   median and p95 TTFT both ways and their differences; then the largest N whose median (and,
   separately, p95) difference is ≤ 100 ms. Levels stop rising once one misses by far or the
   time budget is spent.

Run: .venv/bin/python bench/load_sweep.py [--part sweep|streams|all] [--requests N] [--rounds N]
     [--max-streams N] [--seconds S] [--budget S]
Loopback only; every request has a timeout; the child processes are stopped at the end.
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
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from fake_upstream import fake_upstream  # bench/, first on sys.path when run as a script

from playground.qa.exact import ExactRequest, exact_request
from playground.qa.sweep import sweep

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "playground.local",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/models", timeout=1).raise_for_status()
            return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the local server did not start")


async def bare(request: ExactRequest, workers: int, count: int) -> float:
    """The baseline: the same request from `workers` coroutines over one pooled client."""
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        remaining = [count]

        async def worker() -> None:
            while remaining[0] > 0:
                remaining[0] -= 1
                response = await http.post(
                    request.url, headers=request.headers, content=request.body
                )
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        return time.perf_counter() - started


async def swept(request: ExactRequest, workers: int, count: int) -> float:
    report = await sweep(request, (workers,), requests_per_level=count, max_seconds=120)
    (level,) = report.levels
    assert level.ok == count, level
    return level.seconds


def run_sweep(args: argparse.Namespace) -> None:
    process, url = start_server()
    try:
        request = exact_request(
            lambda c: c.text_classification("I love this!", model="local/vader-sentiment"),
            inference_endpoint=url,
            wait_for_model=True,
        )
        print(f"local server {url}; {args.requests} requests per measure, {args.rounds} rounds")
        for workers in (1, 8, 32):
            ratios = []
            for _ in range(args.rounds):  # A B B A, so a drift of the machine cancels out
                base = asyncio.run(bare(request, workers, args.requests))
                ours = asyncio.run(swept(request, workers, args.requests))
                ours += asyncio.run(swept(request, workers, args.requests))
                base += asyncio.run(bare(request, workers, args.requests))
                ratios.append(ours / base)
            print(
                f"concurrency {workers:2}: sweep / bare httpx = {statistics.median(ratios):.3f}x "
                f"(rounds: {', '.join(f'{r:.3f}' for r in ratios)}; goal <= 1.10x)"
            )
    finally:
        process.terminate()
        process.wait(timeout=10)


# 2. Concurrent streams through the app ------------------------------------------------------

BUDGET_MS = 100.0
TIMEOUT = httpx.Timeout(60.0)


def wait_up(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
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


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass(frozen=True)
class Endpoint:
    """A named endpoint of the app, as the page calls it: its fn_index and its parameters'
    names and defaults, in order."""

    app: str
    fn_index: int
    parameters: tuple[tuple[str, Any], ...]

    @classmethod
    def find(cls, app: str, api_name: str) -> Endpoint:
        config = httpx.get(f"{app}/config", timeout=30).json()
        (fn_index,) = [d["id"] for d in config["dependencies"] if d.get("api_name") == api_name]
        info = httpx.get(f"{app}/gradio_api/info", timeout=30).json()
        names = info["named_endpoints"][f"/{api_name}"]["parameters"]
        parameters = tuple((p["parameter_name"], p.get("parameter_default")) for p in names)
        return cls(app, fn_index, parameters)

    def data(self, **named: Any) -> list[Any]:
        unknown = set(named) - {name for name, _ in self.parameters}
        assert not unknown, unknown
        return [named.get(name, default) for name, default in self.parameters]


def reply_text(chatbot: Any) -> str:
    """The assistant's text in a Chatbot value (messages format)."""
    if not isinstance(chatbot, list) or not chatbot:
        return ""
    last = chatbot[-1]
    if not isinstance(last, dict) or last.get("role") != "assistant":
        return ""
    content = last.get("content")
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else []
    return "".join(str(part.get("text") or "") for part in parts if isinstance(part, dict))


async def through_app(
    http: httpx.AsyncClient, endpoint: Endpoint, data: list[Any], session: str, expected: str
) -> float:
    """One chat stream the browser's way; returns its TTFT in seconds."""
    from gradio_client.utils import apply_diff

    started = time.perf_counter()
    first: float | None = None
    body = {"data": data, "fn_index": endpoint.fn_index, "trigger_id": None,
            "session_hash": session, "event_data": None}  # fmt: skip
    joined = await http.post(f"{endpoint.app}/gradio_api/queue/join", json=body)
    event_id = joined.raise_for_status().json()["event_id"]
    state: list[Any] | None = None
    final = ""
    params = {"session_hash": session}
    async with http.stream("GET", f"{endpoint.app}/gradio_api/queue/data", params=params) as sse:
        async for line in sse.aiter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("event_id", event_id) != event_id:
                continue
            kind = message.get("msg")
            if kind == "process_generating":
                output = message["output"]["data"]
                if state is None:
                    state = output
                else:
                    state = [apply_diff(old, diff) for old, diff in zip(state, output, strict=True)]
                if first is None and reply_text(state[0]):
                    first = time.perf_counter()
            elif kind == "process_completed":
                if not message.get("success"):
                    raise RuntimeError(f"the app failed: {str(message)[:300]}")
                final = reply_text(message["output"]["data"][0])
                break
            elif kind in ("close_stream", "unexpected_error"):
                raise RuntimeError(f"the app's stream ended early: {str(message)[:300]}")
    if final != expected:
        raise RuntimeError(f"the app replied {final[:80]!r}, expected {expected[:80]!r}")
    return (first or time.perf_counter()) - started


async def direct(http: httpx.AsyncClient, url: str, body: dict[str, Any], expected: str) -> float:
    """The same chat stream straight from the server; returns its TTFT in seconds."""
    started = time.perf_counter()
    first: float | None = None
    parts: list[str] = []
    async with http.stream("POST", url, json=body) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if not line.startswith("data:") or line[5:].strip() == "[DONE]":
                continue
            choices = json.loads(line[5:]).get("choices") or [{}]
            content = (choices[0].get("delta") or {}).get("content")
            if content:
                parts.append(content)
                first = first or time.perf_counter()
    if "".join(parts) != expected:
        raise RuntimeError(f"the server replied {''.join(parts)[:80]!r}")
    return (first or time.perf_counter()) - started


async def closed_loop(
    workers: int,
    seconds: float,
    samples: int,
    stagger: float,
    one: Callable[[int], Awaitable[float]],
) -> tuple[list[float], list[str]]:
    """`workers` workers run streams back to back, their first starts spread over `stagger` s,
    until `seconds` have passed and at least `samples` streams have ended (at most 3 × seconds
    plus the last streams). The TTFTs, and what failed (a failed stream is not a TTFT)."""
    ttfts: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    hard_stop = started + 3 * seconds

    def more() -> bool:
        now = time.perf_counter()
        return now < hard_stop and (now < started + seconds or len(ttfts) < samples)

    async def worker(index: int) -> None:
        await asyncio.sleep(index * stagger / workers)
        while more():
            try:
                ttfts.append(await one(index))
            except (httpx.HTTPError, RuntimeError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}"[:200])

    await asyncio.wait_for(asyncio.gather(*(worker(i) for i in range(workers))), 3 * seconds + 60)
    return ttfts, failures


@dataclass
class Level:
    streams: int
    app: list[float] = field(default_factory=list)
    direct: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @staticmethod
    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20, method="inclusive")[-1]

    def over(self, pick: Callable[[list[float]], float]) -> float:
        return (pick(self.app) - pick(self.direct)) * 1000


async def measure_level(
    endpoint: Endpoint, fake: str, streams: int, args: argparse.Namespace
) -> Level:
    words = " ".join(f"w{i}" for i in range(args.stream_tokens - 1))
    expected = f"Echo: {words}"
    system = "You are a helpful assistant."
    data = endpoint.data(target="custom", endpoint_url=f"{fake}/tgi", timeout=60,
                         message=words, history=[], system=system)  # fmt: skip
    body = {"model": "tgi", "stream": True, "max_tokens": 512,
            "messages": [{"role": "system", "content": system},
                         {"role": "user", "content": words}]}  # fmt: skip
    url = f"{fake}/tgi/v1/chat/completions"
    sessions = [f"bench-{streams}-{i}-{uuid.uuid4().hex[:8]}" for i in range(streams)]
    limits = httpx.Limits(max_connections=2 * streams + 4, max_keepalive_connections=2 * streams)

    def via_app(http: httpx.AsyncClient, index: int) -> Awaitable[float]:
        return through_app(http, endpoint, data, sessions[index], expected)

    def straight(http: httpx.AsyncClient, _index: int) -> Awaitable[float]:
        return direct(http, url, body, expected)

    async def phase(one: Callable[[httpx.AsyncClient, int], Awaitable[float]]) -> list[float]:
        # A client per phase, warmed by one stream per worker: no keep-alive connection sits
        # idle through the other phase (the servers close those after 5 s, racing our reuse).
        async with httpx.AsyncClient(timeout=TIMEOUT, limits=limits) as http:
            await asyncio.gather(*(one(http, index) for index in range(streams)))
            ttfts, failures = await closed_loop(
                streams, args.seconds / 2, args.samples // 2,
                args.stream_tokens * args.token_delay, lambda index: one(http, index),
            )  # fmt: skip
        level.failures.extend(failures)
        return ttfts

    level = Level(streams)
    for _ in range(2):  # A B A B
        level.app += await phase(via_app)
        level.direct += await phase(straight)
    return level


def report_level(level: Level) -> None:
    def ms(values: list[float], pick: Callable[[list[float]], float]) -> str:
        return f"{pick(values) * 1000:7.1f}"

    med, p95 = statistics.median, Level.p95
    print(
        f"{level.streams:7d}  {len(level.app):4d} {len(level.direct):4d}  "
        f"{ms(level.app, med)} {ms(level.direct, med)} {level.over(med):+8.1f}   "
        f"{ms(level.app, p95)} {ms(level.direct, p95)} {level.over(p95):+8.1f}",
        flush=True,
    )
    if level.failures:
        print(f"         {len(level.failures)} streams failed, e.g. {level.failures[0]}")


def run_streams(args: argparse.Namespace) -> None:
    with fake_upstream(token_delay=args.token_delay) as fake:
        port = free_port()
        command = [sys.executable, "app.py", "--port", str(port), "--no-local",
                   "--target", "custom", "--url", f"{fake}/tgi",
                   "--concurrency", str(args.max_streams)]  # fmt: skip
        app_process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        try:
            app = f"http://127.0.0.1:{port}"
            wait_up(f"{app}/", app_process)
            stream_levels(Endpoint.find(app, "chat_completion"), fake, args)
        finally:
            stop(app_process)


def stream_levels(endpoint: Endpoint, fake: str, args: argparse.Namespace) -> None:
    print(
        f"\nchat streams through the app ({endpoint.app}) vs direct from the fake server "
        f"({fake}): {args.stream_tokens} tokens, {args.token_delay * 1000:g} ms apart, per stream"
    )
    print("TTFT in ms; 'over' = through the app − direct (goal: ≤ 100 ms)")
    print("streams     n app/direct  median: app  direct     over   p95: app  direct     over")
    levels: list[Level] = []
    deadline = time.monotonic() + args.budget
    streams = 1
    while streams <= args.max_streams and time.monotonic() < deadline:
        level = asyncio.run(measure_level(endpoint, fake, streams, args))
        report_level(level)
        levels.append(level)
        if level.over(statistics.median) > 3 * BUDGET_MS:
            break  # far past the goal: higher levels only take longer to say so
        streams *= 2
    for name, pick in (("median", statistics.median), ("p95", Level.p95)):
        within = [level.streams for level in levels if level.over(pick) <= BUDGET_MS]
        sustained = 0  # the largest level with every level up to it within the budget
        for level in levels:
            if level.over(pick) > BUDGET_MS:
                break
            sustained = level.streams
        print(
            f"largest level with {name} TTFT over direct ≤ {BUDGET_MS:g} ms: "
            f"{sustained or 'none'} concurrent streams "
            f"(levels within: {within}; measured up to {levels[-1].streams})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("sweep", "streams", "all"), default="all")
    parser.add_argument("--requests", type=int, default=300, help="sweep: requests per measure")
    parser.add_argument("--rounds", type=int, default=7, help="sweep: rounds per concurrency")
    parser.add_argument("--max-streams", type=int, default=64, help="streams: highest level")
    parser.add_argument("--seconds", type=float, default=8, help="streams: seconds per level")
    parser.add_argument("--samples", type=int, default=24, help="streams: at least, per level")
    parser.add_argument("--budget", type=float, default=150, help="streams: seconds in all")
    parser.add_argument("--token-delay", type=float, default=0.02, help="streams: s per token")
    parser.add_argument("--stream-tokens", type=int, default=25, help="streams: tokens each")
    args = parser.parse_args()
    if args.part in ("sweep", "all"):
        run_sweep(args)
    if args.part in ("streams", "all"):
        run_streams(args)


if __name__ == "__main__":
    main()
