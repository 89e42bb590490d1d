"""The keyword arguments the app's Gradio event listeners share (`click`, `change`, ...), typed
as Gradio types them, so a shared options dict is checked where it is passed."""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = ["PRIVATE", "EventOptions"]


class EventOptions(TypedDict, total=False):
    api_visibility: Literal["public", "private", "undocumented"]
    queue: bool
    concurrency_limit: int | Literal["default"] | None
    concurrency_id: str | None
    preprocess: bool
    postprocess: bool


# A page-only event: not in the API, and run at once (not queued).
PRIVATE: EventOptions = {"api_visibility": "private", "queue": False}
