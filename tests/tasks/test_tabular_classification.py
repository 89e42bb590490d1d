"""Tabular classification tab: the edited table in; the same table with predictions out."""

from __future__ import annotations

import pandas as pd
import pytest

from playground.assets import asset
from playground.client import InputError
from playground.render.tables import PREDICTION_STYLE
from playground.tasks.spec import CallArgs, Example
from playground.tasks.tabular_classification import SPEC

from .helpers import example_inputs, shown, widget_inputs

TABLE = {"alcohol": ["14.23", "12.29"], "proline": ["1065", "870"]}


def test_the_table_is_sent_as_columns_of_strings() -> None:
    frame = pd.DataFrame({"alcohol": [14.23, 12.29], "proline": [1065, 870]})
    call = SPEC.build_call(widget_inputs(SPEC, {"table": frame}), {})
    assert call == CallArgs(({"alcohol": ["14.23", "12.29"], "proline": ["1065", "870"]},))


def test_no_table_is_refused_before_sending() -> None:
    with pytest.raises(InputError):
        SPEC.build_call({"table": None}, {})


def test_predictions_come_first_in_a_highlighted_column() -> None:
    rendered = SPEC.render(["class_0", "class_1"], CallArgs((TABLE,)), {})
    assert rendered["note"] == "2 rows → class_0 ×1, class_1 ×1."
    out = shown(SPEC, rendered)
    assert out["table"].headers == ["prediction", "alcohol", "proline"]
    assert out["table"].data == [["class_0", "14.23", "1065"], ["class_1", "12.29", "870"]]
    styling = out["table"].metadata["styling"]
    assert all(PREDICTION_STYLE in row[0] and not any(row[1:]) for row in styling)


def test_numeric_labels_and_a_prediction_column_already_there() -> None:
    table = {"x": ["1", "2", "3"], "prediction": ["a", "b", "c"]}
    rendered = SPEC.render([5, 5, 7], CallArgs((table,)), {})
    assert rendered["note"] == "3 rows → 5 ×2, 7 ×1."
    out = shown(SPEC, rendered)
    assert out["table"].headers == ["prediction (2)", "x", "prediction"]
    assert [row[0] for row in out["table"].data] == [5, 5, 7]
    assert all(PREDICTION_STYLE in row[0] for row in out["table"].metadata["styling"])


def test_no_rows_no_predictions() -> None:
    rendered = SPEC.render([], CallArgs(({"x": []},)), {})
    assert rendered["note"] == "The model returned no predictions."
    shown(SPEC, rendered)


def test_the_example_has_the_columns_the_local_model_expects() -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    expected = datasets.load_wine().feature_names
    assert list(pd.read_csv(asset("wine.csv")).columns) == list(expected)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call(example: Example) -> None:
    assert asset(example.values["table"]).is_file()
    (table,) = SPEC.build_call(example_inputs(SPEC, example), {}).args
    assert len(table) == 13
    assert {len(cells) for cells in table.values()} == {3}
