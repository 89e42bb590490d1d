"""Tabular classification: a class predicted for every row of a table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from playground.tasks._tabular import example_table, tabular_call, tabular_view
from playground.tasks.common import local_model
from playground.tasks.spec import Example, Field, OutputWidget, TaskSpec


def class_counts(predictions: Sequence[Any]) -> str:
    """ "3 rows → class_0 ×1, class_1 ×2."""
    if not predictions:
        return "The model returned no predictions."
    counts = Counter(str(p) for p in predictions)
    listed = ", ".join(f"{label} ×{count}" for label, count in counts.most_common())
    rows = len(predictions)
    return f"{rows} row{'s' if rows != 1 else ''} → {listed}."


SPEC = TaskSpec(
    id="tabular-classification",
    title="Tabular classification",
    group="Tabular",
    description="Predict a class for each row of a table. The columns must be the features "
    "the model was trained on: the local model wants the 13 wine measurements of the example, "
    "and tells you which columns are missing.",
    method="tabular_classification",
    inputs=[
        Field(
            "table", "Table (editable)", "table", value=example_table("wine.csv"), max_chars=100_000
        )
    ],
    outputs=[OutputWidget("note", "", "markdown"), OutputWidget("table", "Predictions", "table")],
    build_call=tabular_call,
    render=tabular_view(class_counts),
    examples=[Example({"table": "wine.csv"}, "Wine cultivars")],
    local_model=local_model("tabular-classification"),
    hub_models=("julien-c/wine-quality", "scikit-learn/tabular-playground"),
    promise="a list with one predicted label per row",
)
