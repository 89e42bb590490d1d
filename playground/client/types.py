"""Output types. Each is a dict (indexing and equality as huggingface_hub 0.17 returned them) that
also offers attribute access (`out.label`, `out.box.xmin`), and ignores unknown fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

__all__ = [
    "AudioToAudioOutput",
    "BoundingBox",
    "ClassificationOutput",
    "ConversationalOutput",
    "ConversationalOutputConversation",
    "DocumentQuestionAnsweringOutput",
    "FillMaskOutput",
    "ImageSegmentationOutput",
    "ModelStatus",
    "ObjectDetectionOutput",
    "Output",
    "QuestionAnsweringOutput",
    "TableQuestionAnsweringOutput",
    "TokenClassificationOutput",
    "Transcription",
    "VisualQuestionAnsweringOutput",
]

OutputT = TypeVar("OutputT", bound="Output")


class Output(dict[str, Any]):
    """A dict with attribute access; subclasses declare nested types in `_nested(_lists)`."""

    _nested: ClassVar[dict[str, type[Output]]] = {}
    _nested_lists: ClassVar[dict[str, type[Output]]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            if name.startswith("__"):
                raise AttributeError(name) from None
            if name in self._field_names():
                return None
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    @classmethod
    def _field_names(cls) -> set[str]:
        names: set[str] = set()
        for klass in cls.__mro__:
            names.update(getattr(klass, "__annotations__", {}))
        return names

    @classmethod
    def parse(cls: type[OutputT], data: Mapping[str, Any]) -> OutputT:
        """Build from decoded JSON, converting declared nested objects."""
        out = cls(data)
        for key, nested in cls._nested.items():
            value = out.get(key)
            if isinstance(value, dict):  # decoded JSON: dicts (and a dict check is cheap)
                dict.__setitem__(out, key, nested.parse(value))
        for key, nested in cls._nested_lists.items():
            value = out.get(key)
            if isinstance(value, list):
                items = [nested.parse(v) if isinstance(v, dict) else v for v in value]
                dict.__setitem__(out, key, items)
        return out


class ClassificationOutput(Output):
    """Text, image, audio and zero-shot classification."""

    label: str
    score: float


class TokenClassificationOutput(Output):
    """One entity; `entity_group` when aggregated, `entity` (and `index`) when not."""

    entity_group: str
    entity: str
    score: float
    word: str
    start: int | None
    end: int | None


class BoundingBox(Output):
    xmin: int
    ymin: int
    xmax: int
    ymax: int


class ObjectDetectionOutput(Output):
    label: str
    score: float
    box: BoundingBox
    _nested: ClassVar[dict[str, type[Output]]] = {"box": BoundingBox}


class ImageSegmentationOutput(Output):
    """`mask` is a PIL image of mode "L" at the input image's size."""

    label: str
    score: float | None
    mask: Any


class FillMaskOutput(Output):
    sequence: str
    score: float
    token: int
    token_str: str


class QuestionAnsweringOutput(Output):
    answer: str
    score: float
    start: int
    end: int


class TableQuestionAnsweringOutput(Output):
    answer: str
    coordinates: list[list[int]]
    cells: list[str]
    aggregator: str | None


class DocumentQuestionAnsweringOutput(Output):
    answer: str
    score: float | None
    start: int | None
    end: int | None


class VisualQuestionAnsweringOutput(Output):
    answer: str
    score: float


class AudioToAudioOutput(Output):
    """`blob` holds the decoded audio bytes."""

    label: str
    content_type: str
    blob: bytes


class ConversationalOutputConversation(Output):
    generated_responses: list[str]
    past_user_inputs: list[str]


class ConversationalOutput(Output):
    generated_text: str
    conversation: ConversationalOutputConversation
    warnings: list[str]
    _nested: ClassVar[dict[str, type[Output]]] = {"conversation": ConversationalOutputConversation}


class Transcription(str):
    """The text of a speech recognition (a `str`, as in 0.17), plus its timestamped chunks."""

    chunks: list[dict[str, Any]]

    def __new__(cls, text: str, chunks: list[dict[str, Any]] | None = None) -> Transcription:
        value = super().__new__(cls, text)
        value.chunks = list(chunks or [])
        return value


@dataclass(frozen=True)
class ModelStatus:
    """State of a model on the serverless Inference API."""

    loaded: bool
    state: str
    compute_type: Any
    framework: str
