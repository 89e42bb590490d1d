"""Inputs and SSE parsing shared by the fake server's tests."""

from __future__ import annotations

import base64
import io
import json
import re
from typing import Any

import numpy as np
import soundfile
from PIL import Image

CONTEXT = "My name is Clara and I live in Berkeley."
TABLE = {
    "Repository": ["Transformers", "Datasets", "Tokenizers"],
    "Stars": ["36542", "4512", "3934"],
}
CONTINUATION = (
    " The answer is 42. This fake model always gives the same reply, so tests can check"
    " every token."
)


def png(color: tuple[int, int, int] = (255, 0, 0), size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def audio(seconds: float = 1.0, fmt: str = "WAV", amplitude: float = 0.3) -> bytes:
    t = np.arange(int(16000 * seconds), dtype=np.float32) / 16000
    buffer = io.BytesIO()
    soundfile.write(buffer, amplitude * np.sin(2 * np.pi * 220 * t), 16000, format=fmt)
    return buffer.getvalue()


def sse_events(raw: bytes) -> list[str]:
    """A WHATWG-style parser (CR/LF/CRLF, comments, multi-line data, flush at EOF)."""
    events: list[str] = []
    data: list[str] = []
    for line in re.split(r"\r\n|\r|\n", raw.decode("utf-8")):
        if line == "":
            if data:
                events.append("\n".join(data))
            data = []
        elif line.startswith("data:"):
            value = line[5:]
            data.append(value[1:] if value.startswith(" ") else value)
    if data:
        events.append("\n".join(data))
    return events


def sse_json(raw: bytes) -> list[Any]:
    return [json.loads(e) for e in sse_events(raw) if e != "[DONE]"]


def chat_text(chunks: list[dict[str, Any]]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
