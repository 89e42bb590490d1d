"""Table question answering: the answer, and the table with the cells it came from."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from playground import render
from playground.client import InputError
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

REPOSITORIES = pd.DataFrame(
    {
        "Repository": ["Transformers", "Datasets", "Tokenizers"],
        "Stars": ["36542", "4512", "3934"],
        "Contributors": ["651", "77", "34"],
        "Programming language": ["Python", "Python", "Rust, Python and NodeJS"],
    }
)
PLANETS = pd.DataFrame(
    {
        "Planet": ["Mercury", "Venus", "Earth", "Mars"],
        "Moons": ["0", "0", "1", "2"],
        "Distance from the Sun (million km)": ["58", "108", "150", "228"],
    }
)


def aggregate_value(answer: Any) -> str:
    """TAPAS names the aggregator but leaves the arithmetic to the caller: do it ("" when
    there is none, or the cells aren't numbers)."""
    aggregator = str(answer.get("aggregator") or "").upper()
    cells = [str(cell).replace(",", "") for cell in answer.get("cells") or []]
    if aggregator == "COUNT":
        return f"COUNT = {len(cells)}"
    if aggregator not in ("SUM", "AVERAGE") or not cells:
        return ""
    try:
        values = [float(cell) for cell in cells]
    except ValueError:
        return ""
    total = sum(values)
    return f"{aggregator} = {total if aggregator == 'SUM' else total / len(values):g}"


def summary(answer: Any) -> str:
    if not str(answer.get("answer") or "").strip():
        return "The model found no answer in the table."
    value = aggregate_value(answer)
    line = f"**{html.escape(render.answer_summary(answer))}**"
    return f"{line}  \n{value}" if value else line


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    table = call.args[0]
    return {"answer": summary(result), "table": render.highlight_answer_cells(table, result)}


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    if not inputs.get("table"):
        raise InputError("Give a table first: at least one column with a name and one row.")
    extra = only(
        sequential=params.get("sequential") or None,
        truncation=params.get("truncation") or None,
    )
    return CallArgs((inputs["table"], inputs["query"]), only(parameters=extra or None))


SPEC = TaskSpec(
    id="table-question-answering",
    title="Table question answering",
    group="Text",
    description="Ask a question about a table: edit the cells, then see the answer and the "
    "cells it came from, highlighted. Some models also sum, average or count cells.",
    method="table_question_answering",
    inputs=[
        Field("table", "Table", "table", value=REPOSITORIES, max_chars=100_000),
        Field("query", "Question", "text", max_chars=1_000),
    ],
    params=[
        Param(
            "sequential",
            "Sequential",
            "checkbox",
            value=False,
            info="Answer row by row (slower; for conversational TAPAS models).",
        ),
        Param(
            "truncation",
            "Truncate",
            "checkbox",
            value=False,
            info="Drop rows that don't fit in the model's input instead of failing.",
        ),
    ],
    outputs=[
        OutputWidget("answer", "", "markdown"),
        OutputWidget("table", "Answer cells", "table"),
    ],
    build_call=build_call,
    render=view,
    examples=[
        Example(
            {
                "table": REPOSITORIES,
                "query": "How many stars does the transformers repository have?",
            },
            "Stars",
        ),
        Example(
            {"table": PLANETS, "query": "What is the average number of moons?"},
            "Average",
        ),
    ],
    local_model=local_model("table-question-answering"),
    hub_models=(
        "google/tapas-base-finetuned-wtq",
        "google/tapas-large-finetuned-wtq",
        "microsoft/tapex-base-finetuned-wtq",
    ),
    promise="{answer, coordinates, cells, aggregator}",
)
