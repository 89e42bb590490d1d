"""Every task method, defined once (request building and parsing are pure; see `plan.py`)."""

from __future__ import annotations

from .audio import AudioMethods
from .chat import ChatMethods
from .embeddings import EmbeddingMethods
from .endpoints import EndpointMethods
from .generation import GenerationMethods
from .image_generation import ImageGenerationMethods
from .tabular import TabularMethods
from .text import TextMethods
from .text_answers import AnswerMethods
from .text_to_text import TextToTextMethods
from .vision import VisionMethods
from .vision_qa import ImageQuestionMethods

__all__ = ["TaskMethods"]


class TaskMethods(
    TextMethods,
    AnswerMethods,
    TextToTextMethods,
    EmbeddingMethods,
    VisionMethods,
    ImageQuestionMethods,
    ImageGenerationMethods,
    AudioMethods,
    TabularMethods,
    GenerationMethods,
    ChatMethods,
    EndpointMethods,
):
    """The full task API of both clients."""
