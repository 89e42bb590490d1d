"""scikit-learn models trained at first use on datasets bundled with scikit-learn, then cached."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np

from ..errors import BadInput, Unprocessable
from ..payload import Payload
from .base import cache_dir


class Tabular:
    """Column-oriented rows in (`{"inputs": {"data": {column: [values]}}}`), one prediction out."""

    def __init__(self, name: str) -> None:
        import sklearn

        path = cache_dir() / f"{name}-sklearn-{sklearn.__version__}.pkl"
        if path.exists():
            with path.open("rb") as file:
                self.model, self.columns, self.labels = pickle.load(file)
        else:
            self.model, self.columns, self.labels = TRAINERS[name]()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                pickle.dump((self.model, self.columns, self.labels), file)

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        rows = table_rows(_table(payload), self.columns)
        predictions = self.model.predict(rows)
        if self.labels is not None:
            return [str(self.labels[int(p)]) for p in predictions]
        return [round(float(p), 3) for p in predictions]


def _table(payload: Payload) -> dict[str, Any]:
    inputs = payload.inputs if isinstance(payload.inputs, dict) else {}
    table = inputs.get("data") or inputs.get("table") or payload.body.get("table")
    if not isinstance(table, dict) or not table:
        raise BadInput('Expected {"inputs": {"data": {"column": ["value", ...], ...}}}')
    return table


def table_rows(table: dict[str, Any], columns: list[str]) -> np.ndarray:
    missing = [c for c in columns if c not in table]
    if missing:
        raise Unprocessable(f"Missing columns: {', '.join(missing)}; expected {', '.join(columns)}")
    cells = [table[c] if isinstance(table[c], list) else [table[c]] for c in columns]
    if len({len(column) for column in cells}) != 1 or not cells[0]:
        raise Unprocessable("All columns must be non-empty lists of the same length")
    try:
        return np.array(cells, dtype=float).T
    except (TypeError, ValueError) as exc:
        raise Unprocessable(f"Every cell must be a number: {exc}") from exc


def train_wine() -> tuple[Any, list[str], list[str]]:
    from sklearn.datasets import load_wine
    from sklearn.ensemble import RandomForestClassifier

    data = load_wine()
    model = RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=1)
    model.fit(data.data, data.target)
    return model, list(data.feature_names), [str(name) for name in data.target_names]


def train_diabetes() -> tuple[Any, list[str], None]:
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    data = load_diabetes(scaled=False)
    model = make_pipeline(StandardScaler(), RidgeCV(alphas=np.logspace(-3, 3, 13)))
    model.fit(data.data, data.target)
    return model, list(data.feature_names), None


TRAINERS = {"wine-forest": train_wine, "diabetes-ridge": train_diabetes}
