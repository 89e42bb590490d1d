"""Feature extraction: the embedding's shape and norm, a preview, a plot and a download."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from playground import render
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

BOOLEAN_CHOICES = ("true", "false")
DIRECTIONS = ("left", "right")


def download_dir() -> Path:
    """Where the .npy/.json downloads are written: a folder in Gradio's temp dir."""
    base = os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio"
    folder = Path(base) / "embeddings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_downloads(embedding: Any) -> list[str]:
    """The embedding as `.npy` and `.json` files, named by content so reruns don't pile up."""
    array = np.asarray(embedding, dtype=np.float32)
    digest = hashlib.sha256(array.tobytes() + str(array.shape).encode()).hexdigest()[:12]
    stem = download_dir() / f"embedding-{digest}"
    np.save(stem.with_suffix(".npy"), array)
    stem.with_suffix(".json").write_text(json.dumps(array.tolist()), encoding="utf-8")
    return [str(stem.with_suffix(".npy")), str(stem.with_suffix(".json"))]


def summary_line(embedding: Any) -> str:
    facts = render.embedding_summary(embedding)
    vectors, dims = facts["vectors"], facts["dimensions"]
    what = "1 vector" if vectors == 1 else f"{vectors} vectors (one per token: pool them)"
    low, high = f"{facts['norm_min']:.3f}", f"{facts['norm_max']:.3f}"
    norm = f"norm {high}" if low == high else f"norms {low} … {high}"
    unit = " (unit-normalised)" if facts["unit_normalized"] else ""
    return (
        f"**{what} × {dims} dimensions** · shape {facts['shape']} · {norm}{unit} · "
        f"values {facts['min']:.3f} … {facts['max']:.3f}"
    )


def preview_table(embedding: Any) -> pd.DataFrame:
    """The first values, one row per dimension and one column per vector: a single vector
    reads down a column instead of across a scrolled row."""
    tall = render.embedding_preview(embedding).set_index("vector").T
    names = list(tall.columns)
    if len(names) == 1:
        tall.columns = ["value"]
    elif all(name.startswith("0,") for name in names):  # [1][tokens][dim]
        tall.columns = [f"token {name.removeprefix('0,')}" for name in names]
    else:
        tall.columns = [f"vector {name}" for name in names]
    return tall.rename_axis("dim").reset_index()


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    """Not pure: the download output is a path, so the files are written here."""
    return {
        "summary": summary_line(result),
        "plot": render.embedding_plot_frame(result),
        "preview": preview_table(result),
        "download": write_downloads(result),
    }


def as_bool(value: Any) -> bool | None:
    return None if value is None else str(value).lower() == "true"


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    return CallArgs(
        (inputs["text"],),
        only(
            normalize=as_bool(params.get("normalize")),
            truncate=as_bool(params.get("truncate")),
            truncation_direction=params.get("truncation_direction"),
            prompt_name=params.get("prompt_name"),
            dimensions=params.get("dimensions"),
        ),
    )


SPEC = TaskSpec(
    id="feature-extraction",
    title="Feature extraction",
    group="Text",
    description="Turn a text into numbers (an embedding) for search, clustering or "
    "similarity. See its size and length, the first values, a plot, and download it.",
    method="feature_extraction",
    inputs=[Field("text", "Text", "textarea")],
    params=[
        Param(
            "normalize",
            "Normalize",
            "dropdown",
            choices=BOOLEAN_CHOICES,
            info="Scale the vector to length 1 (TEI). Empty: the server's default.",
        ),
        Param(
            "truncate",
            "Truncate",
            "dropdown",
            choices=BOOLEAN_CHOICES,
            info="Cut texts longer than the model's input instead of failing.",
        ),
        Param("truncation_direction", "Truncation direction", "dropdown", choices=DIRECTIONS),
        Param(
            "prompt_name",
            "Prompt name",
            "text",
            info='A prompt the model defines, e.g. "query" or "passage".',
        ),
        Param(
            "dimensions",
            "Dimensions",
            "int",
            minimum=1,
            info="Keep only the first N dimensions (Matryoshka models).",
        ),
    ],
    outputs=[
        OutputWidget("summary", "", "markdown"),
        OutputWidget("plot", "First vectors", "plot"),
        OutputWidget("preview", "First values", "table"),
        OutputWidget("download", "Download (.npy, .json)", "file"),
    ],
    build_call=build_call,
    render=view,
    examples=[
        Example({"text": "Lighthouses guide ships safely along the coast at night."}, "Sentence"),
        Example({"text": "Los faros guían a los barcos por la noche."}, "Spanish"),
    ],
    local_model=local_model("feature-extraction"),
    hub_models=(
        "sentence-transformers/all-MiniLM-L6-v2",
        "BAAI/bge-small-en-v1.5",
        "intfloat/multilingual-e5-small",
    ),
    promise="an array of floats: [dim] for pooled models, [1][tokens][dim] for token-level ones",
)
