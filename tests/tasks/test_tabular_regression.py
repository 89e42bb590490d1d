"""Tabular regression tab: the edited table in; the same table with predicted numbers out."""

from __future__ import annotations

import pandas as pd
import pytest

from playground.assets import asset
from playground.tasks.spec import CallArgs, Example
from playground.tasks.tabular_regression import SPEC

from .helpers import example_inputs, shown, widget_inputs

TABLE = {"age": ["59", "48", "72"], "bmi": ["32.1", "21.6", "30.5"]}


def test_the_table_is_sent_as_columns_of_strings() -> None:
    frame = pd.DataFrame({"age": [59, 48, 72], "bmi": [32.1, 21.6, 30.5]})
    assert SPEC.build_call(widget_inputs(SPEC, {"table": frame}), {}) == CallArgs((TABLE,))


def test_predicted_numbers_come_first_and_are_summarised() -> None:
    rendered = SPEC.render([205.486, 68.634, 176.265], CallArgs((TABLE,)), {})
    assert rendered["note"] == "3 rows → from 68.634 to 205.486 (mean 150.1)."
    out = shown(SPEC, rendered)
    assert out["table"].headers == ["prediction", "age", "bmi"]
    assert [row[0] for row in out["table"].data] == [205.486, 68.634, 176.265]


def test_predictions_that_are_not_numbers_are_still_shown() -> None:
    rendered = SPEC.render(["high", "low", "n/a"], CallArgs((TABLE,)), {})
    assert rendered["note"] == "3 rows predicted."
    shown(SPEC, rendered)


def test_a_single_row() -> None:
    rendered = SPEC.render([1.5], CallArgs(({"age": ["59"]},)), {})
    assert rendered["note"] == "1 row → from 1.5 to 1.5 (mean 1.5)."


def test_the_example_has_the_columns_the_local_model_expects() -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    expected = datasets.load_diabetes(scaled=False).feature_names
    assert list(pd.read_csv(asset("diabetes.csv")).columns) == list(expected)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call(example: Example) -> None:
    assert asset(example.values["table"]).is_file()
    (table,) = SPEC.build_call(example_inputs(SPEC, example), {}).args
    assert list(table) == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
