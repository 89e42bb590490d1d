"""Client overhead, as ratios measured in one run against one local server (own process):

- per-call latency of playground.client vs a bare `httpx.Client.post` (goal ≤ 1.10×) and vs
  huggingface_hub's current InferenceClient;
- streamed tokens/s vs bare httpx line iteration with json.loads per event (goal ≥ 0.8×), and
  huggingface_hub's.

Run: .venv/bin/python bench/client_overhead.py [--calls N] [--tokens N]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from playground.client import InferenceClient

BODY = {"inputs": "I love this playground!"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    script = Path(__file__).with_name("bench_server.py")
    process = subprocess.Popen([sys.executable, str(script), str(port)])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.post(f"{url}/models/a/b", json=BODY, timeout=1)
            return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the benchmark server did not start")


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def interleaved(
    contenders: dict[str, Callable[[], object]], rounds: int, repeat: int
) -> dict[str, float]:
    """Median over rounds of each contender's median, rounds interleaved to cancel drift."""
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            results[name].append(median_seconds(fn, repeat))
    return {name: statistics.median(values) for name, values in results.items()}


def latency_contenders(url: str) -> dict[str, Callable[[], object]]:
    from huggingface_hub import InferenceClient as HubClient

    model_url = f"{url}/models/a/b"
    bare = httpx.Client()
    ours = InferenceClient(token=False)
    hub = HubClient(model=model_url)
    return {
        "bare httpx.post": lambda: bare.post(model_url, json=BODY).json(),
        "playground.client": lambda: ours.text_classification(BODY["inputs"], model=model_url),
        "huggingface_hub": lambda: hub.text_classification(BODY["inputs"]),
    }


def stream_contenders(url: str, tokens: int) -> dict[str, Callable[[], object]]:
    from huggingface_hub import InferenceClient as HubClient

    stream_url = f"{url}/generate_stream"
    body = {"inputs": "Once", "parameters": {"max_new_tokens": tokens}}
    bare = httpx.Client()
    ours = InferenceClient(f"{url}/generate_stream", token=False)
    hub = HubClient(model=url)

    def bare_lines() -> int:
        count = 0
        with bare.stream("POST", stream_url, json=body) as response:
            for line in response.iter_lines():
                if line.startswith("data:"):
                    json.loads(line[5:])
                    count += 1
        return count

    def ours_tokens() -> int:
        return sum(1 for _ in ours.text_generation("Once", max_new_tokens=tokens, stream=True))

    def hub_tokens() -> int:
        stream = hub.text_generation("Once", max_new_tokens=tokens, stream=True)
        return sum(1 for _ in stream)

    assert bare_lines() == tokens
    assert ours_tokens() == tokens
    return {
        "bare httpx lines": bare_lines,
        "playground.client": ours_tokens,
        "huggingface_hub": hub_tokens,
    }


def report(
    title: str,
    times: dict[str, float],
    baseline: str,
    unit: Callable[[float], str],
    ratio: Callable[[float, float], float],
    goal: str,
) -> None:
    print(f"\n{title}")
    for name, seconds in times.items():
        print(
            f"  {name:<20} {unit(seconds):>14}   {ratio(seconds, times[baseline]):5.2f}× baseline"
        )
    print(f"  goal: {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=60, help="calls per round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=2000, help="tokens per stream")
    args = parser.parse_args()
    process, url = start_server()
    try:
        latency = interleaved(latency_contenders(url), args.rounds, args.calls)
        report(
            "Per-call latency (median)",
            latency,
            "bare httpx.post",
            lambda s: f"{s * 1000:.3f} ms",
            lambda s, b: s / b,
            "playground.client ≤ 1.10× bare httpx",
        )
        streams = interleaved(stream_contenders(url, args.tokens), args.rounds, 3)
        report(
            f"Streaming throughput ({args.tokens} tokens per stream)",
            streams,
            "bare httpx lines",
            lambda s: f"{args.tokens / s:,.0f} tok/s",
            lambda s, b: b / s,
            "playground.client ≥ 0.8× bare httpx",
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
