"""Helpers for request bodies, shared by the task jobs and the server families."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["clean", "given"]


def clean(parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters without the unset (None) ones."""
    return {key: value for key, value in (parameters or {}).items() if value is not None}


def given(value: Any) -> bool:
    """A parameter the caller set: not None, not False, not an empty list (their defaults)."""
    return value is not None and value is not False and value != []
