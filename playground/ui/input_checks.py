"""Checks on what a visitor hands a tab (files, text, tables, the target bar's values), made
before any request is built. Each refusal is an InputError whose message is one sentence
saying what is wrong and what to do."""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from typing import Any

from playground.client import InputError
from playground.client.media import sniff_content_type

__all__ = [
    "IMAGE_FORMATS",
    "MAX_EXTRA_CHARS",
    "MAX_IMAGE_PIXELS",
    "MAX_JSON_DEPTH",
    "MAX_TABLE_CELLS",
    "check_audio",
    "check_image",
    "check_json_size",
    "check_table",
    "check_text",
    "check_timeout",
    "text_value",
]

# What PIL may parse an upload as: the formats inference servers take (and nothing exotic).
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")
# Decoding costs width × height × 4 bytes; the embedded server draws the line at the same place.
MAX_IMAGE_PIXELS = 40_000_000
UNREADABLE_IMAGE = (
    "The image could not be read (it is not a PNG, JPEG, WebP, GIF or BMP file); "
    "upload another image."
)
UNREADABLE_AUDIO = (
    "The audio could not be read (it is not a WAV, FLAC, OGG or MP3 file); "
    "upload or record another clip."
)
# Containers soundfile can't open but inference servers decode with ffmpeg: let them through.
FFMPEG_ONLY_AUDIO = ("audio/m4a", "audio/webm", "video/mp4")
MAX_TABLE_CELLS = 10_000
MAX_JSON_DEPTH = 20
# The extra-parameters box holds a few settings, not documents.
MAX_EXTRA_CHARS = 10_000
SCALAR = (str, int, float, bool, type(None))


def _size(path: str, noun: str, retry: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        raise InputError(f"The {noun} file could not be opened; {retry}.") from None


def check_image(path: str) -> None:
    """Refuse an empty, unreadable or oversized image; reads only its header and checksums."""
    from PIL import Image

    if _size(path, "image", "upload another image") == 0:
        raise InputError("The image file is empty (0 bytes); upload another image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=IMAGE_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise InputError(_too_big(f"{width}×{height} pixels"))
                image.verify()
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError(_too_big("far too many pixels to open safely")) from None
    except Exception:  # PIL fails on bad bytes in many ways (OSError, SyntaxError, struct.error…)
        raise InputError(UNREADABLE_IMAGE) from None


def _too_big(what: str) -> str:
    limit = MAX_IMAGE_PIXELS // 1_000_000
    return f"The image is {what}, over the {limit}-megapixel limit; upload a smaller image."


def check_audio(path: str) -> None:
    """Refuse an empty, unreadable or soundless clip (WAV, FLAC, OGG and MP3 are read with
    soundfile; M4A and WebM, which only ffmpeg reads, are recognised by their header)."""
    import soundfile as sf

    if _size(path, "audio", "upload or record another clip") == 0:
        raise InputError("The audio file is empty (0 bytes); upload or record another clip.")
    try:
        frames = sf.info(path).frames
    except (RuntimeError, TypeError, ValueError, OSError):
        with open(path, "rb") as file:
            head = file.read(16)
        if sniff_content_type(head) in FFMPEG_ONLY_AUDIO:
            return
        raise InputError(UNREADABLE_AUDIO) from None
    if frames <= 0:
        raise InputError(
            "The audio clip has no sound in it (0 samples); upload or record another clip."
        )


def text_value(label: str, value: Any, max_chars: int) -> str:
    """A text box's raw value (events that skip preprocessing get what the page sent)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{label} must be text; type it in the box.")
    check_text(label, value, max_chars)
    return value


def check_text(label: str, text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise InputError(
            f"{label} is {len(text):,} characters long, over this task's {max_chars:,}-character "
            "limit; shorten it."
        )


def _table_shape(payload: Any) -> tuple[list[Any], list[Sequence[Any]]]:
    shape_hint = (
        'The table could not be read (it needs "headers", a list of column names, and "data", '
        "a list of rows); send the table as the page does."
    )
    if not isinstance(payload, dict):
        raise InputError(shape_hint)
    headers, rows = payload.get("headers"), payload.get("data")
    if not isinstance(headers, list) or not isinstance(rows, list):
        raise InputError(shape_hint)
    if not all(isinstance(row, (list, tuple)) for row in rows):
        raise InputError(shape_hint)
    return headers, rows


def _check_names(headers: list[Any]) -> list[str]:
    if not all(isinstance(name, (str, int, float)) for name in headers):
        raise InputError("Column names must be text; rename the columns.")
    names = [str(name).strip() for name in headers]
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise InputError(f"Column names must differ: {repeated[0]!r} is used twice; rename one.")
    return names


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def check_table(payload: Any, max_chars: int) -> tuple[list[str], list[list[Any]]]:
    """The table's column names and rows, when it is a rectangle of text and numbers."""
    headers, rows = _table_shape(payload)
    names = _check_names(headers)
    if rows == [[]]:  # the page's way of saying "no rows"
        return names, []
    if len(rows) * max(len(names), 1) > MAX_TABLE_CELLS:
        raise InputError(
            f"The table has {len(rows):,} rows of {len(names)} columns, over the "
            f"{MAX_TABLE_CELLS:,}-cell limit; remove some rows."
        )
    total = 0
    for number, row in enumerate(rows, start=1):
        if len(row) != len(names):
            raise InputError(
                f"Row {number} of the table has {_count(len(row), 'cell')} but the table has "
                f"{_count(len(names), 'column')}; give every row one value per column."
            )
        if not all(isinstance(cell, SCALAR) for cell in row):
            raise InputError(
                f"Row {number} of the table holds a list or an object; cells take text and "
                "numbers only."
            )
        total += sum(len(str(cell)) for cell in row if cell is not None)
    if total > max_chars:
        raise InputError(
            f"The table holds {total:,} characters, over this task's {max_chars:,}-character "
            "limit; remove some rows."
        )
    return names, [list(row) for row in rows]


def check_timeout(value: Any, default: float) -> float:
    """The Timeout box's seconds: empty means the default; otherwise a finite number above 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        seconds = float(value)
    except (TypeError, ValueError):  # not echoed: it might be a pasted secret
        raise InputError("The timeout must be a number of seconds; type e.g. 60.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise InputError(
            f"The timeout must be a number of seconds above 0, not {seconds:g}; type e.g. 60."
        )
    return seconds


def check_json_size(text: str, label: str, max_chars: int, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON text that is too long or nested too deeply, before parsing it: the parser
    recurses once per level, so 100,000 brackets would exhaust Python's stack."""
    if len(text) > max_chars:
        raise InputError(
            f"{label} are {len(text):,} characters long, over the {max_chars:,}-character "
            "limit; shorten them."
        )
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                raise InputError(
                    f"{label} are nested more than {max_depth} levels deep; flatten them."
                )
        elif char in "]}":
            depth -= 1
