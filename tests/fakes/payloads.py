"""Shared helpers: request bodies, errors, media decoding and encoding, deterministic numbers."""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

NOT_JSON: Any = object()
IMAGE_FORMATS = ("jpeg", "png", "webp", "tiff", "bmp")
AUDIO_FORMATS = ("flac", "ogg", "mp3", "wav", "m4a", "aac", "webm")
WRITABLE_AUDIO = {"flac": "FLAC", "wav": "WAV", "ogg": "OGG"}
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "tiff": "TIFF", "bmp": "BMP"}


class FakeHTTPError(Exception):
    """Raised by handlers; turned into a response by the app's exception handler."""

    def __init__(
        self,
        status: int,
        body: Any,
        media_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.media_type = media_type
        self.headers = headers or {}

    def response(self) -> Response:
        if self.media_type == "application/json":
            return JSONResponse(self.body, self.status, headers=self.headers)
        return Response(self.body, self.status, headers=self.headers, media_type=self.media_type)


def error(status: int, message: Any, **extra: Any) -> FakeHTTPError:
    return FakeHTTPError(status, {"error": message, **extra})


def field_error(name: str, message: str = "Field required") -> FakeHTTPError:
    """api-inference-community's rendering of a pydantic error (always says `parameters`)."""
    return error(400, [f"{message}: `{name}` in `parameters`"])


def plain(status: int, text: str, media_type: str = "text/plain; charset=utf-8") -> FakeHTTPError:
    return FakeHTTPError(status, text, media_type=media_type)


@dataclass
class Body:
    raw: bytes
    content_type: str = ""
    accept: str = ""
    _json: Any = None
    _parsed: bool = False

    @property
    def json(self) -> Any:
        if not self._parsed:
            self._json = parse_json(self.raw)
            self._parsed = True
        return self._json

    @property
    def obj(self) -> dict[str, Any]:
        value = self.json
        return value if isinstance(value, dict) else {}


async def read_body(request: Request) -> Body:
    return Body(
        raw=await request.body(),
        content_type=request.headers.get("content-type", ""),
        accept=request.headers.get("accept", ""),
    )


def parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return NOT_JSON


def b64decode_loose(value: str) -> bytes:
    try:
        return base64.b64decode(value)
    except (binascii.Error, ValueError) as exc:
        raise error(400, f"Invalid base64 input: {exc}") from exc


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise error(400, str(exc)) from exc
    return image.convert("RGB")


AUDIO_SIGNATURES: tuple[tuple[str, Any], ...] = (
    ("wav", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE"),
    ("flac", lambda h: h[:4] == b"fLaC"),
    ("ogg", lambda h: h[:4] == b"OggS"),
    ("mp3", lambda h: h[:3] == b"ID3" or (len(h) > 1 and h[0] == 0xFF and h[1] & 0xE0 == 0xE0)),
    ("webm", lambda h: h[:4] == b"\x1a\x45\xdf\xa3"),
    ("m4a", lambda h: h[4:8] == b"ftyp"),
)


def audio_format(data: bytes) -> str | None:
    """Sniff the container from the magic bytes (RIFF/WAVE, fLaC, OggS, ID3/MPEG, EBML, ftyp)."""
    head = data[:16]
    return next((fmt for fmt, matches in AUDIO_SIGNATURES if matches(head)), None)


def check_audio(data: bytes) -> str:
    fmt = audio_format(data)
    if fmt is None:
        raise error(400, "Malformed soundfile")
    return fmt


def decode_audio(data: bytes) -> tuple[np.ndarray, int] | None:
    import soundfile

    try:
        samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError, TypeError, ValueError):
        return None
    return samples[:, 0], int(rate)


def encode_image(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=PIL_FORMATS[fmt])
    return buffer.getvalue()


def encode_audio(samples: np.ndarray, rate: int, fmt: str) -> bytes:
    import soundfile

    buffer = io.BytesIO()
    subtype = "VORBIS" if fmt == "ogg" else "PCM_16"
    soundfile.write(buffer, samples, rate, format=WRITABLE_AUDIO[fmt], subtype=subtype)
    return buffer.getvalue()


def tone(seconds: float, rate: int = 16000, pitch: float = 440.0) -> np.ndarray:
    t = np.arange(max(1, int(seconds * rate)), dtype=np.float32) / rate
    return (0.3 * np.sin(2 * np.pi * pitch * t)).astype(np.float32)


def negotiate(accept: str, accepted: tuple[str, ...]) -> str:
    """api-inference-community's `parse_accept`: first Accept entry whose subtype is known."""
    for entry in accept.split(","):
        subtype = entry.split(";")[0].strip().split("/")[-1].lower()
        subtype = "jpeg" if subtype == "jpg" else subtype
        if subtype in accepted:
            return subtype
    return accepted[0]


WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


def words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def stable_unit(*parts: object) -> float:
    """A deterministic float in [0, 1) derived from the parts."""
    digest = zlib.crc32("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return (digest % 1_000_003) / 1_000_003


def softmax(values: list[float]) -> list[float]:
    peak = max(values)
    exps = [math.exp(v - peak) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def rounded(value: float, digits: int = 6) -> float:
    return round(float(value), digits)


def ranked(labels: list[str], scores: list[float]) -> list[dict[str, Any]]:
    pairs = sorted(zip(labels, scores, strict=True), key=lambda p: -p[1])
    return [{"label": label, "score": rounded(score)} for label, score in pairs]


def top_k(items: list[Any], params: dict[str, Any], default: int | None = None) -> list[Any]:
    k = params.get("top_k", default)
    return items[: int(k)] if isinstance(k, int) and k > 0 else items


@dataclass
class ImageOut:
    image: Image.Image


@dataclass
class AudioOut:
    samples: np.ndarray
    rate: int
