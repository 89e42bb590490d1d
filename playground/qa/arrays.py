"""Tasks whose HF schema is a plain array (no generated type to read): embeddings, similarity
scores and tabular predictions. An OpenAI-style embeddings object is checked against the OpenAI
SDK's `CreateEmbeddingResponse`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .schema import Deviation, check_object, describe

__all__ = ["check_array"]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shape_of(value: Any, path: str, found: list[Deviation]) -> tuple[int, ...] | None:
    """The shape of a nested list of numbers (None after recording why it is not one)."""
    if _is_number(value):
        if not math.isfinite(value):
            found.append(Deviation(path, "range", f"{path} is {value!r}, not a finite number."))
        return ()
    if not isinstance(value, list):
        found.append(Deviation(path, "type", f"{path} is {describe(value)}; wanted numbers."))
        return None
    if not value:
        found.append(Deviation(path, "shape", f"{path} is an empty list."))
        return None
    shapes = [_shape_of(item, f"{path}[{i}]", found) for i, item in enumerate(value)]
    first = shapes[0]
    for i, shape in enumerate(shapes):
        if shape is None:
            return None
        if shape != first:
            found.append(
                Deviation(f"{path}[{i}]", "shape", f"{path}[{i}] has shape {list(shape)}, "
                          f"but {path}[0] has {list(first or ())}: the array is ragged.")
            )  # fmt: skip
            return None
    return (len(value), *(first or ()))


def _embeddings(data: Any) -> list[Deviation]:
    if isinstance(data, dict) and "data" in data:
        from openai.types import CreateEmbeddingResponse

        return check_object(data, CreateEmbeddingResponse)
    found: list[Deviation] = []
    shape = _shape_of(data, "$", found)
    if shape == ():
        found.append(Deviation("$", "type", "$ is a single number; an embedding is a list."))
    return found


def _similarities(data: Any, request: Mapping[str, Any] | None) -> list[Deviation]:
    found: list[Deviation] = []
    shape = _shape_of(data, "$", found)
    if shape is not None and len(shape) != 1:
        return [Deviation("$", "shape", f"$ has shape {list(shape)}; wanted a flat list.")]
    inputs = (request or {}).get("inputs")
    sentences = inputs.get("sentences") if isinstance(inputs, Mapping) else None
    if shape and isinstance(sentences, list) and shape[0] != len(sentences):
        found.append(
            Deviation("$", "shape", f"$ has {shape[0]} scores for {len(sentences)} sentences.")
        )
    for i, score in enumerate(data if shape else []):
        if math.isfinite(score) and not -1.0 <= score <= 1.0:
            found.append(
                Deviation(f"$[{i}]", "range", f"$[{i}] is {score}, outside a cosine's [-1, 1].",
                          "warning")
            )  # fmt: skip
    return found


def _tabular(task: str, data: Any, request: Mapping[str, Any] | None) -> list[Deviation]:
    if not isinstance(data, list):
        return [Deviation("$", "type", f"$ is {describe(data)}; wanted one prediction per row.")]
    found: list[Deviation] = []
    for i, value in enumerate(data):
        scalar = _is_number(value) or isinstance(value, str | bool)
        if not scalar or (task == "tabular-regression" and not _is_number(value)):
            wanted = "a number" if task == "tabular-regression" else "a label or a number"
            found.append(
                Deviation(f"$[{i}]", "type", f"$[{i}] is {describe(value)}; wanted {wanted}.")
            )
    inputs = (request or {}).get("inputs")
    table = inputs.get("data") if isinstance(inputs, Mapping) else None
    if isinstance(table, Mapping) and table:
        rows = len(next(iter(table.values())))
        if rows != len(data):
            found.append(Deviation("$", "shape", f"$ has {len(data)} predictions for {rows} rows."))
    return found


def check_array(task: str, data: Any, request: Mapping[str, Any] | None = None) -> list[Deviation]:
    """Deviations of an embeddings / similarity / tabular reply."""
    if task == "feature-extraction":
        return _embeddings(data)
    if task == "sentence-similarity":
        return _similarities(data, request)
    return _tabular(task, data, request)
