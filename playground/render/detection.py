"""Object detection: filter by score, draw boxes, AnnotatedImage values and a table."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import pandas as pd
from PIL import Image, ImageDraw

from playground.render._fields import as_float, field, item_label
from playground.render.colors import PALETTE, RGB, label_colors, rgb_of
from playground.render.images import (
    ImageSource,
    chip_size,
    draw_label_chip,
    font_size_for,
    to_rgb_image,
)

Box: TypeAlias = tuple[int, int, int, int]
BoxAnnotation: TypeAlias = tuple[Box, str]

BOX_FILL_ALPHA = 48  # out of 255: a light tint that keeps the object visible
FALLBACK_COLOR = PALETTE[0]
TABLE_COLUMNS = ["label", "score", "xmin", "ymin", "xmax", "ymax"]


def filter_detections(
    detections: Iterable[Any], threshold: float = 0.0, labels: Collection[str] | None = None
) -> list[Any]:
    """Keep detections scoring at least `threshold` (and, if given, whose label is in `labels`).

    Cheap on purpose: a threshold slider re-filters the last result without calling the model.
    A detection with no score is kept.
    """
    kept = []
    for detection in detections:
        score = as_float(field(detection, "score"))
        if score is not None and score < threshold:
            continue
        if labels is not None and str(field(detection, "label")) not in labels:
            continue
        kept.append(detection)
    return kept


def detection_label(detection: Any, *, show_score: bool = True) -> str:
    """`"cat 0.97"` (or just `"cat"`): the text shown on a box."""
    return item_label(detection, show_score=show_score)


def detection_colors(detections: Iterable[Any]) -> dict[str, str]:
    """Colour per class label (`"cat"`, not `"cat 0.97"`), stable for a given set of labels."""
    return label_colors(str(field(d, "label", "")) for d in detections)


def draw_detections(
    image: ImageSource,
    detections: Sequence[Any],
    *,
    colors: Mapping[str, str] | None = None,
    show_scores: bool = True,
) -> Image.Image:
    """Return a copy of `image` with each box outlined, lightly tinted and labelled.

    Larger boxes are drawn first so small ones stay on top, and the most confident labels are
    drawn last so they stay readable; a label goes above its box when there is room, inside
    it otherwise, and never leaves the image.
    """
    base = to_rgb_image(image)
    colors = colors if colors is not None else detection_colors(detections)
    placed = sorted(((box_of(d, base.size), d) for d in detections), key=lambda bd: -_area(bd[0]))
    canvas = _tint_boxes(base, [(box, _color_of(d, colors)) for box, d in placed])
    draw = ImageDraw.Draw(canvas)
    line_width = max(2, round(min(canvas.size) / 300))
    for box, detection in placed:
        draw.rectangle(box, outline=_color_of(detection, colors), width=line_width)
    size = font_size_for(canvas.size)
    by_score = sorted(placed, key=lambda bd: as_float(field(bd[1], "score")) or 0.0)
    for box, detection in by_score:  # chips after all boxes, so no outline crosses a label
        text = detection_label(detection, show_score=show_scores)
        origin = _chip_origin(box, chip_size(text, size), canvas.size)
        draw_label_chip(canvas, origin, text, _color_of(detection, colors), size)
    return canvas


def detections_table(detections: Iterable[Any]) -> pd.DataFrame:
    """One row per detection (label, score, box corners), highest score first."""
    rows = []
    for detection in detections:
        box = field(detection, "box", {})
        score = as_float(field(detection, "score"))
        rows.append(
            {
                "label": str(field(detection, "label", "")),
                "score": None if score is None else round(score, 4),
                **{corner: _int_or_none(field(box, corner)) for corner in TABLE_COLUMNS[2:]},
            }
        )
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    return table.sort_values("score", ascending=False, na_position="last", ignore_index=True)


def box_of(detection: Any, image_size: tuple[int, int]) -> Box:
    """The detection's box as ints `(x1, y1, x2, y2)`, ordered and clamped inside the image."""
    box = field(detection, "box", {})
    width, height = image_size
    xs = sorted(_clamp(field(box, k, 0), width) for k in ("xmin", "xmax"))
    ys = sorted(_clamp(field(box, k, 0), height) for k in ("ymin", "ymax"))
    return xs[0], ys[0], xs[1], ys[1]


def _tint_boxes(image: Image.Image, boxes: list[tuple[Box, RGB]]) -> Image.Image:
    # Opaque fills into one layer, then a single translucent composite: much cheaper than
    # blending every box, and overlapping boxes don't muddy into one another.
    fills = Image.new("RGB", image.size)
    coverage = Image.new("L", image.size, 0)
    for (x1, y1, x2, y2), color in boxes:
        fills.paste(color, (x1, y1, x2 + 1, y2 + 1))
        coverage.paste(BOX_FILL_ALPHA, (x1, y1, x2 + 1, y2 + 1))
    return Image.composite(fills, image, coverage)


def _chip_origin(box: Box, chip: tuple[int, int], image_size: tuple[int, int]) -> tuple[int, int]:
    x1, y1, _, _ = box
    chip_width, chip_height = chip
    y = y1 - chip_height if y1 >= chip_height else y1  # above the box if it fits, else inside
    x = min(x1, max(0, image_size[0] - chip_width))
    return x, min(y, max(0, image_size[1] - chip_height))


def _color_of(detection: Any, colors: Mapping[str, str]) -> RGB:
    return rgb_of(colors.get(str(field(detection, "label", "")), FALLBACK_COLOR))


def _area(box: Box) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _clamp(value: Any, limit: int) -> int:
    number = as_float(value) or 0.0
    return max(0, min(limit - 1, round(number)))


def _int_or_none(value: Any) -> int | None:
    number = as_float(value)
    return None if number is None else round(number)
