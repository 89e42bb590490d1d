"""Every task method, defined once (request building and parsing are pure; see `plan.py`)."""

from __future__ import annotations

from .audio_tabular import AudioTasks, TabularTasks
from .chat import ChatTasks
from .embeddings import EmbeddingTasks
from .generation import GenerationTasks
from .misc import MiscTasks
from .text import TextTasks
from .vision import VisionTasks

__all__ = ["AllTasks"]


class AllTasks(
    TextTasks,
    EmbeddingTasks,
    VisionTasks,
    AudioTasks,
    TabularTasks,
    GenerationTasks,
    ChatTasks,
    MiscTasks,
):
    """The full task API of both clients."""
