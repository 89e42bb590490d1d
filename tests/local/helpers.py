"""Assets and skips shared by the local-server tests."""

from __future__ import annotations

import base64
import csv
from pathlib import Path

import pytest

from playground.local.catalog import MODELS

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SPECS = {spec.id: spec for spec in MODELS}
WAIT = {"x-wait-for-model": "true"}


def asset(name: str) -> Path:
    return ASSETS / name


def asset_b64(name: str) -> str:
    return base64.b64encode(asset(name).read_bytes()).decode("ascii")


def table(name: str) -> dict[str, list[str]]:
    with asset(name).open(newline="") as file:
        rows = list(csv.DictReader(file))
    return {column: [row[column] for row in rows] for column in rows[0]}


def need(*model_ids: str) -> None:
    """Skip the test, saying what to install, when a model can't run on this machine."""
    for model_id in model_ids:
        reason = SPECS[model_id].missing()
        if reason:
            pytest.skip(f"{model_id} unavailable: {reason}")


def words(text: str) -> list[str]:
    return "".join(c.lower() if c.isalnum() else " " for c in text).split()
