"""The Compare view's cost, as ratios measured in one run. Each side goes the page's way
(`run_sides` → `call_task` → the shared client → HTTP), warmed up; every figure is a median
over interleaved rounds, so a drift of the machine hits every measure alike.

1. Four CPU-bound local sides (VADER, langid) on the embedded local server:
   - four sides / the slowest side alone — the figure the issue names (goal ≤ 1.10×). On two
     cores it cannot be met by the view: the server computes four CPU-bound calls on two cores,
     so four at once take about twice as long as one, whoever sends them;
   - four sides / the same four requests sent at once by bare httpx — the view's own cost with
     that contention taken out (the server needs this long for four whoever sends them;
     ≤ 1.0× means the view adds nothing measurable).
2. Four I/O-bound sides: the fake inference server (tests/fakes, own process, see
   bench/fake_upstream.py) answers each text-classification request after a fixed
   `--latency` (a wait, no CPU), on the Hugging Face target aimed at it:
   - four sides / the slowest side alone — what the view adds when the sides' servers are not
     fighting for the same cores, i.e. the view's own cost against the issue's goal (≤ 1.10×);
   - four sides / the same four requests from bare httpx: what is left once the fake
     server's own per-request CPU (serialized on its one event loop) is taken out too; both
     are also printed as milliseconds over the slowest side alone.

Run: .venv/bin/python bench/qa_compare.py [--rounds N] [--latency S]
Loopback only; the local server and the fake server are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from fake_upstream import fake_upstream  # bench/, first on sys.path when run as a script

from playground.ui.launch import start_local_server
from playground.ui.qa_sides import ComparePlan, plan_call, run_sides
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

TEXT = "I love this playground, it's fantastic! The service was slow, though."
LOCAL_MODELS = ["local/vader-sentiment", "local/langid", "local/vader-sentiment", "local/langid"]
# The fake server's text-classification in its two answer shapes (nested and flat lists).
FAKE_MODELS = [
    "fake/text-classification",
    "flat/text-classification",
    "fake/text-classification",
    "flat/text-classification",
]


def plan(kind: str, models: list[str]) -> ComparePlan:
    padded = models + [""] * (4 - len(models))
    return plan_call("text-classification", {"text0": TEXT}, "", len(models), [kind] * 4, padded)


async def timed(factory: ClientFactory, compare: ComparePlan, kind: str) -> float:
    started = time.perf_counter()
    runs = await run_sides(factory, compare, TargetChoice(kind=kind))
    assert all(run.ok for run in runs), [run.sentence for run in runs]
    return time.perf_counter() - started


async def bare(http: httpx.AsyncClient, base: str, models: list[str]) -> float:
    """The same four requests from a bare httpx loop: what the server alone costs."""
    started = time.perf_counter()
    calls = (http.post(f"{base}/models/{model}", json={"inputs": TEXT}) for model in models)
    responses = await asyncio.gather(*calls)
    assert all(response.status_code == 200 for response in responses)
    return time.perf_counter() - started


async def measure(
    factory: ClientFactory, kind: str, base: str, models: list[str], rounds: int
) -> dict[str, float]:
    four = plan(kind, models)
    alone = {model: plan(kind, [model]) for model in dict.fromkeys(models)}
    async with httpx.AsyncClient(timeout=60) as http:
        for _ in range(3):  # warm: models loaded, connections open
            await timed(factory, four, kind)
            await bare(http, base, models)
            for one in alone.values():
                await timed(factory, one, kind)
        found: dict[str, list[float]] = {"four": [], "bare four": [], **{m: [] for m in alone}}
        for _ in range(rounds):  # interleaved, so drift hits every measure alike
            found["four"].append(await timed(factory, four, kind))
            found["bare four"].append(await bare(http, base, models))
            for model, one in alone.items():
                found[model].append(await timed(factory, one, kind))
    return {name: statistics.median(values) for name, values in found.items()}


def report(title: str, found: dict[str, float], models: list[str]) -> None:
    print(title)
    for name, value in found.items():
        print(f"  {name:28s} median {value * 1000:8.2f} ms")
    slowest = max(found[model] for model in models)
    ratio = found["four"] / slowest
    print(f"  four sides / slowest side alone: {ratio:.2f}× (goal ≤ 1.10×)")
    own = found["four"] / found["bare four"]
    print(f"  four sides / the same four requests from bare httpx: {own:.2f}×")
    view, server = found["four"] - slowest, found["bare four"] - slowest
    print(
        f"  over the slowest side alone: four sides +{view * 1000:.1f} ms, "
        f"the same four from bare httpx +{server * 1000:.1f} ms (the server's share)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.1, help="the fake server's, in s")
    parser.add_argument("--part", choices=("cpu", "io", "all"), default="all")
    args = parser.parse_args()
    if args.part in ("cpu", "all"):
        settings, local = start_local_server(Settings(local_port=0))
        try:
            factory = ClientFactory(settings, settings.local_url)
            base = str(settings.local_url)
            found = asyncio.run(measure(factory, "local", base, LOCAL_MODELS, args.rounds))
        finally:
            if local is not None:
                local.stop()
        report(
            "1. four CPU-bound local sides on the embedded local server (2 cores)",
            found,
            LOCAL_MODELS,
        )
        print("  (the second ratio is the view's own cost: the first one is CPU contention)")
    if args.part in ("io", "all"):
        with fake_upstream(latency=args.latency) as fake:
            settings = Settings(target="hf", hf_endpoint=fake, local_server=False)
            factory = ClientFactory(settings, None)
            found = asyncio.run(measure(factory, "hf", fake, FAKE_MODELS, args.rounds))
        report(
            f"2. four I/O-bound sides: the fake server, {args.latency * 1000:g} ms per request",
            found,
            FAKE_MODELS,
        )


if __name__ == "__main__":
    main()
