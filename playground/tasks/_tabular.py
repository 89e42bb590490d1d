"""What the two tabular tabs share: the call on the edited table and the table drawn back with
its prediction column."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from playground import render
from playground.assets import asset
from playground.client import InputError
from playground.tasks.spec import CallArgs

__all__ = ["example_table", "tabular_call", "tabular_view"]


def example_table(name: str) -> pd.DataFrame:
    """An asset CSV as the table widget shows it (cells as text)."""
    return pd.read_csv(asset(name), dtype=str)


def tabular_call(inputs: Mapping[str, Any], _params: Mapping[str, Any]) -> CallArgs:
    if not inputs.get("table"):
        raise InputError("Give a table first: one named column per feature, one row per case.")
    return CallArgs((inputs["table"],))


def predictions_first(table: Any, predictions: Sequence[Any]) -> Styler:
    """`render.with_predictions`, with the prediction column moved to the front: wide tables
    would otherwise hide it behind a horizontal scroll."""
    styled = render.with_predictions(table, predictions)
    name = styled.data.columns[-1]
    front = styled.data[[name, *styled.data.columns[:-1]]]
    return front.style.use(styled.export()).format(precision=4, na_rep="")


def tabular_view(
    note: Callable[[Sequence[Any]], str],
) -> Callable[[Any, CallArgs, Mapping[str, Any]], dict[str, Any]]:
    """The renderer: the input table with the predictions in front, and a one-line note."""

    def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
        predictions = list(result or [])
        return {
            "table": predictions_first(call.args[0], predictions),
            "note": note(predictions),
        }

    return view
