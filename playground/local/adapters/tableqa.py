"""Table question answering by rules, in TAPAS's shape (no TAPAS model ships in a package):
pick the column and the rows the question names, and an aggregator from its words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import BadInput, Unprocessable
from ..payload import Payload
from . import e5

AGGREGATORS = (
    (r"\b(average|mean)\b", "AVERAGE"),
    (r"\b(total|sum|combined|altogether|in all)\b", "SUM"),
    (r"\bhow many\b", "COUNT"),
)
MOST = r"\b(highest|largest|most|biggest|maximum|greatest|tallest|oldest|longest|farthest)\b"
LEAST = r"\b(lowest|smallest|least|fewest|minimum|shortest|youngest|earliest|first|closest)\b"
MAX_CELLS = 10_000


@dataclass(frozen=True)
class Table:
    columns: list[str]
    cells: list[list[str]]  # by column

    @property
    def rows(self) -> int:
        return len(self.cells[0])

    def numeric(self, column: int) -> list[float] | None:
        try:
            return [float(cell.replace(",", "")) for cell in self.cells[column]]
        except ValueError:
            return None


class RuleTableQa:
    """Answers like TAPAS: `{answer, coordinates: [[row, column]], cells, aggregator}`; with an
    aggregator the answer is "AGGREGATOR > cell, cell, ..." and the caller does the sum.

    Rows: those whose text cell appears in the question (all rows when none does). Column: the
    header sharing most words with the question, else the one closest to it by E5 similarity.
    "average/mean" → AVERAGE, "total/sum" → SUM, "how many" over a text column → COUNT;
    "highest/largest…" and "lowest/first…" pick the row with the extreme value. Transparent and
    fast; it cannot follow questions that need more than one step.
    """

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        inputs = payload.inputs if isinstance(payload.inputs, dict) else payload.body
        question = inputs.get("query") or inputs.get("question")
        if not isinstance(question, str) or not question.strip():
            raise BadInput("Expected 'inputs.query' (the question, a string)")
        table = read_table(inputs.get("table"))
        return answer(table, question)


def read_table(value: object) -> Table:
    if not isinstance(value, dict) or not value:
        raise BadInput("Expected 'inputs.table' as {column: [cells]}")
    columns = [str(name) for name in value]
    cells = [
        [str(cell) for cell in column] for column in value.values() if isinstance(column, list)
    ]
    if len(cells) != len(columns) or len({len(column) for column in cells}) != 1:
        raise Unprocessable("Every column of the table must be a list of the same length")
    if not cells[0] or len(columns) * len(cells[0]) > MAX_CELLS:
        raise Unprocessable(f"The table must have 1 to {MAX_CELLS} cells")
    return Table(columns, cells)


def answer(table: Table, question: str) -> dict[str, Any]:
    lower = question.lower()
    texts = [i for i in range(len(table.columns)) if table.numeric(i) is None]
    rows = mentioned_rows(table, texts, lower)
    column = best_column(table, question)
    if re.search(MOST, lower) or re.search(LEAST, lower):
        return superlative(table, texts, rows, column, lower)
    aggregator = next((name for rule, name in AGGREGATORS if re.search(rule, lower)), "NONE")
    numeric = table.numeric(column) is not None
    if rows and column in texts and any(table.cells[column][r].lower() in lower for r in rows):
        column = best_column(table, question, exclude=column)  # the row's name isn't the answer
        numeric = table.numeric(column) is not None
    chosen = rows or list(range(table.rows))
    if aggregator == "COUNT" and (not numeric or not rows):
        return _result(table, [(r, texts[0] if texts else column) for r in chosen], "COUNT")
    if aggregator in ("SUM", "AVERAGE") and not numeric:
        aggregator = "NONE"
    if aggregator == "COUNT":
        aggregator = "NONE"  # "how many stars does X have": X's value itself
    return _result(table, [(r, column) for r in chosen], aggregator)


def mentioned_rows(table: Table, texts: list[int], lower: str) -> list[int]:
    found = set()
    for column in texts:
        for row, cell in enumerate(table.cells[column]):
            if cell.strip() and re.search(rf"\b{re.escape(cell.lower())}\b", lower):
                found.add(row)
    return sorted(found)


def best_column(table: Table, question: str, exclude: int | None = None) -> int:
    asked = {_stem(w) for w in re.findall(r"[a-z]+", question.lower())}
    candidates = [i for i in range(len(table.columns)) if i != exclude] or [0]
    overlap = {
        i: len(asked & {_stem(w) for w in re.findall(r"[a-z]+", table.columns[i].lower())})
        for i in candidates
    }
    best = max(candidates, key=lambda i: overlap[i])
    if overlap[best]:
        return best
    headers = np.asarray(e5.engine().passage([table.columns[i] for i in candidates]))
    return candidates[int(np.argmax(headers @ np.asarray(e5.engine().query(question))))]


def superlative(
    table: Table, texts: list[int], rows: list[int], column: int, lower: str
) -> dict[str, Any]:
    numbers = [i for i in range(len(table.columns)) if i not in texts]
    if not numbers:
        raise Unprocessable(
            "The question asks for a largest or smallest value: no column is numeric"
        )
    target = column if column in numbers else numbers[0]
    values = table.numeric(target) or []
    pool = rows or list(range(table.rows))
    pick = max if re.search(MOST, lower) else min
    row = pick(pool, key=lambda r: values[r])
    wants_name = re.match(r"\s*(which|who|where|what (city|country|name|one))\b", lower)
    shown = texts[0] if wants_name and texts else target
    return _result(table, [(row, shown)], "NONE")


def _result(table: Table, coordinates: list[tuple[int, int]], aggregator: str) -> dict[str, Any]:
    cells = [table.cells[column][row] for row, column in coordinates]
    text = ", ".join(cells)
    return {
        "answer": f"{aggregator} > {text}" if aggregator != "NONE" else text,
        "coordinates": [[row, column] for row, column in coordinates],
        "cells": cells,
        "aggregator": aggregator,
    }


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") else word
