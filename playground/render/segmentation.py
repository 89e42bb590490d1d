"""Image segmentation: coloured mask overlays, legends, AnnotatedImage values and a table.

Compositing builds one index map (which segment covers each pixel) with numpy, then colours
and blends the whole image once through a palette, instead of one full-image composite per mask.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from PIL import Image

from playground.render._fields import as_float, field
from playground.render.colors import PALETTE, label_colors, rgb_of
from playground.render.images import ImageSource, to_rgb_image

MaskAnnotation: TypeAlias = tuple[np.ndarray, str]

MAX_MASKS = 255  # the index map is one byte per pixel; index 0 means "no segment"
DEFAULT_ALPHA = 0.55


def segment_labels(segments: Iterable[Any]) -> list[str]:
    """Distinct labels in first-seen order: the choices for per-label visibility toggles."""
    return list(dict.fromkeys(_label(s) for s in segments))


def segment_colors(segments: Iterable[Any]) -> dict[str, str]:
    """Colour per label over ALL segments, so hiding some labels never recolours the rest."""
    return label_colors(segment_labels(segments))


def visible_segments(segments: Iterable[Any], visible_labels: Collection[str] | None) -> list[Any]:
    """The segments whose label is in `visible_labels` (all of them when it is None)."""
    segments = list(segments)
    if visible_labels is None:
        return segments
    return [s for s in segments if _label(s) in visible_labels]


def overlay_masks(
    image: ImageSource,
    segments: Sequence[Any],
    *,
    visible_labels: Collection[str] | None = None,
    colors: Mapping[str, str] | None = None,
    alpha: float = DEFAULT_ALPHA,
    outline: bool = True,
) -> Image.Image:
    """Tint each visible segment's mask with its label colour over `image`.

    Later segments cover earlier ones where masks overlap; `outline` draws each segment's
    edge in full colour so neighbouring instances of one label stay apart.
    """
    base = to_rgb_image(image)
    colors = colors if colors is not None else segment_colors(segments)
    shown = visible_segments(segments, visible_labels)[:MAX_MASKS]
    if not shown:
        return base
    index = segment_index_map(shown, base.size)
    palette = [(0, 0, 0)] + [rgb_of(colors.get(_label(s), PALETTE[0])) for s in shown]
    tint = _palette_image(index, palette)
    opacity = _opacity_map(index, len(shown), alpha, outline)
    return Image.composite(tint, base, opacity)


def segment_index_map(segments: Sequence[Any], size: tuple[int, int]) -> np.ndarray:
    """H×W uint8 array: 1 + the position of the last segment covering each pixel, or 0."""
    width, height = size
    index = np.zeros((height, width), dtype=np.uint8)
    for position, segment in enumerate(segments[:MAX_MASKS], start=1):
        covered = mask_array(field(segment, "mask"), size)
        np.maximum(index, covered * np.uint8(position), out=index)
    return index


def mask_array(mask: Any, size: tuple[int, int]) -> np.ndarray:
    """A segment's mask (PIL image or array) as a boolean H×W array of the image's size."""
    if mask is None:
        return np.zeros((size[1], size[0]), dtype=bool)
    if isinstance(mask, np.ndarray):
        covered = _covered(mask)
        if covered.shape == (size[1], size[0]):
            return covered
        mask = Image.fromarray(covered)  # mode "1", resized below
    if mask.mode not in ("L", "1"):
        mask = mask.convert("L")
    if mask.size != size:
        mask = mask.resize(size, Image.Resampling.NEAREST)
    pixels = np.asarray(mask)
    return pixels if pixels.dtype == bool else pixels > 127


def segments_table(segments: Iterable[Any], image_size: tuple[int, int]) -> pd.DataFrame:
    """One row per segment: label, score (may be empty) and the share of the image it covers."""
    pixels = image_size[0] * image_size[1]
    rows = []
    for segment in segments:
        score = as_float(field(segment, "score"))
        area = np.count_nonzero(mask_array(field(segment, "mask"), image_size))
        rows.append(
            {
                "label": _label(segment),
                "score": None if score is None else round(score, 4),
                "area %": round(100 * area / pixels, 2) if pixels else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=["label", "score", "area %"])


def _label(segment: Any) -> str:
    return str(field(segment, "label", ""))


def _palette_image(index: np.ndarray, palette: list[tuple[int, int, int]]) -> Image.Image:
    indexed = Image.fromarray(index)  # mode "L"; putpalette turns it into "P" in place
    indexed.putpalette([channel for color in palette for channel in color])
    return indexed.convert("RGB")


def _opacity_map(index: np.ndarray, count: int, alpha: float, outline: bool) -> Image.Image:
    opacity_of = np.full(count + 1, round(255 * min(max(alpha, 0.0), 1.0)), dtype=np.uint8)
    opacity_of[0] = 0
    opacity = opacity_of[index]
    if outline:
        opacity[_edges(index, _outline_width(index.shape))] = 255
    return Image.fromarray(opacity)


def _outline_width(shape: tuple[int, ...]) -> int:
    return max(1, round(min(shape[:2]) / 500))  # about 2 px on a 1024-px image


def _edges(index: np.ndarray, width: int) -> np.ndarray:
    # Covered pixels next to a pixel of another segment (or of none), thickened to `width`.
    edges = np.zeros(index.shape, dtype=bool)
    vertical = index[:-1, :] != index[1:, :]
    horizontal = index[:, :-1] != index[:, 1:]
    edges[:-1, :] |= vertical
    edges[1:, :] |= vertical
    edges[:, :-1] |= horizontal
    edges[:, 1:] |= horizontal
    for _ in range(width - 1):
        edges[1:, :] |= edges[:-1, :]
        edges[:, 1:] |= edges[:, :-1]
    return edges & (index > 0)


def _covered(mask: np.ndarray) -> np.ndarray:
    if mask.ndim == 3:
        mask = mask.max(axis=2)
    if mask.dtype == bool:
        return mask
    if np.issubdtype(mask.dtype, np.floating):
        return mask > 0.5  # 0–1 probabilities
    return mask > (127 if mask.max(initial=0) > 1 else 0)  # 0/255 or 0/1 integers
