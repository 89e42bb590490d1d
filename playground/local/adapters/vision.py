"""Classical OpenCV vision: Haar-cascade face detection and GrabCut foreground segmentation."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..media import decode_image, mask_png_b64, to_bgr
from ..payload import Payload

DETECT_SIDE = 640
SEGMENT_SIDE = 256


def _scaled(image: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    import cv2

    height, width = image.shape[:2]
    scale = min(1.0, side / max(height, width))
    if scale == 1.0:
        return image, 1.0
    size = (round(width * scale), round(height * scale))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), scale


class HaarFaces:
    """OpenCV's frontal-face Haar cascade (Viola–Jones).

    `score` is the cascade's final-stage weight passed through a logistic, which orders
    detections but is not a calibrated probability. Boxes are in the input image's pixels.
    """

    def __init__(self) -> None:
        import cv2
        import cv2.data  # the cascades folder; opencv-python imports it, its stubs need it named

        self.cascade = cv2.CascadeClassifier(
            cv2.data.haarcascades + "haarcascade_frontalface_default.xml"
        )
        if self.cascade.empty():
            raise RuntimeError("the frontal-face cascade is missing from opencv-python-headless")

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        threshold = payload.number("threshold", 0.5, 0.0, 1.0)
        return self.detect(decode_image(payload.binary()), threshold)

    def detect(self, image: Any, threshold: float) -> list[dict[str, Any]]:
        """Faces in a PIL image scoring at least `threshold`, best first."""
        import cv2

        gray = cv2.cvtColor(to_bgr(image), cv2.COLOR_BGR2GRAY)
        small, scale = _scaled(gray, DETECT_SIDE)
        rects, _, weights = self.cascade.detectMultiScale3(
            cv2.equalizeHist(small),
            scaleFactor=1.1,
            minNeighbors=5,
            minSize=(24, 24),
            outputRejectLevels=True,
        )
        found = []
        for (x, y, w, h), weight in zip(rects, weights, strict=True):
            score = 1 / (1 + math.exp(-(float(weight) - 2.0)))
            if score >= threshold:
                found.append(
                    {"label": "face", "score": round(score, 4), "box": _box(x, y, w, h, scale)}
                )
        return sorted(found, key=lambda item: -item["score"])


def _box(x: int, y: int, w: int, h: int, scale: float) -> dict[str, int]:
    return {
        "xmin": round(x / scale),
        "ymin": round(y / scale),
        "xmax": round((x + w) / scale),
        "ymax": round((y + h) / scale),
    }


class GrabCut:
    """GrabCut (iterated graph cuts over colour mixture models), seeded with a centred box.

    Not a learned model: it separates a central subject from its surroundings by colour, so it
    works for a single subject near the middle of the picture. Masks have the input's size.
    """

    def __init__(self) -> None:
        import cv2

        self.cv2 = cv2

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        cv2 = self.cv2
        image = to_bgr(decode_image(payload.binary()))
        small, _ = _scaled(image, SEGMENT_SIDE)
        height, width = small.shape[:2]
        rect = (round(width * 0.1), round(height * 0.05), round(width * 0.8), round(height * 0.93))
        mask = np.zeros((height, width), np.uint8)
        models = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
        cv2.grabCut(small, mask, rect, models[0], models[1], 5, cv2.GC_INIT_WITH_RECT)
        foreground = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0)
        size = (image.shape[1], image.shape[0])
        full = cv2.resize(foreground.astype(np.uint8), size, interpolation=cv2.INTER_LINEAR)
        full = (full >= 128).astype(np.uint8)
        return [
            {"label": "foreground", "score": None, "mask": mask_png_b64(full)},
            {"label": "background", "score": None, "mask": mask_png_b64(1 - full)},
        ]
