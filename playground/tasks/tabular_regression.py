"""Tabular regression: a number predicted for every row of a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.tasks._tabular import example_table, tabular_call, tabular_view
from playground.tasks.common import local_model
from playground.tasks.spec import Example, Field, OutputWidget, TaskSpec


def value_range(predictions: Sequence[Any]) -> str:
    """ "3 rows → from 68.6 to 205.5 (mean 150.1)."""
    if not predictions:
        return "The model returned no predictions."
    rows = f"{len(predictions)} row{'s' if len(predictions) != 1 else ''}"
    try:
        values = [float(p) for p in predictions]
    except (TypeError, ValueError):
        return f"{rows} predicted."
    mean = sum(values) / len(values)
    return f"{rows} → from {min(values):g} to {max(values):g} (mean {mean:.4g})."


SPEC = TaskSpec(
    id="tabular-regression",
    title="Tabular regression",
    group="Tabular",
    description="Predict a number for each row of a table. The columns must be the features "
    "the model was trained on: the local model wants the 10 diabetes measurements of the "
    "example (age, sex, bmi, bp, s1–s6) and predicts disease progression a year later.",
    method="tabular_regression",
    inputs=[
        Field(
            "table",
            "Table (editable)",
            "table",
            value=example_table("diabetes.csv"),
            max_chars=100_000,
        )
    ],
    outputs=[OutputWidget("note", "", "markdown"), OutputWidget("table", "Predictions", "table")],
    build_call=tabular_call,
    render=tabular_view(value_range),
    examples=[Example({"table": "diabetes.csv"}, "Diabetes patients")],
    local_model=local_model("tabular-regression"),
    hub_models=("scikit-learn/xgboost-example", "merve/xgboost-example"),
    promise="a list with one predicted number per row",
)
