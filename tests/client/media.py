"""Small media made on the spot for the client tests: a solid PNG, a WAV tone."""

from __future__ import annotations

import io
import math

import numpy as np
import soundfile
from PIL import Image

__all__ = ["png", "wav"]


def png(size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (220, 20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def wav(seconds: float = 0.5, rate: int = 16000, loud: bool = True) -> bytes:
    samples = np.arange(int(seconds * rate)) / rate
    signal = (0.5 if loud else 0.0) * np.sin(2 * math.pi * 440 * samples)
    buffer = io.BytesIO()
    soundfile.write(buffer, signal.astype("float32"), rate, format="WAV")
    return buffer.getvalue()
