"""The load sweep's own overhead, as ratios measured in one run against one local server (own
process, `python -m playground.local`): the same requests sent by `playground.qa.sweep` and by a
bare httpx.AsyncClient loop with the same number of workers (goal ≤ 1.10×).

Run: .venv/bin/python bench/load_sweep.py [--requests N] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from playground.qa.exact import ExactRequest, exact_request
from playground.qa.sweep import sweep


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
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1])
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
