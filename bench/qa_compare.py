"""The Compare view's cost: four local sides run at once against the slowest side alone, as a
ratio measured in one run against the embedded local server (goal ≤ 1.10×), and against the
same four requests sent at once by bare httpx (what the server itself needs for four). Each
side goes the page's way (`run_sides` → `call_task` → the shared client → HTTP), warmed up.

Run: .venv/bin/python bench/qa_compare.py [--rounds N]
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

from playground.ui.launch import start_local_server
from playground.ui.qa_sides import ComparePlan, plan_call, run_sides
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

TEXT = "I love this playground, it's fantastic! The service was slow, though."
MODELS = ["local/vader-sentiment", "local/langid", "local/vader-sentiment", "local/langid"]


def plan(models: list[str]) -> ComparePlan:
    padded = models + [""] * (4 - len(models))
    return plan_call("text-classification", {"text0": TEXT}, "", len(models), ["local"] * 4, padded)


async def timed(factory: ClientFactory, compare: ComparePlan) -> float:
    started = time.perf_counter()
    runs = await run_sides(factory, compare, TargetChoice(kind="local"))
    assert all(run.ok for run in runs), [run.sentence for run in runs]
    return time.perf_counter() - started


async def bare(http: httpx.AsyncClient, base: str) -> float:
    """The same four requests from a bare httpx loop: what the server alone costs."""
    started = time.perf_counter()
    calls = (http.post(f"{base}/models/{model}", json={"inputs": TEXT}) for model in MODELS)
    responses = await asyncio.gather(*calls)
    assert all(response.status_code == 200 for response in responses)
    return time.perf_counter() - started


async def measure(factory: ClientFactory, rounds: int) -> dict[str, float]:
    four = plan(MODELS)
    alone = {model: plan([model]) for model in set(MODELS)}
    base = str(factory.local_url)
    async with httpx.AsyncClient(timeout=60) as http:
        for _ in range(3):  # warm: models loaded, connections open
            await timed(factory, four)
            await bare(http, base)
        medians: dict[str, list[float]] = {"four": [], "bare four": [], **{m: [] for m in alone}}
        for _ in range(rounds):  # interleaved, so drift hits every measure alike
            medians["four"].append(await timed(factory, four))
            medians["bare four"].append(await bare(http, base))
            for model, one in alone.items():
                medians[model].append(await timed(factory, one))
    return {name: statistics.median(values) for name, values in medians.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    settings, local = start_local_server(Settings(local_port=0))
    try:
        factory = ClientFactory(settings, settings.local_url)
        found = asyncio.run(measure(factory, args.rounds))
    finally:
        if local is not None:
            local.stop()
    slowest = max(value for name, value in found.items() if name.startswith("local/"))
    for name, value in sorted(found.items()):
        print(f"{name:28s} median {value * 1000:8.2f} ms")
    ratio = found["four"] / slowest
    print(f"four sides / slowest side alone: {ratio:.2f}× (goal ≤ 1.10×)")
    own = found["four"] / found["bare four"]
    print(f"four sides / the same four requests from bare httpx: {own:.2f}× (the view's own cost)")


if __name__ == "__main__":
    main()
