"""The compare view's pictures as HTML (pure): each side's drawn output, and the task-aware
comparison from `playground.qa.compare` (labels table, entities by span, boxes of every side
on one image, WER and cosine matrices, word diffs, images side by side)."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playground.qa import extract
from playground.qa.compare import BoxComparison, Comparison, EntityRow, LabelTable, TextDiff
from playground.qa.drawing import draw_output

__all__ = ["COLORS", "comparison_html", "image_uri", "side_html"]

COLORS = ("#e8590c", "#1c7ed6", "#2f9e44", "#ae3ec9")
# Each side's own dash, so boxes two sides agree on show both colours.
DASHES = (
    "",
    "stroke-dasharray='8 8'",
    "stroke-dasharray='8 8' stroke-dashoffset='8'",
    "stroke-dasharray='2 4'",
)
THUMBNAIL = 420
STYLE = (
    "<style>.qa-cmp table{border-collapse:collapse;margin:.4rem 0}"
    ".qa-cmp td,.qa-cmp th{border:1px solid var(--border-color-primary);padding:.25rem .5rem;"
    "text-align:left}.qa-cmp .off{background:rgba(255,200,0,.18)}"
    ".qa-cmp del{background:rgba(255,80,80,.25)}.qa-cmp ins{background:rgba(80,200,80,.25);"
    "text-decoration:none}.qa-cmp .bar{display:flex;gap:.5rem;align-items:center}"
    ".qa-cmp .track{flex:1;background:var(--border-color-primary);height:.6rem;border-radius:3px}"
    ".qa-cmp .fill{display:block;height:100%;background:#1c7ed6;border-radius:3px}"
    ".qa-cmp .name{width:9rem;overflow:hidden;text-overflow:ellipsis}"
    ".qa-cmp mark sub{margin-left:.2rem}.qa-cmp pre{white-space:pre-wrap}</style>"
)


def _wrap(body: str) -> str:
    return f"{STYLE}<div class='qa-cmp'>{body}</div>"


def image_uri(image: Any, limit: int = THUMBNAIL) -> tuple[str, float] | None:
    """A PIL image or an image file as a JPEG data URI at most `limit` px, and its scale."""
    try:
        from PIL import Image

        if isinstance(image, str | Path):
            with Image.open(image) as opened:
                rgb = opened.convert("RGB")
        else:
            rgb = image.convert("RGB")
        scale = min(1.0, limit / max(rgb.size))
        size = (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale)))
        buffer = io.BytesIO()
        rgb.resize(size).save(buffer, format="JPEG", quality=85)
    except (OSError, ValueError, AttributeError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode(), scale


def _img(image: Any) -> str:
    found = image_uri(image)
    return f"<img src='{found[0]}' alt='output image' style='max-width:100%'>" if found else ""


def side_html(task: str, result: Any, inputs: dict[str, Any]) -> str:
    """One side's output drawn (label bars, boxes on the image, marked entities, text…)."""
    if result is None:
        return ""
    if hasattr(result, "convert") and hasattr(result, "size"):
        return _wrap(_img(result))
    drawn = draw_output(task, result, inputs, Path("/"))
    if not drawn:
        shown = html.escape(str(extract.plain(result))[:2000])
        drawn = f"<pre>{shown}</pre>"
    return _wrap(drawn)


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _heads(titles: Sequence[str]) -> str:
    return "".join(f"<th>{html.escape(title)}</th>" for title in titles)


def _labels(table: LabelTable, titles: Sequence[str]) -> str:
    rows = []
    for label, scores in zip(table.labels, table.scores, strict=True):
        cells = "".join(
            f"<td><b>{_cell(s)}</b></td>" if table.top[i] == label else f"<td>{_cell(s)}</td>"
            for i, s in enumerate(scores)
        )
        rows.append(f"<tr><td>{html.escape(label)}</td>{cells}</tr>")
    verdict = "Every side has the same top label." if table.agree else "The top labels differ."
    return f"<p>{verdict}</p><table><tr><th>Label</th>{_heads(titles)}</tr>{''.join(rows)}</table>"


def _entities(rows: Sequence[EntityRow], titles: Sequence[str]) -> str:
    body = []
    for row in rows:
        cells = "".join(
            f"<td>{html.escape(str(side[0]))} {_cell(side[1], 2)}</td>" if side else "<td>–</td>"
            for side in row.sides
        )
        style = "" if row.agree else " class='off'"
        body.append(f"<tr{style}><td>{html.escape(row.text)}</td>{cells}</tr>")
    agree = sum(1 for row in rows if row.agree)
    return (
        f"<p>{agree} of {len(rows)} spans found alike on every side.</p>"
        f"<table><tr><th>Span</th>{_heads(titles)}</tr>{''.join(body)}</table>"
    )


def _overlay(image: Any, boxes: Sequence[Sequence[dict[str, Any]]]) -> str:
    found = image_uri(image) if image is not None else None
    if found is None:
        return ""
    uri, scale = found
    from PIL import Image

    with Image.open(image) as opened:
        width, height = (round(v * scale) for v in opened.size)
    shapes = []
    for side, side_boxes in enumerate(boxes):
        color = COLORS[side % len(COLORS)]
        for item in side_boxes:
            x1, y1, x2, y2 = (float(v) * scale for v in item["box"])
            shapes.append(
                f"<rect x='{x1:.1f}' y='{y1:.1f}' width='{x2 - x1:.1f}' height='{y2 - y1:.1f}' "
                f"fill='none' stroke='{color}' stroke-width='2' {DASHES[side % len(DASHES)]}/>"
                f"<text x='{x1 + 2:.1f}' y='{max(y1 - 3, 10):.1f}' fill='{color}' "
                f"font-size='12'>{side + 1}: {html.escape(str(item.get('label')))}</text>"
            )
    return (
        f"<svg width='{width}' height='{height}' viewBox='0 0 {width} {height}' "
        f"xmlns='http://www.w3.org/2000/svg'><image href='{uri}' width='{width}' "
        f"height='{height}'/>{''.join(shapes)}</svg>"
    )


def _boxes(found: BoxComparison, titles: Sequence[str], image: Any) -> str:
    legend = " ".join(
        f"<span style='color:{COLORS[i % len(COLORS)]}'>■ {html.escape(t)}</span>"
        for i, t in enumerate(titles)
    )
    rows = "".join(
        f"<tr><td>{m.a + 1} vs {m.b + 1}</td><td>{len(m.pairs)}</td>"
        f"<td>{_cell(m.mean_iou)}</td><td>{len(m.only_a)}</td><td>{len(m.only_b)}</td></tr>"
        for m in found.matches
    )
    table = (
        "<table><tr><th>Sides</th><th>Matched (IoU ≥ 0.5)</th><th>Mean IoU</th>"
        f"<th>Only first</th><th>Only second</th></tr>{rows}</table>"
    )
    return f"<p>{legend}</p>{_overlay(image, found.boxes)}{table}"


def _matrix(values: Sequence[Sequence[float | None]], titles: Sequence[str], note: str) -> str:
    rows = "".join(
        f"<tr><th>{html.escape(titles[i])}</th>{''.join(f'<td>{_cell(v)}</td>' for v in row)}</tr>"
        for i, row in enumerate(values)
    )
    return f"<p>{note}</p><table><tr><th></th>{_heads(titles)}</tr>{rows}</table>"


def _diffs(diffs: Sequence[TextDiff], titles: Sequence[str]) -> str:
    if not diffs:
        return "<p>No texts to diff.</p>"
    parts = []
    for diff in diffs:
        words = []
        for op in diff.ops:
            if op.op in ("delete", "replace") and op.a:
                words.append(f"<del>{html.escape(op.a)}</del>")
            if op.op in ("insert", "replace") and op.b:
                words.append(f"<ins>{html.escape(op.b)}</ins>")
            if op.op == "equal":
                words.append(html.escape(op.a))
        parts.append(
            f"<p><b>{html.escape(titles[diff.b])}</b> against {html.escape(titles[diff.a])} "
            f"(similarity {diff.ratio:.2f}):</p><p>{''.join(words)}</p>"
        )
    return "".join(parts)


def _images(pairs: Sequence[tuple[int, Any]], titles: Sequence[str]) -> str:
    cells = "".join(
        f"<figure style='display:inline-block;margin:.3rem'>{_img(image)}"
        f"<figcaption>{html.escape(titles[side])}</figcaption></figure>"
        for side, image in pairs
        if hasattr(image, "convert")
    )
    return cells or "<p>No images to show side by side.</p>"


def comparison_html(found: Comparison, titles: Sequence[str], image: Any = None) -> str:
    """The comparison below the sides. `image`: the input image (boxes are drawn on it)."""
    kind, data = found.kind, found.data
    if kind == "labels":
        body = _labels(data, titles)
    elif kind == "entities":
        body = _entities(data, titles)
    elif kind == "boxes":
        body = _boxes(data, titles, image)
    elif kind == "transcripts":
        body = _matrix(data, titles, "Word error rate of each column against each row.")
    elif kind == "embeddings":
        body = _matrix(data, titles, "Cosine similarity between the sides' embeddings.")
    elif kind == "scores":
        heads = [f"Sentence {i + 1}" for i in range(len(data))]
        columns = [list(col) for col in zip(*data, strict=True)] if data else []
        body = _matrix(columns, titles, "Similarity scores per side.").replace(
            "<th></th>" + _heads(titles), "<th></th>" + _heads(heads), 1
        )
    elif kind == "texts":
        body = _diffs(data, titles)
    elif kind == "images":
        body = _images(data, titles)
    else:
        body = "<p>The outputs are shown side by side above.</p>"
    return _wrap(f"<h3>Comparison · {html.escape(kind)}</h3>{body}")
