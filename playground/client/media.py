"""Image and audio inputs: bytes, paths, file objects, http(s) and data: URLs, PIL images.

Only URLs need I/O the caller can't do up front; `resolve_media` yields a `Fetch` for them so the
sync and async clients each download with their own transport.
"""

from __future__ import annotations

import base64
import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError
from .plan import Fetch, Steps

__all__ = ["Media", "MediaInput", "resolve_media", "sniff_content_type"]

MediaInput = bytes | bytearray | memoryview | str | Path | BinaryIO | Any

_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"fLaC", 0, "audio/flac"),
    (b"OggS", 0, "audio/ogg"),
    (b"ID3", 0, "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", 0, "audio/webm"),
    (b"%PDF", 0, "application/pdf"),
)


@dataclass(frozen=True)
class Media:
    """Input bytes and their content type."""

    data: bytes
    content_type: str
    name: str | None = None

    def base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")


def _riff_type(head: bytes) -> str | None:
    if head[:4] != b"RIFF":
        return None
    kind = head[8:12]
    return {b"WAVE": "audio/wav", b"WEBP": "image/webp"}.get(kind)


def sniff_content_type(data: bytes, name: str | None = None) -> str:
    """The content type of media bytes, from their magic numbers, else from the file name."""
    head = data[:16]
    riff = _riff_type(head)
    if riff:
        return riff
    for signature, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    if head[4:8] == b"ftyp":
        return "audio/m4a" if head[8:11] in (b"M4A", b"M4B") else "video/mp4"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"
    if name:
        guessed, _ = mimetypes.guess_type(name)
        if guessed:
            return guessed
    return "application/octet-stream"


def _from_data_url(url: str) -> Media:
    header, _, payload = url.partition(",")
    content_type = header[5:].split(";")[0] or "application/octet-stream"
    try:
        data = base64.b64decode(payload) if ";base64" in header else payload.encode()
    except ValueError as exc:
        raise InputError("The data: URL does not hold valid base64.") from exc
    return Media(data, content_type)


def _from_path(path: Path, max_bytes: int) -> Media:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"Can't read the input file {path}: {exc.strerror or exc}.") from exc
    if size > max_bytes:
        raise InputError(
            f"The input file {path.name} is {size} bytes, over the {max_bytes}-byte limit."
        )
    data = path.read_bytes()
    return Media(data, sniff_content_type(data, path.name), path.name)


def _from_pil(image: Any) -> Media:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return Media(buffer.getvalue(), "image/png")


def _is_pil_image(value: Any) -> bool:
    return type(value).__module__.startswith("PIL.") and hasattr(value, "save")


def _checked(data: bytes, max_bytes: int, name: str | None = None) -> Media:
    if not data:
        raise InputError("The input is empty (0 bytes).")
    if len(data) > max_bytes:
        raise InputError(f"The input is {len(data)} bytes, over the {max_bytes}-byte limit.")
    return Media(data, sniff_content_type(data, name), name)


def resolve_media(value: MediaInput, max_bytes: int) -> Steps[Media]:
    """Read any supported input into bytes; URLs are fetched by the driver via `Fetch`."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _checked(bytes(value), max_bytes)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        media: Media = yield Fetch(value)
        return _checked(media.data, max_bytes, value.rsplit("/", 1)[-1].split("?")[0])
    if isinstance(value, str) and value.startswith("data:"):
        return _from_data_url(value)
    if isinstance(value, (str, Path)):
        return _from_path(Path(value), max_bytes)
    if _is_pil_image(value):
        return _from_pil(value)
    if hasattr(value, "read"):
        data = value.read()
        name = getattr(value, "name", None)
        return _checked(data, max_bytes, name if isinstance(name, str) else None)
    raise InputError(
        f"Unsupported input of type {type(value).__name__}: pass bytes, a path, a file object, "
        "an http(s) URL or a PIL image."
    )
