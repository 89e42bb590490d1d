"""The task registry: which function answers each task, and which `{org}` variants exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import hf_audio, hf_image, hf_structured, hf_text, hf_translation
from .hf_generation import text_generation
from .payloads import Body

TaskFn = Callable[[Body, str], Any]


@dataclass(frozen=True)
class TaskSpec:
    run: TaskFn
    variants: tuple[str, ...] = ("fake",)
    framework: str = "transformers"
    kind: str = "text"


TASKS: dict[str, TaskSpec] = {
    "text-classification": TaskSpec(hf_text.text_classification, ("fake", "flat")),
    "token-classification": TaskSpec(hf_text.token_classification, ("fake", "none")),
    "zero-shot-classification": TaskSpec(hf_text.zero_shot_classification, ("fake", "old")),
    "fill-mask": TaskSpec(hf_text.fill_mask, ("fake", "multi")),
    "question-answering": TaskSpec(hf_structured.question_answering, ("fake", "list")),
    "table-question-answering": TaskSpec(hf_structured.table_question_answering, ("fake", "list")),
    "summarization": TaskSpec(hf_text.summarization),
    "translation": TaskSpec(hf_translation.translation, ("fake", "multilingual")),
    "text-generation": TaskSpec(
        text_generation, ("fake", "object", "transformers"), "text-generation-inference"
    ),
    "conversational": TaskSpec(hf_text.conversational),
    "feature-extraction": TaskSpec(
        hf_structured.feature_extraction, ("fake", "tokens"), "sentence-transformers"
    ),
    "sentence-similarity": TaskSpec(
        hf_structured.sentence_similarity, ("fake",), "sentence-transformers"
    ),
    "image-classification": TaskSpec(hf_image.image_classification, kind="image"),
    "object-detection": TaskSpec(hf_image.object_detection, kind="image"),
    "image-segmentation": TaskSpec(hf_image.image_segmentation, ("fake", "semantic"), kind="image"),
    "image-to-image": TaskSpec(
        hf_image.image_to_image, ("fake", "jpeg-only"), "diffusers", "image"
    ),
    "image-to-text": TaskSpec(hf_image.image_to_text, ("fake", "object"), kind="image"),
    "text-to-image": TaskSpec(hf_image.text_to_image, ("fake", "jpeg-only"), "diffusers"),
    "zero-shot-image-classification": TaskSpec(
        hf_image.zero_shot_image_classification, kind="image"
    ),
    "visual-question-answering": TaskSpec(hf_image.visual_question_answering, kind="image"),
    "document-question-answering": TaskSpec(
        hf_image.document_question_answering, ("fake", "donut"), kind="image"
    ),
    "automatic-speech-recognition": TaskSpec(hf_audio.automatic_speech_recognition, kind="audio"),
    "audio-classification": TaskSpec(hf_audio.audio_classification, kind="audio"),
    "text-to-speech": TaskSpec(hf_audio.text_to_speech),
    "tabular-classification": TaskSpec(hf_structured.tabular_classification, framework="sklearn"),
    "tabular-regression": TaskSpec(hf_structured.tabular_regression, framework="sklearn"),
    "audio-to-audio": TaskSpec(hf_audio.audio_to_audio, framework="speechbrain", kind="audio"),
}

PIPELINES = ("feature-extraction", "sentence-similarity")


def lookup(org: str, task: str) -> TaskSpec | None:
    spec = TASKS.get(task)
    return spec if spec is not None and org in spec.variants else None


def deployed(framework: str) -> list[dict[str, str]]:
    return [
        {"model_id": f"{variant}/{task}", "task": task, "compute_type": "cpu"}
        for task, spec in TASKS.items()
        if spec.framework == framework
        for variant in spec.variants
    ]
