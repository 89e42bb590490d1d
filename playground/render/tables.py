"""Tables for `gr.Dataframe`: table-QA answers highlighted, tabular predictions appended."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import pandas as pd
from pandas.io.formats.style import Styler

from playground.render._fields import field, unique_key

TableSource: TypeAlias = pd.DataFrame | Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]

ANSWER_CELL_STYLE = "background-color: #fde68a; color: #000000; font-weight: bold"
PREDICTION_STYLE = "background-color: #dbeafe; color: #000000; font-weight: bold"
NO_AGGREGATOR = {"", "NONE"}


def as_frame(table: TableSource) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a `{column: values}` mapping or a list of row dicts."""
    if isinstance(table, pd.DataFrame):
        return table.reset_index(drop=True)
    if isinstance(table, Mapping):
        return pd.DataFrame({str(k): list(v) for k, v in table.items()})
    return pd.DataFrame(list(table))


def answer_cells(answer: Any, shape: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The `(row, column)` pairs of a table-QA answer, dropping any outside `shape`."""
    cells = []
    for coordinate in field(answer, "coordinates", None) or []:
        row, column = int(coordinate[0]), int(coordinate[1])
        if shape is None or (0 <= row < shape[0] and 0 <= column < shape[1]):
            cells.append((row, column))
    return cells


def highlight_answer_cells(table: TableSource, answer: Any) -> Styler:
    """`gr.Dataframe` value (non-interactive): the table with the answer's cells highlighted."""
    frame = as_frame(table)
    cells = set(answer_cells(answer, frame.shape))

    def styles(data: pd.DataFrame) -> pd.DataFrame:
        css = [
            [ANSWER_CELL_STYLE if (r, c) in cells else "" for c in range(data.shape[1])]
            for r in range(data.shape[0])
        ]
        return pd.DataFrame(css, index=data.index, columns=data.columns)

    return frame.style.apply(styles, axis=None).format(precision=4, na_rep="")


def answer_summary(answer: Any) -> str:
    """One line for people: the answer, and the aggregator and cells it came from."""
    text = f"Answer: {field(answer, 'answer', '')}"
    cells = [str(c) for c in field(answer, "cells", None) or []]
    aggregator = str(field(answer, "aggregator", "") or "")
    if aggregator.upper() not in NO_AGGREGATOR:
        text += f" ({aggregator} of {len(cells)} cell{'s' if len(cells) != 1 else ''})"
    if cells:
        text += f". Cells: {', '.join(cells)}"
    return text


def with_predictions(
    table: TableSource, predictions: Sequence[Any], *, column: str = "prediction"
) -> Styler:
    """`gr.Dataframe` value (non-interactive): the input table plus a highlighted prediction
    column. Raises ValueError when there is not one prediction per row."""
    frame = as_frame(table)
    if len(predictions) != len(frame):
        raise ValueError(
            f"Got {len(predictions)} predictions for {len(frame)} rows; "
            "the server's answer does not match the table sent."
        )
    name = unique_key(column, {str(c): None for c in frame.columns})
    frame = frame.assign(**{name: list(predictions)})
    return frame.style.map(lambda _: PREDICTION_STYLE, subset=[name]).format(precision=4, na_rep="")
