"""Decoding images and audio out of replies, whatever envelope the server used."""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Mapping
from typing import Any

from ..errors import ResponseFormatError
from ..media import Media
from ..plan import Fetch, Reply, Steps

__all__ = ["decode_image", "decode_mask", "media_from_reply", "open_image", "samples_to_wav"]


def open_image(data: bytes, what: str = "reply") -> Any:
    """A fully loaded PIL image; ResponseFormatError if the bytes are not an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ResponseFormatError(f"The {what} is not a readable image ({exc}).") from None
    return image


def decode_mask(value: Any) -> Any:
    """A segmentation mask (base64 PNG) as a PIL image of mode "L"."""
    if not isinstance(value, str):
        raise ResponseFormatError("A segmentation mask must be a base64-encoded PNG string.")
    try:
        data = base64.b64decode(value.split(",", 1)[-1], validate=False)
    except (binascii.Error, ValueError):
        raise ResponseFormatError("A segmentation mask is not valid base64.") from None
    mask = open_image(data, "segmentation mask")
    return mask if mask.mode == "L" else mask.convert("L")


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value.split(",", 1)[-1], validate=False)
    except (binascii.Error, ValueError):
        raise ResponseFormatError("The reply holds a string that is not valid base64.") from None


def _envelope(data: Any, keys: tuple[str, ...]) -> str | bytes | None:
    """Find base64 payload or URL in the JSON envelopes providers use (§3.21/§3.22)."""
    if isinstance(data, str):
        return data
    if isinstance(data, list) and data:
        return _envelope(data[0], keys)
    if isinstance(data, Mapping):
        for key in keys:
            if key in data:
                return _envelope(data[key], keys)
    return None


def samples_to_wav(samples: Any, sampling_rate: float) -> bytes:
    """Raw float samples (as some endpoints return TTS output in JSON) as 16-bit WAV bytes."""
    import wave

    import numpy as np

    try:
        array = np.asarray(samples, dtype="float32").reshape(-1)
    except (TypeError, ValueError):
        raise ResponseFormatError("The audio samples in the reply are not numbers.") from None
    pcm = (np.clip(array, -1.0, 1.0) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(sampling_rate))
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def _raw_samples(data: Any) -> Media | None:
    if (
        isinstance(data, Mapping)
        and isinstance(data.get("audio"), list)
        and "sampling_rate" in data
    ):
        return Media(samples_to_wav(data["audio"], data["sampling_rate"]), "audio/wav")
    return None


def media_from_reply(reply: Reply, kind: str) -> Steps[Media]:
    """Raw `image/*`/`audio/*` bytes, or a JSON envelope with base64 or a URL (fetched)."""
    if reply.content_type != "application/json":
        if not reply.content:
            raise ResponseFormatError(f"The server returned an empty {kind}.")
        return Media(reply.content, reply.content_type or "application/octet-stream")
    try:
        data = reply.json()
    except ValueError:
        raise ResponseFormatError(f"The {kind} reply is JSON that can't be decoded.") from None
    samples = _raw_samples(data)
    if samples is not None:
        return samples
    keys = ("image", "images", "audio", "data", "b64_json", "output", "url", "blob")
    payload = _envelope(data, keys)
    if payload is None:
        raise ResponseFormatError(f"Expected a {kind} in the reply, got {data!r:.200}")
    if isinstance(payload, str) and payload.startswith(("http://", "https://")):
        fetched: Media = yield Fetch(payload)
        return fetched
    return Media(_b64(payload) if isinstance(payload, str) else payload, "")


def decode_image(reply: Reply) -> Steps[Any]:
    media = yield from media_from_reply(reply, "image")
    return open_image(media.data)
