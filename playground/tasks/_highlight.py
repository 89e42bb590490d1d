"""HighlightedText values that wrap between words.

Gradio draws each piece as a flex item and breaks long pieces anywhere (`word-break:
break-all`), so a long plain stretch of text wraps mid-word. Giving every plain word its own
piece makes lines break between words instead."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["wrap_words"]

_WORD = re.compile(r"\s*\S+\s*|\s+")


def wrap_words(pieces: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The same pieces with each unhighlighted one split into words (spaces kept)."""
    out: list[tuple[str, Any]] = []
    for text, category in pieces:
        if category is None and text:
            out.extend((word, None) for word in _WORD.findall(text))
        else:
            out.append((text, category))
    return out
