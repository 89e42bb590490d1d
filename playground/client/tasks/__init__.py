"""Every task method, defined once (request building and parsing are pure; see `plan.py`)."""

from __future__ import annotations

from .audio_tabular import AudioTasks, TabularTasks
from .chat import ChatTasks
from .embeddings import EmbeddingTasks
from .generation import GenerationTasks
from .image_generation import ImageGenerationTasks
from .misc import MiscTasks
from .text import TextTasks
from .text_answers import AnswerTasks
from .text_to_text import TextToTextTasks
from .vision import VisionTasks
from .vision_qa import ImageQuestionTasks

__all__ = ["AllTasks"]


class AllTasks(
    TextTasks,
    AnswerTasks,
    TextToTextTasks,
    EmbeddingTasks,
    VisionTasks,
    ImageQuestionTasks,
    ImageGenerationTasks,
    AudioTasks,
    TabularTasks,
    GenerationTasks,
    ChatTasks,
    MiscTasks,
):
    """The full task API of both clients."""
