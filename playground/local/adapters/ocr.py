"""OCR as image-to-text: RapidOCR (PP-OCRv4 on onnxruntime) or Tesseract (a separate program)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from typing import Any

import numpy as np

from ..errors import LocalError
from ..media import decode_image, to_bgr
from ..payload import Payload
from .base import shared


@shared
def rapid_engine() -> tuple[Any, threading.Lock]:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(), threading.Lock()


def rapid_lines(image: Any) -> list[str]:
    """Text boxes from RapidOCR grouped into lines, top to bottom, left to right."""
    return rapid_lines_scored(image)[0]


def rapid_lines_scored(image: Any) -> tuple[list[str], float]:
    """The lines, and RapidOCR's mean confidence over its text boxes (0 when none)."""
    engine, lock = rapid_engine()
    with lock:
        result, _ = engine(to_bgr(image))
    boxes, scores = [], []
    for corners, text, score in result or []:
        scores.append(float(score))
        points = np.asarray(corners, dtype=float)
        boxes.append((points[:, 1].mean(), np.ptp(points[:, 1]), points[:, 0].min(), text))
    lines: list[list[tuple[float, float, float, str]]] = []
    for box in sorted(boxes):
        if lines and abs(box[0] - lines[-1][0][0]) < 0.5 * max(box[1], lines[-1][0][1]):
            lines[-1].append(box)
        else:
            lines.append([box])
    found = [" ".join(text for *_, text in sorted(line, key=lambda b: b[2])) for line in lines]
    return found, (sum(scores) / len(scores) if scores else 0.0)


def tesseract_text(image: Any) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    program = shutil.which("tesseract") or "tesseract"
    result = subprocess.run(
        [program, "stdin", "stdout", "-l", "eng"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=120,
        check=False,
        env=os.environ | {"OMP_THREAD_LIMIT": "1"},
    )
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise LocalError(f"tesseract failed: {detail or result.returncode}")
    text = result.stdout.decode("utf-8", "replace")
    return "\n".join(line for line in text.splitlines() if line.strip())


class RapidOcr:
    """Chinese + English PP-OCRv4 detection and recognition. May drop spaces between words."""

    def __init__(self) -> None:
        rapid_engine()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        lines = rapid_lines(decode_image(payload.binary()))
        return [{"generated_text": "\n".join(lines)}]


class Tesseract:
    """Tesseract 5 LSTM OCR, English, run as `tesseract stdin stdout` per request."""

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        return [{"generated_text": tesseract_text(decode_image(payload.binary()))}]


def document_text(image: Any) -> str:
    """The best OCR installed: Tesseract for clean documents when present, else RapidOCR."""
    if shutil.which("tesseract"):
        return tesseract_text(image)
    return "\n".join(rapid_lines(image))
