"""Task-aware views of what the client returned: plain JSON, ranked labels, the text, entities,
boxes, a vector. Assertions, reports and comparisons read results only through these."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from playground.client.media import sniff_content_type

__all__ = [
    "LABELLED_TASKS",
    "TEXT_TASKS",
    "boxes_of",
    "entities_of",
    "plain",
    "ranked_labels",
    "text_of",
    "vector_of",
]

LABELLED_TASKS = (
    "text-classification",
    "zero-shot-classification",
    "image-classification",
    "zero-shot-image-classification",
    "audio-classification",
    "fill-mask",
    "visual-question-answering",
    "document-question-answering",
    "question-answering",
    "object-detection",
    "image-segmentation",
    "token-classification",
    "audio-to-audio",
)
TEXT_TASKS = (
    "summarization",
    "translation",
    "image-to-text",
    "automatic-speech-recognition",
    "text-generation",
    "chat-completion",
    "question-answering",
    "document-question-answering",
    "visual-question-answering",
    "table-question-answering",
    "conversational",
)


def _number(value: float) -> float:
    return round(value, 6) if math.isfinite(value) else value


def _plain_text(value: str) -> Any:
    chunks = getattr(value, "chunks", None)
    return {"text": str(value), "chunks": plain(chunks)} if chunks else str(value)


def _plain_bytes(value: bytes | bytearray) -> Any:
    return {"bytes": len(value), "content_type": sniff_content_type(bytes(value))}


def _plain_other(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if hasattr(value, "size") and hasattr(value, "mode"):
        width, height = value.size
        return {"image": {"width": width, "height": height, "mode": value.mode}}
    return str(value)


def plain(value: Any) -> Any:
    """JSON-friendly copy of a result: dicts and lists kept, floats rounded to 6 places, numpy
    arrays as lists, bytes and images described (kind and size) rather than copied."""
    if value is None or isinstance(value, bool | int | float):
        return _number(value) if isinstance(value, float) else value
    if isinstance(value, str):
        return _plain_text(value)
    if isinstance(value, bytes | bytearray):
        return _plain_bytes(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return _plain_other(value)


def _label(item: Mapping[str, Any]) -> str | None:
    for key in ("label", "entity_group", "entity", "answer", "token_str"):
        if isinstance(item.get(key), str | int):
            return str(item[key])
    return None


def _items(result: Any) -> list[Mapping[str, Any]]:
    if isinstance(result, Mapping):
        return [result]
    if isinstance(result, Sequence) and not isinstance(result, str | bytes):
        flat = result[0] if result and isinstance(result[0], list) else result
        return [item for item in flat if isinstance(item, Mapping)]
    return []


def ranked_labels(result: Any) -> list[tuple[str, float | None]]:
    """(label, score) pairs, best first (stable for equal or missing scores)."""
    pairs = []
    for item in _items(result):
        label = _label(item)
        score = item.get("score")
        if label is not None:
            pairs.append((label, float(score) if isinstance(score, int | float) else None))
    return sorted(pairs, key=lambda pair: -(pair[1] if pair[1] is not None else -math.inf))


def _chat_text(result: Mapping[str, Any]) -> str | None:
    choices = result.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], Mapping):
        message = choices[0].get("message") or choices[0].get("delta") or {}
        content = message.get("content") if isinstance(message, Mapping) else None
        return content if isinstance(content, str) else None
    return None


def text_of(result: Any) -> str | None:
    """The text of a result: a summary, translation, caption, transcript, answer, reply."""
    if isinstance(result, str):
        return str(result)
    if isinstance(result, Mapping):
        if "choices" in result:
            return _chat_text(result)
        for key in ("generated_text", "summary_text", "translation_text", "answer", "text"):
            if isinstance(result.get(key), str):
                return str(result[key])
        return None
    items = _items(result)
    return text_of(items[0]) if items else None


def entities_of(result: Any) -> list[dict[str, Any]]:
    """Entities as {label, word, start, end, score}."""
    return [
        {
            "label": _label(item),
            "word": str(item.get("word", "")).strip(),
            "start": item.get("start"),
            "end": item.get("end"),
            "score": item.get("score"),
        }
        for item in _items(result)
    ]


def boxes_of(result: Any) -> list[dict[str, Any]]:
    """Detections as {label, score, box: [xmin, ymin, xmax, ymax]}."""
    found = []
    for item in _items(result):
        box = item.get("box")
        if isinstance(box, Mapping):
            box = [box.get(key) for key in ("xmin", "ymin", "xmax", "ymax")]
        if isinstance(box, Sequence) and len(box) == 4:
            found.append({"label": _label(item), "score": item.get("score"), "box": list(box)})
    return found


def vector_of(result: Any) -> list[float] | None:
    """An embedding as a flat vector (token rows mean-pooled); None if the result isn't one."""
    from .metrics import mean_vector

    value = result.tolist() if hasattr(result, "tolist") else result
    try:
        return mean_vector(value)
    except (TypeError, ValueError, IndexError):
        return None
