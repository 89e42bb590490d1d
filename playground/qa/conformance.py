"""Does a response have the shape its task promises? Deviations from the published schemas.

The shapes come from maintained sources: the task types huggingface_hub generates from the HF
task JSON schemas (`huggingface_hub.<Task>Output…`, public names since 0.24) and, for chat, the
OpenAI SDK's types (see `chat_conformance`). On top of the types: scores in [0, 1], scores sorted
from highest to lowest, and what the request fixes (the candidate labels, `top_k`, one score per
sentence). Known legacy shapes that clients still accept (`[[…]]`, the old zero-shot object) are
warnings. Pure functions; `check_exchange` reads a recorded `Exchange`.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from playground.client import Exchange
from playground.client.media import sniff_content_type
from playground.client.sse import decoder_for

from . import chat_conformance
from .schema import Deviation, check_object, collapse, describe

__all__ = [
    "SCHEMA_TASKS",
    "Deviation",
    "check_exchange",
    "check_output",
    "check_reply",
    "check_stream",
]

Container = Literal["list", "object", "either"]


@dataclass(frozen=True)
class TaskShape:
    """A task's output: the generated type of one element, how elements are contained, and
    whether items carry probabilities (`scored`) that come best first (`ranked`)."""

    element: str
    container: Container = "list"
    scored: bool = False
    ranked: bool = False


_CLASSIFICATION: tuple[Container, bool, bool] = ("list", True, True)
SHAPES: dict[str, TaskShape] = {
    "text-classification": TaskShape("TextClassificationOutputElement", *_CLASSIFICATION),
    "zero-shot-classification": TaskShape("ZeroShotClassificationOutputElement", *_CLASSIFICATION),
    "image-classification": TaskShape("ImageClassificationOutputElement", *_CLASSIFICATION),
    "zero-shot-image-classification": TaskShape(
        "ZeroShotImageClassificationOutputElement", *_CLASSIFICATION
    ),
    "audio-classification": TaskShape("AudioClassificationOutputElement", *_CLASSIFICATION),
    "fill-mask": TaskShape("FillMaskOutputElement", *_CLASSIFICATION),
    "visual-question-answering": TaskShape(
        "VisualQuestionAnsweringOutputElement", *_CLASSIFICATION
    ),
    "token-classification": TaskShape("TokenClassificationOutputElement", "list", True),
    "object-detection": TaskShape("ObjectDetectionOutputElement", "list", True),
    "image-segmentation": TaskShape("ImageSegmentationOutputElement", "list", True),
    "audio-to-audio": TaskShape("AudioToAudioOutputElement"),
    "question-answering": TaskShape("QuestionAnsweringOutputElement", "either", True),
    "document-question-answering": TaskShape(
        "DocumentQuestionAnsweringOutputElement", "either", True
    ),
    "table-question-answering": TaskShape("TableQuestionAnsweringOutputElement", "either"),
    "summarization": TaskShape("SummarizationOutput", "either"),
    "translation": TaskShape("TranslationOutput", "either"),
    "image-to-text": TaskShape("ImageToTextOutput", "either"),
    "text-generation": TaskShape("TextGenerationOutput", "either"),
    "automatic-speech-recognition": TaskShape("AutomaticSpeechRecognitionOutput", "object"),
}
BINARY = {
    "text-to-speech": "audio/",
    "text-to-audio": "audio/",
    "text-to-image": "image/",
    "image-to-image": "image/",
}
ARRAYS = (
    "feature-extraction",
    "sentence-similarity",
    "tabular-classification",
    "tabular-regression",
)
STREAM_TYPES = ("text/event-stream", "application/x-ndjson")
SCHEMA_TASKS = (*SHAPES, *BINARY, *ARRAYS, "chat-completion")


def _element_type(name: str) -> type:
    import huggingface_hub

    element: type = getattr(huggingface_hub, name)  # a generated class, looked up by name
    return element


def _parameters(request: Mapping[str, Any] | None) -> Mapping[str, Any]:
    params = (request or {}).get("parameters")
    return params if isinstance(params, Mapping) else {}


def _unwrap(data: Any, shape: TaskShape, path: str) -> tuple[Any, str, list[Deviation]]:
    """The element list, seen through the legacy `[[…]]` wrapping hf-inference pipelines send."""
    if (
        shape.container == "list"
        and isinstance(data, list)
        and len(data) == 1
        and isinstance(data[0], list)
    ):
        note = Deviation(
            path, "shape", f"{path} is a list inside a list ([[…]], the transformers pipeline "
            "shape); the schema is a flat list. Clients unwrap it.", "warning"
        )  # fmt: skip
        return data[0], f"{path}[0]", [note]
    return data, path, []


def _container_deviation(data: Any, shape: TaskShape, path: str) -> Deviation | None:
    is_list = isinstance(data, list)
    if shape.container == "list" and not is_list:
        return Deviation(path, "type", f"{path} is {describe(data)}; the schema wants a list.")
    if shape.container == "object" and not isinstance(data, dict):
        return Deviation(path, "type", f"{path} is {describe(data)}; the schema wants an object.")
    if shape.container == "either" and not (is_list or isinstance(data, dict)):
        return Deviation(
            path, "type", f"{path} is {describe(data)}; the schema wants an object (or a list "
            "of them)."
        )  # fmt: skip
    return None


def _score_checks(items: list[Any], shape: TaskShape, path: str, raw: bool) -> list[Deviation]:
    found: list[Deviation] = []
    scores: list[tuple[int, float]] = []
    for i, item in enumerate(items):
        score = item.get("score") if isinstance(item, dict) else None
        if isinstance(score, int | float) and not isinstance(score, bool):
            scores.append((i, float(score)))
            if not raw and math.isfinite(score) and not 0.0 <= score <= 1.0:
                found.append(
                    Deviation(f"{path}[{i}].score", "range", f"{path}[{i}].score is {score}, "
                              "outside [0, 1].")
                )  # fmt: skip
    if shape.ranked:
        for (i, before), (j, after) in itertools.pairwise(scores):
            if after > before:
                found.append(
                    Deviation(f"{path}[{j}].score", "unsorted", f"Scores are not sorted from "
                              f"highest to lowest: {path}[{j}].score ({after}) > "
                              f"{path}[{i}].score ({before}).")
                )  # fmt: skip
                break
    return found


def _request_checks(
    task: str, items: list[Any], request: Mapping[str, Any] | None, path: str
) -> list[Deviation]:
    params = _parameters(request)
    found: list[Deviation] = []
    top_k = params.get("top_k")
    if isinstance(top_k, int) and len(items) > top_k:
        found.append(
            Deviation(path, "value", f"{path} has {len(items)} items; the request asked for "
                      f"top_k={top_k}.")
        )  # fmt: skip
    labels = params.get("candidate_labels")
    if isinstance(labels, str):
        labels = [label.strip() for label in labels.split(",")]
    if task.startswith("zero-shot") and isinstance(labels, list):
        returned = {item.get("label") for item in items if isinstance(item, dict)}
        strange = sorted(str(label) for label in returned - set(labels))
        if strange:
            found.append(
                Deviation(path, "value", f"{path} has labels that were not candidates: "
                          f"{', '.join(strange)}.")
            )  # fmt: skip
    inputs = (request or {}).get("inputs")
    if task == "token-classification" and isinstance(inputs, str):
        found.extend(_span_checks(items, inputs, path))
    if task == "object-detection":
        found.extend(_box_checks(items, path))
    return found


def _span_checks(items: list[Any], text: str, path: str) -> list[Deviation]:
    found = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        start, end, word = item.get("start"), item.get("end"), item.get("word")
        if not (isinstance(start, int) and isinstance(end, int)):
            continue
        if not 0 <= start <= end <= len(text):
            found.append(
                Deviation(f"{path}[{i}]", "range", f"{path}[{i}] spans {start}–{end}, outside "
                          f"the {len(text)}-character input.")
            )  # fmt: skip
        elif isinstance(word, str) and text[start:end].strip() != word.strip():
            found.append(
                Deviation(f"{path}[{i}].word", "value", f"{path}[{i}].word is {word!r} but "
                          f"the input at {start}–{end} reads {text[start:end]!r}.", "warning")
            )  # fmt: skip
    return found


def _box_checks(items: list[Any], path: str) -> list[Deviation]:
    found = []
    for i, item in enumerate(items):
        box = item.get("box") if isinstance(item, dict) else None
        if not isinstance(box, dict):
            continue
        corners = [box.get(key) for key in ("xmin", "ymin", "xmax", "ymax")]
        numbers = [v for v in corners if isinstance(v, int | float)]
        if len(numbers) == 4 and (numbers[0] > numbers[2] or numbers[1] > numbers[3]):
            found.append(
                Deviation(f"{path}[{i}].box", "range", f"{path}[{i}].box has its minimum "
                          "beyond its maximum.")
            )  # fmt: skip
    return found


def _legacy_zero_shot(data: Mapping[str, Any], path: str) -> list[Deviation]:
    found = [
        Deviation(path, "shape", f"{path} is the old zero-shot object {{sequence, labels, "
                  "scores}; the schema is a list of {label, score}. Clients convert it.",
                  "warning")
    ]  # fmt: skip
    labels, scores = data.get("labels"), data.get("scores")
    if not (isinstance(labels, list) and isinstance(scores, list)) or len(labels) != len(scores):
        found.append(Deviation(path, "shape", f"{path}.labels and .scores differ in length."))
        return found
    items = [{"label": label, "score": score} for label, score in zip(labels, scores, strict=True)]
    return found + _score_checks(items, SHAPES["zero-shot-classification"], f"{path}.scores", False)


def _check_shaped(task: str, data: Any, request: Mapping[str, Any] | None) -> list[Deviation]:
    shape = SHAPES[task]
    if task == "zero-shot-classification" and isinstance(data, dict) and "labels" in data:
        return _legacy_zero_shot(data, "$")
    if task == "text-generation" and isinstance(data, dict) and "choices" in data:
        return chat_conformance.check_completion(data)
    data, path, found = _unwrap(data, shape, "$")
    wrong = _container_deviation(data, shape, path)
    if wrong is not None:
        return [*found, wrong]
    element = _element_type(shape.element)
    items = data if isinstance(data, list) else [data]
    base = path if isinstance(data, list) else None
    for i, item in enumerate(items):
        found.extend(check_object(item, element, f"{base}[{i}]" if base else path))
    if base is not None and shape.scored:
        raw = _parameters(request).get("function_to_apply") == "none"
        found.extend(_score_checks(items, shape, base, raw))
    if base is not None:
        found.extend(_request_checks(task, items, request, base))
    return found


def check_output(task: str, data: Any, request: Mapping[str, Any] | None = None) -> list[Deviation]:
    """Deviations of a parsed JSON reply from `task`'s schema. `request` is the JSON body sent,
    if known (for checks that depend on it: candidate labels, top_k, input spans, tools)."""
    return collapse(_output(task, data, request))


def _output(task: str, data: Any, request: Mapping[str, Any] | None = None) -> list[Deviation]:
    if task in SHAPES:
        return _check_shaped(task, data, request)
    if task == "chat-completion":
        return chat_conformance.check_chat(data, request)
    if task in ARRAYS:
        from .arrays import check_array

        return check_array(task, data, request)
    if task in BINARY:
        return [
            Deviation("$", "type", f"The reply is JSON ({describe(data)}); {task} promises "
                      f"raw {BINARY[task].rstrip('/')} bytes.")
        ]  # fmt: skip
    return []


def check_stream(
    task: str, events: Sequence[str], request: Mapping[str, Any] | None = None
) -> list[Deviation]:
    """Deviations of a stream's events (the `data` of each SSE event, in order)."""
    return collapse(_stream(task, events, request))


def _stream(
    task: str, events: Sequence[str], request: Mapping[str, Any] | None = None
) -> list[Deviation]:
    if task == "chat-completion":
        return chat_conformance.check_chunks(events, request)
    if task == "text-generation":
        return chat_conformance.check_generation_stream(events)
    return [Deviation("$", "shape", f"{task} does not stream; the server sent a stream.")]


def _binary_checks(task: str, content_type: str, body: bytes) -> list[Deviation]:
    wanted = BINARY[task]
    if not content_type.startswith(wanted):
        return [
            Deviation("$", "type", f"The reply's Content-Type is {content_type or 'missing'}; "
                      f"{task} promises {wanted}*.")
        ]  # fmt: skip
    sniffed = sniff_content_type(body)
    if sniffed.startswith(wanted) and sniffed != content_type:
        return [
            Deviation("$", "value", f"The reply says {content_type} but its bytes are "
                      f"{sniffed}.", "warning")
        ]  # fmt: skip
    return []


def check_reply(
    task: str,
    content_type: str,
    body: bytes,
    request: Mapping[str, Any] | None = None,
    *,
    streamed: bool = False,
) -> list[Deviation]:
    """Deviations of a raw successful reply (body bytes and Content-Type)."""
    content_type = content_type.split(";", maxsplit=1)[0].strip().lower()
    is_json = content_type.endswith("json") and content_type != "application/x-ndjson"
    if content_type in STREAM_TYPES or (streamed and not is_json):
        decoder = decoder_for(content_type)
        events = [*decoder.feed(body), *decoder.flush()]
        return check_stream(task, [event.data for event in events], request)
    if task in BINARY and not is_json:
        return _binary_checks(task, content_type, body)
    try:
        data = json.loads(body)
    except ValueError:
        return [Deviation("$", "type", f"The reply is not JSON (Content-Type {content_type}).")]
    return check_output(task, data, request)


def check_exchange(task: str, exchange: Exchange) -> list[Deviation]:
    """Deviations of a recorded successful exchange; [] for an error status (not a shape)."""
    if exchange.status is None or not 200 <= exchange.status < 300:
        return []
    if exchange.response_size > len(exchange.response_body):
        return [
            Deviation("$", "unchecked", f"The reply ({exchange.response_size} bytes) is larger "
                      "than the recorded part; its shape was not checked.", "warning")
        ]  # fmt: skip
    try:
        request = json.loads(exchange.request_body) if exchange.request_body else None
    except ValueError:
        request = None
    headers = {name.lower(): value for name, value in exchange.response_headers.items()}
    content_type = headers.get("content-type", "")
    body = exchange.response_body
    request = request if isinstance(request, Mapping) else None
    return check_reply(task, content_type, body, request, streamed=exchange.streamed)
