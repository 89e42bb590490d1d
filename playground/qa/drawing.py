"""Cheap pictures of outputs for the HTML report, as self-contained HTML: label bars, boxes on
the image (inline SVG over a data-URI thumbnail), highlighted entities, text, audio players.
Nothing here fetches anything."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import extract

__all__ = ["audio_player", "draw_output", "entity_marks", "image_with_boxes", "label_bars"]

THUMBNAIL = 360
MAX_AUDIO_BYTES = 400_000


def label_bars(pairs: Sequence[tuple[str, float | None]], limit: int = 5) -> str:
    rows = []
    for label, score in pairs[:limit]:
        width = max(0.0, min(1.0, score or 0.0)) * 100
        shown = "–" if score is None else f"{score:.3f}"
        rows.append(
            f'<div class="bar"><span class="name">{html.escape(label)}</span>'
            f'<span class="track"><span class="fill" style="width:{width:.1f}%"></span></span>'
            f'<span class="num">{shown}</span></div>'
        )
    return '<div class="bars">' + "".join(rows) + "</div>"


def _thumbnail(path: Path) -> tuple[str, int, int, float] | None:
    """A JPEG data URI of the image at most THUMBNAIL px wide, its size, and the scale used."""
    try:
        from PIL import Image

        with Image.open(path) as opened:
            rgb = opened.convert("RGB")
        scale = min(1.0, THUMBNAIL / max(rgb.size))
        size = (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale)))
        buffer = io.BytesIO()
        rgb.resize(size).save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError):
        return None
    uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return uri, size[0], size[1], scale


def image_with_boxes(path: Path, boxes: Sequence[dict[str, Any]] = ()) -> str:
    """The image as an inline SVG with each box drawn and labelled."""
    thumb = _thumbnail(path)
    if thumb is None:
        return ""
    uri, width, height, scale = thumb
    shapes = []
    for item in boxes:
        x1, y1, x2, y2 = (float(v) * scale for v in item["box"])
        score = item.get("score")
        text = f"{item.get('label')} {score:.2f}" if isinstance(score, float) else item.get("label")
        shapes.append(
            f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" '
            'fill="none" stroke="#e8590c" stroke-width="2"/>'
            f'<text x="{x1 + 2:.1f}" y="{max(y1 - 3, 10):.1f}" fill="#e8590c" '
            f'font-size="12">{html.escape(str(text))}</text>'
        )
    return (
        f'<svg class="pic" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><image href="{uri}" width="{width}" '
        f'height="{height}"/>{"".join(shapes)}</svg>'
    )


def entity_marks(text: str, entities: Sequence[dict[str, Any]]) -> str:
    """The input text with each entity span marked and labelled."""
    spans = sorted(
        (e for e in entities if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)),
        key=lambda e: e["start"],
    )
    parts, cursor = [], 0
    for entity in spans:
        start, end = entity["start"], entity["end"]
        if start < cursor or end > len(text):
            continue
        parts.append(html.escape(text[cursor:start]))
        label = html.escape(str(entity.get("label")))
        parts.append(f"<mark>{html.escape(text[start:end])}<sub>{label}</sub></mark>")
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return '<p class="entities">' + "".join(parts) + "</p>"


def audio_player(data: bytes) -> str:
    from playground.client.media import sniff_content_type

    if len(data) > MAX_AUDIO_BYTES:
        return f"<p>{len(data)} bytes of audio (too large to embed).</p>"
    kind = sniff_content_type(data)
    uri = f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
    return f'<audio controls src="{uri}"></audio>'


def _text_block(text: str) -> str:
    shown = text if len(text) <= 2000 else text[:2000] + "…"
    return f"<pre>{html.escape(shown)}</pre>"


def draw_output(task: str, result: Any, inputs: dict[str, Any], folder: Path) -> str:
    """The output drawn for people, from the result and the test's own inputs."""
    image = inputs.get("image")
    path = (folder / image) if isinstance(image, str) and not image.startswith("http") else None
    if task == "object-detection" and path is not None:
        return image_with_boxes(path, extract.boxes_of(result))
    if isinstance(result, bytes | bytearray) and task in ("text-to-speech", "text-to-audio"):
        return audio_player(bytes(result))
    if task == "token-classification" and isinstance(inputs.get("text"), str):
        return entity_marks(inputs["text"], extract.entities_of(result))
    picture = image_with_boxes(path) if path is not None else ""
    sentences = inputs.get("other_sentences")
    if task == "sentence-similarity" and isinstance(sentences, list) and isinstance(result, list):
        return label_bars([(str(s), float(v)) for s, v in zip(sentences, result, strict=False)])
    return picture + _drawn_value(task, result)


def _drawn_value(task: str, result: Any) -> str:
    if task in extract.LABELLED_TASKS and extract.ranked_labels(result):
        return label_bars(extract.ranked_labels(result))
    text = extract.text_of(result)
    if text is not None:
        return _text_block(text)
    vector = extract.vector_of(result)
    if vector is not None:
        head = ", ".join(f"{v:.4f}" for v in vector[:8])
        return f"<p>{len(vector)} dimensions: [{head}, …]</p>"
    return ""
