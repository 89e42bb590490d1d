"""Tables that are not rectangles of text and numbers, sent through the API to every table tab:
each is refused with one sentence (Gradio's own checks would fail first with its generic error),
no request reaches the inference server, and the next good call works."""

from __future__ import annotations

from typing import Any

import pytest
from gradio_client import Client

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from playground.ui.input_checks import MAX_TABLE_CELLS
from tests.e2e.app_server import Running

from .helpers import arguments, assert_refused, requests_seen, run_tab, status_index

TABLE_TABS = [s for s in TASKS.values() if any(f.kind == "table" for f in s.inputs)]
WIDE = ["a", "b"]
BAD_TABLES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "short-row": (
        {"headers": WIDE, "data": [["1", "2"], ["3"]]},
        ("Row 2", "1 cell", "2 columns", "one value per column"),
    ),
    "long-row": (
        {"headers": WIDE, "data": [["1", "2", "3"]]},
        ("Row 1", "3 cells", "2 columns"),
    ),
    "data-not-rows": ({"headers": WIDE, "data": "1,2\n3,4"}, ("table could not be read",)),
    "rows-not-lists": ({"headers": WIDE, "data": ["1,2", "3,4"]}, ("table could not be read",)),
    "headers-not-list": ({"headers": "a,b", "data": [["1", "2"]]}, ("table could not be read",)),
    "not-an-object": ("a,b\n1,2", ("table could not be read",)),
    "nested-cell": ({"headers": WIDE, "data": [["1", ["2"]]]}, ("Row 1", "text and numbers")),
    "same-name-twice": ({"headers": ["a", "a"], "data": [["1", "2"]]}, ("'a'", "rename")),
    "too-many-cells": (
        {"headers": WIDE, "data": [["1", "2"]] * (MAX_TABLE_CELLS // 2 + 1)},
        ("cell limit", "remove some rows"),
    ),
    "too-much-text": ({"headers": WIDE, "data": [["x" * 60_000, "y" * 60_000]]}, ("100,000",)),
    "nothing": (None, ("table is empty",)),
}


def run_with_table(api: Client, spec: TaskSpec, table: Any) -> str:
    values = arguments(spec)
    index = 8 + next(i for i, f in enumerate(spec.inputs) if f.kind == "table")
    values[index] = table  # after the target bar (7 values) and the model box
    result = api.predict(*values, api_name=f"/{spec.api_name}")
    return str(result[status_index(spec)] or "")


def test_the_tabs_under_test() -> None:
    assert {s.id for s in TABLE_TABS} == {
        "table-question-answering",
        "tabular-classification",
        "tabular-regression",
    }


@pytest.mark.parametrize("case", list(BAD_TABLES))
@pytest.mark.parametrize("spec", TABLE_TABS, ids=lambda spec: spec.id)
def test_a_bad_table_is_one_sentence(
    api: Client, guarded: Running, spec: TaskSpec, case: str
) -> None:
    table, phrases = BAD_TABLES[case]
    before = requests_seen(guarded.fake_url)
    assert_refused(run_with_table(api, spec, table), *phrases)
    assert requests_seen(guarded.fake_url) == before, "a bad table reached the server"


@pytest.mark.parametrize("spec", TABLE_TABS, ids=lambda spec: spec.id)
def test_after_a_bad_table_the_example_runs(api: Client, spec: TaskSpec) -> None:
    assert_refused(run_with_table(api, spec, BAD_TABLES["short-row"][0]))
    status = run_tab(api, spec)
    assert "status-error" not in status and "✓" in status, status
