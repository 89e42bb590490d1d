"""Table question answering tab: the edited table in; the answer and its cells out."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from playground.client import InputError
from playground.client.methods.text_answers import parse_table_question_answering
from playground.render.tables import ANSWER_CELL_STYLE
from playground.tasks.spec import CallArgs, Example
from playground.tasks.table_question_answering import SPEC
from playground.ui.components import output_component

from .helpers import example_inputs, shown, widget_inputs

TABLE = {"Repository": ["Transformers", "Datasets"], "Stars": ["36542", "4512"]}
QUERY = "How many stars does the transformers repository have?"


def highlighted(styler: Any) -> set[tuple[int, int]]:
    """The (row, column) cells the Dataframe component would draw styled."""
    (table,) = [o for o in SPEC.outputs if o.name == "table"]
    styling = output_component(table, "t").postprocess(styler).metadata["styling"]
    return {(r, c) for r, row in enumerate(styling) for c, css in enumerate(row) if css}


def test_the_edited_table_is_sent_as_columns_of_strings() -> None:
    frame = pd.DataFrame({"Repository": ["Transformers", None], "Stars": [36542, 4512]})
    call = SPEC.build_call(widget_inputs(SPEC, {"table": frame, "query": QUERY}), {})
    assert call == CallArgs(
        ({"Repository": ["Transformers", ""], "Stars": ["36542", "4512"]}, QUERY), {}
    )
    call = SPEC.build_call(
        widget_inputs(SPEC, {"table": frame, "query": QUERY}), {"sequential": True}
    )
    assert call.kwargs == {"parameters": {"sequential": True}}


def test_a_missing_table_is_refused_before_sending() -> None:
    with pytest.raises(InputError):
        SPEC.build_call({"table": None, "query": QUERY}, {})


def test_the_answer_cell_is_highlighted_and_summarised() -> None:
    result = parse_table_question_answering(
        {"answer": "36542", "coordinates": [[0, 1]], "cells": ["36542"], "aggregator": "NONE"}
    )
    rendered = SPEC.render(result, CallArgs((TABLE, QUERY)), {})
    assert rendered["answer"] == "**Answer: 36542. Cells: 36542**"
    assert highlighted(rendered["table"]) == {(0, 1)}
    out = shown(SPEC, rendered)
    assert out["table"].headers == ["Repository", "Stars"]
    assert out["table"].data == [["Transformers", "36542"], ["Datasets", "4512"]]
    styles = out["table"].metadata["styling"]
    assert ANSWER_CELL_STYLE in styles[0][1]
    assert not styles[1][1]


def test_an_aggregated_answer_in_a_list_names_the_aggregator() -> None:
    result = parse_table_question_answering(
        [
            {
                "answer": "AVERAGE > 36542, 4512",
                "coordinates": [[0, 1], [1, 1]],
                "cells": ["36542", "4512"],
                "aggregator": "AVERAGE",
            }
        ]
    )
    rendered = SPEC.render(result, CallArgs((TABLE, "average stars?")), {})
    assert "AVERAGE of 2 cells" in rendered["answer"]
    assert rendered["answer"].endswith("\nAVERAGE = 20527")
    assert highlighted(rendered["table"]) == {(0, 1), (1, 1)}
    shown(SPEC, rendered)


@pytest.mark.parametrize(
    ("aggregator", "cells", "shown_value"),
    [
        ("SUM", ["1,000", "2.5"], "SUM = 1002.5"),
        ("COUNT", ["a", "b", "c"], "COUNT = 3"),
        ("SUM", ["Python", "Rust"], None),
        ("NONE", ["1", "2"], None),
    ],
)
def test_the_aggregate_is_computed_when_the_cells_allow(
    aggregator: str, cells: list[str], shown_value: str | None
) -> None:
    result = parse_table_question_answering(
        {"answer": ", ".join(cells), "coordinates": [], "cells": cells, "aggregator": aggregator}
    )
    summary = SPEC.render(result, CallArgs((TABLE, "?")), {})["answer"]
    if shown_value:
        assert summary.endswith(f"  \n{shown_value}")
    else:
        assert summary.endswith("**")


def test_an_answer_without_cells_keeps_the_table_plain() -> None:
    result = parse_table_question_answering({"answer": ""})
    rendered = SPEC.render(result, CallArgs((TABLE, "?")), {})
    assert rendered["answer"] == "The model found no answer in the table."
    assert highlighted(rendered["table"]) == set()
    shown(SPEC, rendered)


def test_coordinates_outside_the_table_are_ignored() -> None:
    result = parse_table_question_answering(
        {"answer": "x", "coordinates": [[9, 9], [1, 0]], "cells": ["x"]}
    )
    rendered = SPEC.render(result, CallArgs((TABLE, "?")), {})
    assert highlighted(rendered["table"]) == {(1, 0)}


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call(example: Example) -> None:
    table, query = SPEC.build_call(example_inputs(SPEC, example), {}).args
    assert query == example.values["query"]
    assert {len(cells) for cells in table.values()} == {len(example.values["table"])}
    assert all(isinstance(cell, str) for cells in table.values() for cell in cells)
