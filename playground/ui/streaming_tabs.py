"""Tabs with their own layout: chat and streamed text generation."""

from __future__ import annotations

from typing import Any

__all__ = ["SPECIAL_TABS"]

SPECIAL_TABS: dict[str, Any] = {}
