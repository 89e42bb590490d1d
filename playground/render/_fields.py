"""Read fields from task outputs that may be plain dicts or attribute objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def field(item: Any, name: str, default: Any = None) -> Any:
    """Return `item[name]` for mappings, `item.name` otherwise, or `default` when absent."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def as_float(value: Any) -> float | None:
    """Turn a score (float, numpy scalar, numeric string) into a float; None stays None."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def unique_key(key: str, taken: Mapping[str, Any]) -> str:
    """Return `key`, or `key (2)`, `key (3)`... so that it is not already in `taken`."""
    if key not in taken:
        return key
    n = 2
    while f"{key} ({n})" in taken:
        n += 1
    return f"{key} ({n})"


def scored_label(label: Any, score: Any, *, show_score: bool = True) -> str:
    """`"cat 0.97"` when there is a score to show, else `"cat"`."""
    number = as_float(score)
    text = str(label if label is not None else "")
    return f"{text} {number:.2f}" if show_score and number is not None else text


def item_label(item: Any, *, show_score: bool = True) -> str:
    """The `"label score"` text of an item holding `label` and `score` fields."""
    return scored_label(field(item, "label", ""), field(item, "score"), show_score=show_score)
