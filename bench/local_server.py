"""Chat tokens/s of the local model: called directly vs through the local server's HTTP API,
with the server in the app's process (next to a launched Gradio app, as `app.py` runs it) or
in its own process (`python -m playground.local`, as the supervisor runs it). With the CPU
busy: a spinning process at full load runs throughout.

    python bench/local_server.py [--rounds 5] [--tokens 128] [--busy 1]

The three ways are measured in interleaved rounds in one run; the ratios are against the
direct baseline of the same run (goal: the server costs ≤ 20 %). tokens/s counts the tokens
after the first one over the time after the first one (streaming rate); `total` includes the
time to the first token.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.peers.processes import busy_cpu, free_port, serving_process  # noqa: E402

MESSAGES = [{"role": "user", "content": "Tell me a long story about a lighthouse keeper."}]
CHAT_MODEL = "local/smollm2-135m-instruct"


def direct_run(llm: Any, tokens: int) -> tuple[int, float, float]:
    """(tokens, seconds after the first token, total seconds) of one greedy completion."""
    from playground.local.adapters.llm import Generation, Sampling

    sampling = Sampling(max_new_tokens=tokens, temperature=0.0, seed=0)
    prompt = llm.tokens(llm.chat_prompt(MESSAGES), sampling)
    result = Generation()
    started = time.perf_counter()
    first = None
    for _step in llm.steps(prompt, sampling, result, threading.Event()):
        first = first or time.perf_counter()
    ended = time.perf_counter()
    return len(result.tokens), ended - (first or ended), ended - started


def http_run(url: str, tokens: int) -> tuple[int, float, float]:
    """The same completion streamed from `/v1/chat/completions` (greedy, same prompt)."""
    body = {
        "model": CHAT_MODEL,
        "messages": MESSAGES,
        "max_tokens": tokens,
        "temperature": 0.0,
        "seed": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    started = time.perf_counter()
    first, count = None, 0
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=120) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: {"):
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                count = chunk["usage"]["completion_tokens"]
            elif chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                first = first or time.perf_counter()
    ended = time.perf_counter()
    return count, ended - (first or ended), ended - started


def serve_app() -> None:
    """Child role: the local server in-process next to a launched Gradio app (as `app.py`)."""
    from playground.local import start_server
    from playground.ui.app import create_app
    from playground.ui.launch import launch_options
    from playground.ui.settings import Settings

    server = start_server()  # in this process, on a thread (whatever launch.py picks)
    settings = Settings(port=free_port(), local_url=server.url)
    app = create_app(settings)
    app.queue(default_concurrency_limit=settings.concurrency, max_size=256)
    app.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    print(json.dumps({"local_url": settings.local_url}), flush=True)
    threading.Event().wait()


@contextmanager
def app_process() -> Iterator[str]:
    command = [sys.executable, __file__, "--serve-app"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = str(json.loads(process.stdout.readline())["local_url"])
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def own_process(log: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "playground.local", "--port", str(port)]
    command += ["--log-level", "warning"]
    with serving_process(command, f"{url}/health", log):
        yield url


def rate(run: tuple[int, float, float]) -> float:
    tokens, streaming, _total = run
    return (tokens - 1) / streaming if streaming > 0 else 0.0


def measure(rounds: int, tokens: int, busy: int) -> dict[str, list[tuple[int, float, float]]]:
    from playground.local.adapters.llm import engine

    llm = engine()
    runs: dict[str, list[tuple[int, float, float]]] = {"direct": [], "in app": [], "own": []}
    log = Path(os.environ.get("TMPDIR", "/tmp")) / "bench-local-server.log"
    with app_process() as in_app, own_process(log) as own, busy_cpu(busy):
        for url in (in_app, own):  # load the model in both servers before timing
            http_run(url, 8)
        direct_run(llm, 8)
        for index in range(rounds):
            runs["direct"].append(direct_run(llm, tokens))
            runs["in app"].append(http_run(in_app, tokens))
            runs["own"].append(http_run(own, tokens))
            speeds = ", ".join(f"{key} {rate(value[-1]):.1f}" for key, value in runs.items())
            print(f"round {index + 1}/{rounds}: tokens/s {speeds}", file=sys.stderr, flush=True)
    return runs


def report(runs: dict[str, list[tuple[int, float, float]]]) -> None:
    base = statistics.median(rate(run) for run in runs["direct"])
    print(f"{'way':34} {'tokens':>6} {'tok/s':>7} {'ratio':>6} {'total s':>8}")
    names = {
        "direct": "llama_cpp called directly",
        "in app": "HTTP, server in the app's process",
        "own": "HTTP, server in its own process",
    }
    for key, label in names.items():
        speed = statistics.median(rate(run) for run in runs[key])
        total = statistics.median(run[2] for run in runs[key])
        count = statistics.median(run[0] for run in runs[key])
        print(f"{label:34} {count:6.0f} {speed:7.1f} {speed / base:6.2f} {total:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--busy", type=int, default=1, help="spinning processes at full load")
    parser.add_argument("--serve-app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_app:
        serve_app()
        return
    report(measure(args.rounds, args.tokens, args.busy))


if __name__ == "__main__":
    main()
