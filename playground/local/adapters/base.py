"""The interface every loaded local model offers the routes."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import Unprocessable
from ..payload import Payload

T = TypeVar("T")


@dataclass(frozen=True)
class Binary:
    """A non-JSON response body (audio, image)."""

    content: bytes
    media_type: str


def cache_dir() -> Path:
    """Where models keep what they compute once (trained models, embeddings)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "inference-playground" / "local"


def shared(load: Callable[[], T]) -> Callable[[], T]:
    """Memoise an engine loader so models that share an engine load it once, thread-safely."""
    lock = threading.Lock()
    cell: list[T] = []

    def get() -> T:
        with lock:
            if not cell:
                cell.append(load())
            return cell[0]

    get.__name__ = getattr(load, "__name__", "shared")
    return get


def top_k(
    scores: list[dict[str, Any]], payload: Payload, default: int | None = None
) -> list[dict[str, Any]]:
    """Scores sorted best first, cut to the `top_k` parameter (or `default`)."""
    ranked = sorted(scores, key=lambda item: item["score"], reverse=True)
    k = payload.parameters.get("top_k", default)
    if k is None:
        return ranked
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise Unprocessable("Parameter 'top_k' must be a positive integer")
    return ranked[:k]
