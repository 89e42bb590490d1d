"""Permalinks for the Compare view: the task, the sides (target kind and model), the text
inputs and the parameters, packed into `?qa=…` (base64url JSON). Never a token (none is ever
read into it); in public mode never a custom URL or a URL in a model box, on making a link or
on opening one. A small image or audio clip travels as its sha256 (the file itself stays in
the server's `MediaStore`); a larger one is not carried, and the link says so."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from playground.client import InputError

from .media_store import is_key
from .qa_sides import MAX_SIDES, TEXT_SLOTS, comparable_tasks

__all__ = ["LinkState", "make_query", "public_safe", "read_query"]

MAX_LINK_CHARS = 8_000
KINDS = ("local", "hf", "custom")
MEDIA_SLOTS = ("image", "audio")


@dataclass(frozen=True)
class LinkState:
    task: str
    count: int = 2
    texts: list[str] = field(default_factory=list)
    extra: str = ""
    sides: list[tuple[str, str]] = field(default_factory=list)
    dropped: int = 0  # sides public mode refused (custom URLs)
    media: dict[str, str] = field(default_factory=dict)  # slot → sha256 of the held file
    left_out: list[str] = field(default_factory=list)  # media slots too large to carry


def public_safe(kind: str, model: str) -> bool:
    """Whether a public page may show this side: no custom URL and no URL in a model box."""
    return kind != "custom" and "://" not in model


def _safe_sides(
    sides: Sequence[tuple[str, str]], public: bool
) -> tuple[list[tuple[str, str]], int]:
    """The sides a link may carry: in public mode no custom URL and no URL in a model box."""
    kept, dropped = [], 0
    for kind, model in sides:
        if public and not public_safe(kind, model):
            kept.append(("hf" if kind == "custom" else kind, ""))
            dropped += 1
        else:
            kept.append((kind, model))
    return kept, dropped


def make_query(state: LinkState, public: bool) -> str:
    """`?qa=…` for the state (public mode: private URLs left out)."""
    sides, _ = _safe_sides(state.sides, public)
    data: dict[str, Any] = {
        "v": 1,
        "task": state.task,
        "count": state.count,
        "texts": state.texts[:TEXT_SLOTS],
        "extra": state.extra,
        "sides": [list(side) for side in sides[:MAX_SIDES]],
    }
    if state.media or state.left_out:
        data["media"] = {slot: key for slot, key in state.media.items() if slot in MEDIA_SLOTS}
        data["left_out"] = [slot for slot in state.left_out if slot in MEDIA_SLOTS]
    packed = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    text = base64.urlsafe_b64encode(packed).decode().rstrip("=")
    if len(text) > MAX_LINK_CHARS:
        raise InputError("The inputs are too long for a link; shorten them first.")
    return f"?qa={text}"


def _decoded(text: str) -> dict[str, Any]:
    if len(text) > MAX_LINK_CHARS:
        raise InputError("This link is too long to be one of ours.")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        raise InputError("This link is damaged: its comparison can't be read.") from None
    if not isinstance(data, dict) or data.get("v") != 1:
        raise InputError("This link was made by another version of the playground.")
    return data


def _strings(value: Any, limit: int) -> list[str]:
    items = value if isinstance(value, list) else []
    return [item if isinstance(item, str) else "" for item in items[:limit]]


def _media(data: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The media keys and left-out slots a link names; a key that isn't a sha256 is forged."""
    found = data.get("media") or {}
    if not isinstance(found, dict):
        raise InputError("This link is damaged: its media can't be read.")
    media = {}
    for slot, key in found.items():
        if slot not in MEDIA_SLOTS or not is_key(key):
            raise InputError("This link is damaged: its media can't be read.")
        media[slot] = key
    left_out = [slot for slot in _strings(data.get("left_out"), 2) if slot in MEDIA_SLOTS]
    return media, left_out


def read_query(text: str, public: bool) -> LinkState:
    """The state a `qa` query value holds; InputError when it isn't a usable link."""
    data = _decoded(text)
    task = data.get("task")
    if task not in {spec.id for spec in comparable_tasks()}:
        raise InputError("This link names a task the Compare view doesn't have.")
    sides = []
    for item in data.get("sides") or []:
        pair = [*_strings(item, 2), "", ""]
        sides.append((pair[0] if pair[0] in KINDS else "local", pair[1]))
    kept, dropped = _safe_sides(sides[:MAX_SIDES], public)
    count = data.get("count")
    extra = data.get("extra")
    media, left_out = _media(data)
    return LinkState(
        task=str(task),
        count=count if isinstance(count, int) and 2 <= count <= MAX_SIDES else 2,
        texts=_strings(data.get("texts"), TEXT_SLOTS),
        extra=extra if isinstance(extra, str) else "",
        sides=kept,
        dropped=dropped,
        media=media,
        left_out=left_out,
    )
