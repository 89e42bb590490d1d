"""The task registry: one module per task (`playground/tasks/<task_id>.py` exporting `SPEC`),
grouped by modality, in display order."""

from __future__ import annotations

import importlib

from playground.tasks.spec import TaskSpec

__all__ = ["GROUPS", "ORDER", "TASKS"]

GROUPS = ("Chat & generation", "Text", "Vision", "Audio", "Multimodal", "Tabular")

ORDER = (
    "chat-completion",
    "text-generation",
    "conversational",
    "text-classification",
    "token-classification",
    "zero-shot-classification",
    "fill-mask",
    "question-answering",
    "table-question-answering",
    "summarization",
    "translation",
    "sentence-similarity",
    "feature-extraction",
    "image-classification",
    "object-detection",
    "image-segmentation",
    "image-to-image",
    "image-to-text",
    "text-to-image",
    "zero-shot-image-classification",
    "visual-question-answering",
    "document-question-answering",
    "automatic-speech-recognition",
    "audio-classification",
    "text-to-speech",
    "tabular-classification",
    "tabular-regression",
)


def _load() -> dict[str, TaskSpec]:
    specs: dict[str, TaskSpec] = {}
    for task_id in ORDER:
        name = f"playground.tasks.{task_id.replace('-', '_')}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        specs[task_id] = module.SPEC
    return specs


TASKS: dict[str, TaskSpec] = _load()
