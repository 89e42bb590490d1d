"""Input components whose preprocessing never fails: Gradio's own would raise on a corrupt
image, a ragged table or a word in a number box, and the page would show its generic "Error"
with the inputs marked bad. These check the value (see `input_checks`) and, when it is bad,
hand the handler a `Rejected` carrying the sentence, which the handler shows in the status
line like any other input error. The page draws them as the components they extend."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.components.dataframe import DataframeData
from gradio.data_classes import GradioRootModel, ImageData

from playground.client import InputError
from playground.tasks.spec import DEFAULT_MAX_CHARS

from .input_checks import (
    UNREADABLE_AUDIO,
    UNREADABLE_IMAGE,
    check_audio,
    check_image,
    check_table,
)

__all__ = ["AudioInput", "ImageInput", "NumberInput", "Rejected", "TableInput", "accepted"]


@dataclass(frozen=True)
class Rejected:
    """What an input component hands the handler instead of a value it refused."""

    sentence: str


def accepted(value: Any) -> Any:
    """The value, or the InputError its component found."""
    if isinstance(value, Rejected):
        raise InputError(value.sentence)
    return value


def _data_url_file(url: str, folder: str) -> str:
    """A data: URL's bytes in a file (Gradio would decode the image whole to save it)."""
    _, _, payload = url.partition(",")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(UNREADABLE_IMAGE) from None
    path = Path(folder) / hashlib.sha256(data).hexdigest() / "image"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


class ImageInput(gr.Image):
    """gr.Image that refuses empty, unreadable and oversized images with a sentence."""

    is_template = True

    def preprocess(self, payload: ImageData | None) -> Any:
        if payload is None:
            return None
        try:
            if payload.path is None and (payload.url or "").startswith("data:"):
                path = _data_url_file(payload.url or "", self.GRADIO_CACHE)
                payload = ImageData(path=path, orig_name="image.png")
            if payload.path is None:
                raise InputError(UNREADABLE_IMAGE)
            check_image(payload.path)
            return super().preprocess(payload)
        except InputError as error:
            return Rejected(str(error))
        except Exception:  # passed the checks, yet Gradio could not convert it
            return Rejected(UNREADABLE_IMAGE)


class AudioInput(gr.Audio):
    """gr.Audio that refuses empty, unreadable and soundless clips with a sentence."""

    is_template = True

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        try:
            if not payload.path:
                raise InputError(UNREADABLE_AUDIO)
            check_audio(payload.path)
            return super().preprocess(payload)
        except InputError as error:
            return Rejected(str(error))
        except Exception:
            return Rejected(UNREADABLE_AUDIO)


class AnyTable(GradioRootModel):
    """Whatever arrived for a table: Gradio validates inputs against the component's data model
    before preprocessing, and DataframeData would refuse a malformed one with its generic
    error. `TableInput.preprocess` says what is wrong instead."""

    root: Any = None


class TableInput(gr.Dataframe):
    """gr.Dataframe that refuses ragged, malformed and oversized tables with a sentence.
    `text_limit` caps all its cells together (an attribute, not an __init__ argument: Gradio
    sends those to the page; gr.Dataframe's own `max_chars` is how much of a cell it shows)."""

    is_template = True
    # Gradio infers Dataframe.data_model as exactly DataframeData; any GradioDataModel works.
    data_model = AnyTable  # type: ignore[assignment]
    text_limit: int = DEFAULT_MAX_CHARS

    def api_info(self) -> dict[str, Any]:
        schema = DataframeData.model_json_schema()
        schema["additional_description"] = schema.pop("description", None)
        return schema

    def preprocess(self, payload: Any) -> Any:
        raw = payload.root if isinstance(payload, GradioRootModel) else payload
        if raw is None:
            return Rejected("The table is empty: add at least one row.")
        try:
            headers, rows = check_table(raw, self.text_limit)
        except InputError as error:
            return Rejected(str(error))
        return super().preprocess(DataframeData(headers=headers, data=rows))


class NumberInput(gr.Number):
    """gr.Number that passes what it got on, so the handler can say what is wrong with it
    (Gradio's own check raises before the handler runs, or fails on a word)."""

    is_template = True

    def preprocess(self, payload: Any) -> Any:
        return payload
