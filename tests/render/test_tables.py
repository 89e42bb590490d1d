import gradio as gr
import pandas as pd
import pytest

from playground.render.tables import (
    ANSWER_CELL_STYLE,
    PREDICTION_STYLE,
    answer_cells,
    answer_summary,
    as_frame,
    highlight_answer_cells,
    with_predictions,
)

TABLE = {
    "Repository": ["Transformers", "Datasets", "Tokenizers"],
    "Stars": ["36542", "4512", "3934"],
}
ANSWER = {
    "answer": "AVERAGE > 36542, 4512",
    "coordinates": [[0, 1], [1, 1]],
    "cells": ["36542", "4512"],
    "aggregator": "AVERAGE",
}


def styling(value) -> list[list[str]]:
    return gr.Dataframe(interactive=False).postprocess(value).metadata["styling"]


def test_answer_cells_are_highlighted_in_the_dataframe() -> None:
    data = gr.Dataframe(interactive=False).postprocess(highlight_answer_cells(TABLE, ANSWER))
    assert data.headers == ["Repository", "Stars"]
    assert data.data[0] == ["Transformers", "36542"]
    assert data.metadata["styling"] == [
        ["", ANSWER_CELL_STYLE],
        ["", ANSWER_CELL_STYLE],
        ["", ""],
    ]


def test_out_of_range_coordinates_are_ignored() -> None:
    answer = {**ANSWER, "coordinates": [[9, 0], [0, 5], [2, 0]]}
    assert answer_cells(answer, (3, 2)) == [(2, 0)]
    assert styling(highlight_answer_cells(TABLE, answer))[2] == [ANSWER_CELL_STYLE, ""]


def test_summary_names_answer_aggregator_and_cells() -> None:
    assert answer_summary(ANSWER) == (
        "Answer: AVERAGE > 36542, 4512 (AVERAGE of 2 cells). Cells: 36542, 4512"
    )
    plain = {"answer": "Transformers", "coordinates": [[0, 0]], "cells": ["Transformers"]}
    assert (
        answer_summary({**plain, "aggregator": "NONE"})
        == "Answer: Transformers. Cells: Transformers"
    )
    assert answer_summary(plain) == "Answer: Transformers. Cells: Transformers"


def test_predictions_are_appended_as_a_highlighted_column() -> None:
    table = pd.DataFrame({"fixed_acidity": [7.4, 7.8], "alcohol": [9.4, 9.8]})
    value = with_predictions(table, [5, 6])
    data = gr.Dataframe(interactive=False).postprocess(value)
    assert data.headers == ["fixed_acidity", "alcohol", "prediction"]
    assert [row[-1] for row in data.data] == [5, 6]
    assert [row[-1] for row in data.metadata["styling"]] == [PREDICTION_STYLE] * 2
    assert data.metadata["display_value"][0][0] == "7.4000"


def test_prediction_column_name_never_overwrites_an_input_column() -> None:
    value = with_predictions({"prediction": ["a"]}, [1])
    assert list(value.data.columns) == ["prediction", "prediction (2)"]


def test_prediction_count_must_match_the_rows() -> None:
    with pytest.raises(ValueError, match="1 predictions for 2 rows"):
        with_predictions({"a": [1, 2]}, [1])


def test_tables_from_rows_columns_or_frames() -> None:
    rows = [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    assert as_frame(rows).equals(as_frame({"a": [1, 3], "b": [2, 4]}))
    indexed = pd.DataFrame({"a": [1]}, index=[7])
    assert list(as_frame(indexed).index) == [0]
