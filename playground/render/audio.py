"""Audio for `gr.Audio` (decoded with soundfile, no ffmpeg) and speech-recognition output."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
import soundfile

from playground.render._fields import as_float, field

# What a payload's first bytes say it is, for error messages.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"RIFF", "WAV"),
    (0, b"fLaC", "FLAC"),
    (0, b"OggS", "Ogg"),
    (0, b"ID3", "MP3"),
    (0, b"\xff\xfb", "MP3"),
    (0, b"\xff\xf3", "MP3"),
    (0, b"\xff\xf1", "AAC (ADTS)"),
    (4, b"ftyp", "MP4/M4A"),
    (0, b"\x1a\x45\xdf\xa3", "WebM/Matroska"),
    (0, b"{", "JSON (probably an error message, not audio)"),
    (0, b"<", "HTML/XML (probably an error page, not audio)"),
)


class AudioDecodeError(ValueError):
    """The bytes are not audio that soundfile can decode."""


def decode_audio(data: bytes | bytearray | memoryview) -> tuple[int, np.ndarray]:
    """Bytes (WAV, FLAC, Ogg, MP3...) → `(sample_rate, int16 samples)` for `gr.Audio`.

    Samples are `(n,)` for mono, `(n, channels)` otherwise. Raises AudioDecodeError with a
    sentence saying what the bytes look like when they cannot be decoded.
    """
    payload = bytes(data)
    if not payload:
        raise AudioDecodeError("The server returned no audio (an empty body).")
    try:
        samples, sample_rate = soundfile.read(io.BytesIO(payload), dtype="int16", always_2d=False)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as error:
        raise AudioDecodeError(
            f"Could not decode the audio ({len(payload)} bytes, looks like "
            f"{sniff_audio_format(payload)}): {error}. Supported: WAV, FLAC, Ogg and MP3."
        ) from error
    return int(sample_rate), samples


def sniff_audio_format(data: bytes) -> str:
    """A guess at the container from the first bytes, e.g. `"FLAC"`, or `"unknown"`."""
    for offset, signature, name in _SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            return name
    return "unknown"


def transcript_text(output: Any) -> str:
    """The recognised text of a speech-recognition output (`{"text", "chunks"?}` or a str)."""
    if isinstance(output, str):
        return output
    return str(field(output, "text", "") or "")


def transcript_chunks_table(output: Any) -> pd.DataFrame:
    """One row per timestamped chunk: start and end in seconds (end may be empty) and text."""
    rows = []
    for chunk in field(output, "chunks", None) or []:
        start, end = _pair(field(chunk, "timestamp", None))
        rows.append(
            {
                "start (s)": _seconds(start),
                "end (s)": _seconds(end),
                "text": str(field(chunk, "text", "")).strip(),
            }
        )
    return pd.DataFrame(rows, columns=["start (s)", "end (s)", "text"])


def _pair(timestamp: Any) -> tuple[Any, Any]:
    values = list(timestamp or [])
    return (values[0] if values else None, values[1] if len(values) > 1 else None)


def _seconds(value: Any) -> float | None:
    number = as_float(value)
    return None if number is None else round(number, 2)
