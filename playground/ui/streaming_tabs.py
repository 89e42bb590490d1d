"""Tabs with their own layout: chat and streamed text generation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.tasks.spec import TaskSpec

from .chat_tab import build_chat_tab
from .generation_tab import build_generation_tab
from .tab import AppContext

__all__ = ["SPECIAL_TABS"]

SPECIAL_TABS: dict[str, Callable[[TaskSpec, AppContext], Any]] = {
    "chat-completion": build_chat_tab,
    "text-generation": build_generation_tab,
}
