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
from gradio.components.image import ImageData

from playground.client import InputError

from .input_checks import (
    UNREADABLE_AUDIO,
    UNREADABLE_IMAGE,
    check_audio,
    check_image,
)

__all__ = ["AudioInput", "ImageInput", "Rejected", "accepted"]


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
