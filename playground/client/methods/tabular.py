"""Tabular tasks: classification and regression on column-oriented tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ResponseFormatError, ValidationError
from ..method import task_method
from ..plan import Job, Reply
from .job_shapes import expect_list, json_job, reply_json

__all__ = ["TabularMethods"]


def _table_columns(table: Mapping[str, Any]) -> dict[str, list[str]]:
    if not isinstance(table, Mapping) or not table:
        raise ValidationError("`table` must be a non-empty dict of column name → list of values.")
    columns: dict[str, list[str]] = {}
    for name, values in table.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise ValidationError(f"Column {name!r} must be a list of values.")
        columns[str(name)] = ["" if value is None else str(value) for value in values]
    if len({len(values) for values in columns.values()}) != 1:
        raise ValidationError("Every column of `table` must have the same number of rows.")
    return columns


def _predictions(reply: Reply, task: str, rows: int) -> list[Any]:
    values = expect_list(reply_json(reply, task), task)
    if len(values) != rows:
        raise ResponseFormatError(
            f"Expected {rows} predictions for {task}, got {len(values)}.", body=values
        )
    return values


def _tabular_job(task: str, table: Mapping[str, Any], model: str | None) -> Job[list[Any]]:
    columns = _table_columns(table)
    rows = len(next(iter(columns.values())))
    return json_job(
        task, model, {"inputs": {"data": columns}}, lambda reply: _predictions(reply, task, rows)
    )


class TabularMethods:
    """Task methods on tables given as dicts of column name → values."""

    @task_method
    def tabular_classification(self, table: dict[str, Any], model: str) -> Job[list[Any]]:
        """Predict a class for each row of a table.

        Args:
            table: the rows, as a dict of column name → list of values (every column the
                same length; values are sent as strings, None as "").
            model: the model (a Hub model id or an endpoint URL); there is no default.

        Returns:
            `list`: one predicted label per row, in row order.

        Raises:
            ValidationError: `table` is not a rectangular dict of columns (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list with one prediction per row.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> table = {"fixed_acidity": ["7.4", "7.8"], "alcohol": ["9.4", "9.8"]}
            >>> client.tabular_classification(table, model="julien-c/wine-quality")
            ['5', '5']
        """
        return _tabular_job("tabular-classification", table, model)

    @task_method
    def tabular_regression(self, table: dict[str, Any], model: str) -> Job[list[float]]:
        """Predict a number for each row of a table.

        Args:
            table: the rows, as a dict of column name → list of values (every column the
                same length; values are sent as strings, None as "").
            model: the model (a Hub model id or an endpoint URL); there is no default.

        Returns:
            `list[float]`: one predicted value per row, in row order.

        Raises:
            ValidationError: `table` is not a rectangular dict of columns (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list with one prediction per row.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> table = {"Height": ["11.52", "12.48"], "Width": ["4.02", "4.31"]}
            >>> client.tabular_regression(table, model="scikit-learn/Fish-Weight")
            [110, 120]
        """
        return _tabular_job("tabular-regression", table, model)
