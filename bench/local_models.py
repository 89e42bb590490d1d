"""Load time, first call and steady-state latency of every local model on its example input.

    python bench/local_models.py            # every available model, each in a fresh process
    python bench/local_models.py --repeat 10 local/e5-small local/opencv-face

Load includes the imports (each model is measured in its own process). The chat model is
measured on each engine installed (xllamacpp, the default; llama-cpp-python, the heavy tier):
tokens/s of a 64-token greedy completion, and their ratio in the same run.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from playground.local.catalog import MODELS  # noqa: E402
from playground.local.payload import Payload  # noqa: E402

ASSETS = ROOT / "assets"
ARTICLE = (ASSETS / "article.txt").read_text(encoding="utf-8")
SENTENCE = "Apple is looking at buying a U.K. startup for $1 billion, Tim Cook told reporters."


def _table(name: str) -> dict[str, list[str]]:
    import csv

    with (ASSETS / name).open(newline="") as file:
        rows = list(csv.DictReader(file))
    return {column: [row[column] for row in rows] for column in rows[0]}


def example(model_id: str) -> tuple[str, Payload, str]:
    """The task, the input and a short description of it."""
    portrait, invoice = (
        (ASSETS / "portrait.jpg").read_bytes(),
        (ASSETS / "invoice.png").read_bytes(),
    )
    speech = (ASSETS / "speech.wav").read_bytes()
    pair = {"source_sentence": "A man is eating pasta.", "sentences": ["A man eats food."] * 3}
    labels = {"candidate_labels": ["cooking", "technology", "politics"]}
    question = {"image": base64.b64encode(invoice).decode(), "question": "What is the total due?"}
    examples: dict[str, tuple[str, Payload, str]] = {
        "local/vader-sentiment": ("text-classification", Payload(inputs=SENTENCE), "1 sentence"),
        "local/langid": ("text-classification", Payload(inputs=SENTENCE), "1 sentence"),
        "local/e5-small": ("sentence-similarity", Payload(inputs=pair), "1 vs 3 sentences"),
        "local/e5-zero-shot": (
            "zero-shot-classification",
            Payload(inputs=SENTENCE, parameters=labels),
            "3 labels",
        ),
        "local/spacy-en-ner": ("token-classification", Payload(inputs=SENTENCE), "1 sentence"),
        "local/sumy-lexrank": ("summarization", Payload(inputs=ARTICLE), "article.txt"),
        "local/apertium-en-es": ("translation", Payload(inputs=SENTENCE), "1 sentence"),
        "local/apertium-es-en": ("translation", Payload(inputs="El gato duerme."), "1 sentence"),
        "local/wine-forest": (
            "tabular-classification",
            Payload(inputs={"data": _table("wine.csv")}),
            "3 rows",
        ),
        "local/diabetes-ridge": (
            "tabular-regression",
            Payload(inputs={"data": _table("diabetes.csv")}),
            "3 rows",
        ),
        "local/opencv-face": ("object-detection", Payload(raw=portrait), "portrait 512²"),
        "local/opencv-grabcut": ("image-segmentation", Payload(raw=portrait), "portrait 512²"),
        "local/rapidocr": ("image-to-text", Payload(raw=invoice), "invoice 800×560"),
        "local/tesseract": ("image-to-text", Payload(raw=invoice), "invoice 800×560"),
        "local/whisper-tiny-en": ("automatic-speech-recognition", Payload(raw=speech), "4.5 s"),
        "local/pocketsphinx-en": ("automatic-speech-recognition", Payload(raw=speech), "4.5 s"),
        "local/silero-vad": ("audio-classification", Payload(raw=speech), "4.5 s"),
        "local/piper-joe": ("text-to-speech", Payload(inputs=SENTENCE), "1 sentence"),
        "local/espeak-ng": ("text-to-speech", Payload(inputs=SENTENCE), "1 sentence"),
        "local/docqa-ocr-smollm2": (
            "document-question-answering",
            Payload(inputs=question),
            "invoice + question",
        ),
        **vision_examples(),
        **reading_examples(),
    }
    return examples[model_id]


def vision_examples() -> dict[str, tuple[str, Payload, str]]:
    coffee, cat = (ASSETS / "coffee.jpg").read_bytes(), (ASSETS / "cat.jpg").read_bytes()
    labels = {"candidate_labels": ["a cat", "a dog", "a car"]}
    animal = {"image": base64.b64encode(cat).decode(), "question": "What animal is this?"}
    return {
        "local/efficientnet-lite0": ("image-classification", Payload(raw=coffee), "600×400"),
        "local/efficientnet-e5-zero-shot": (
            "zero-shot-image-classification",
            Payload(raw=cat, parameters=labels),
            "451×300, 3 labels",
        ),
        "local/anime4k-upscale": ("image-to-image", Payload(raw=cat), "451×300 → 2×"),
        "local/composed-vqa": ("visual-question-answering", Payload(inputs=animal), "animal?"),
    }


def reading_examples() -> dict[str, tuple[str, Payload, str]]:
    context = "My name is Clara and I live in Berkeley. On weekends I teach sailing."
    table = {"City": ["Tokyo", "Paris"], "Population": ["37.4", "11.1"]}
    return {
        "local/smollm2-fill-mask": (
            "fill-mask",
            Payload(inputs="Paris is the [MASK] of France."),
            "1 mask",
        ),
        "local/e5-spacy-qa": (
            "question-answering",
            Payload(inputs={"question": "What do I teach?", "context": context}),
            "LM fallback",
        ),
        "local/table-rules": (
            "table-question-answering",
            Payload(inputs={"query": "What is the average population?", "table": table}),
            "2×2 table",
        ),
    }


CHAT = "local/smollm2-135m-instruct"
ENGINES = {"xllamacpp": "xllamacpp", "llama-cpp-python": "llama_cpp"}


def measure(model_id: str, repeat: int, engine: str | None = None) -> dict[str, Any]:
    spec = next(spec for spec in MODELS if spec.id == model_id)
    started = time.perf_counter()
    if model_id == CHAT:
        from playground.local.adapters.llm import engine as load_engine

        model = load_engine(engine)
        row: dict[str, Any] = {"id": f"{model_id} [{model.name}]"}
        return row | {"load": time.perf_counter() - started} | chat_speed(model, repeat)
    model = spec.load()
    row = {"id": model_id, "load": time.perf_counter() - started}
    task, payload, what = example(model_id)
    timings = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        model.predict(task, payload, None)
        timings.append(time.perf_counter() - started)
    getattr(model, "close", lambda: None)()
    return row | {"input": what, "first": timings[0], "steady": statistics.median(timings[1:])}


def chat_speed(llm: Any, repeat: int) -> dict[str, Any]:
    from playground.local.adapters.llm import Generation, Sampling

    messages = [{"role": "user", "content": "Tell me a story about a lighthouse keeper."}]
    sampling = Sampling(max_new_tokens=64, temperature=0.0, seed=0)
    tokens = llm.tokens(llm.chat_prompt(messages), sampling)
    timings, speeds = [], []
    for _ in range(repeat + 1):
        result = Generation()
        started = time.perf_counter()
        list(llm.steps(tokens, sampling, result, threading.Event()))
        elapsed = time.perf_counter() - started
        timings.append(elapsed)
        speeds.append(len(result.tokens) / elapsed)
    return {
        "input": "64-token chat reply",
        "first": timings[0],
        "steady": statistics.median(timings[1:]),
        "tokens_per_s": statistics.median(speeds[1:]),
    }


def run_isolated(model_id: str, repeat: int, engine: str | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--json", "--repeat", str(repeat), model_id]
    command += ["--engine", engine] if engine else []
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        return {"id": model_id, "error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'model':46} {'input':20} {'load s':>7} {'first ms':>9} {'steady ms':>10} {'tok/s':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if "error" in row or "skipped" in row:
            print(f"{row['id']:46} {row.get('skipped') or row.get('error')}")
            continue
        tokens = f"{row['tokens_per_s']:6.1f}" if "tokens_per_s" in row else ""
        print(
            f"{row['id']:46} {row['input']:20} {row['load']:7.2f} {row['first'] * 1000:9.1f} "
            f"{row['steady'] * 1000:10.1f} {tokens:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="model ids (default: all)")
    parser.add_argument("--repeat", type=int, default=5, help="steady-state calls per model")
    parser.add_argument("--json", action="store_true", help="measure in this process, print JSON")
    parser.add_argument("--engine", help="the chat model's engine (with --json)")
    args = parser.parse_args()
    if args.json:
        for model_id in args.models:
            print(json.dumps(measure(model_id, args.repeat, args.engine)))
        return
    rows = []
    for spec in MODELS:
        if args.models and spec.id not in args.models:
            continue
        reason = spec.missing()
        if reason:
            rows.append({"id": spec.id, "skipped": f"unavailable: {reason}"})
        elif spec.id == CHAT:
            rows += [run_isolated(spec.id, args.repeat, name) for name in installed_engines()]
        else:
            rows.append(run_isolated(spec.id, args.repeat))
    print_table(rows)
    print_engine_ratios(rows)


def installed_engines() -> list[str]:
    return [name for name, module in ENGINES.items() if importlib.util.find_spec(module)]


def print_engine_ratios(rows: list[dict[str, Any]]) -> None:
    """tokens/s of each chat engine relative to xllamacpp (the default), same run."""
    speeds = {
        row["id"].rpartition("[")[2].rstrip("]"): row["tokens_per_s"]
        for row in rows
        if "tokens_per_s" in row
    }
    base = speeds.get("xllamacpp")
    if not base:
        return
    for name, speed in speeds.items():
        print(f"chat engine {name}: {speed:.1f} tokens/s = {speed / base:.2f}× xllamacpp")


if __name__ == "__main__":
    main()
