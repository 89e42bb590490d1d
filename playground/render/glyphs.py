"""Fast label text: each glyph is rasterised once per size, then labels are assembled from
cached glyphs. FreeType costs ~25 µs per character per call, which dominated drawing 100
labelled boxes; this makes a label cost a few numpy slice assignments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont


@dataclass(frozen=True)
class Glyph:
    """One rasterised character: its coverage mask and where it sits relative to the pen."""

    mask: np.ndarray  # uint8 coverage, rows × columns
    left: int  # from the pen position to the mask's left edge
    top: int  # from the baseline to the mask's top edge (negative: above the baseline)
    advance: float  # how far the pen moves after this character


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled scalable font at `size` pixels (loaded once per size)."""
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=32)
def line_metrics(size: int) -> tuple[int, int]:
    """`(ascent, descent)` in pixels of a text line at `size`."""
    loaded = font(size)
    if isinstance(loaded, ImageFont.FreeTypeFont):
        return loaded.getmetrics()
    return size, 0  # pragma: no cover - bitmap fallback when Pillow lacks FreeType


@lru_cache(maxsize=8192)
def glyph(char: str, size: int) -> Glyph:
    """The cached raster of `char` at `size`."""
    loaded = font(size)
    advance = float(loaded.getlength(char))
    left, top, right, bottom = (int(v) for v in loaded.getbbox(char, anchor="ls"))
    if right <= left or bottom <= top:
        return Glyph(np.zeros((0, 0), np.uint8), 0, 0, advance)
    tile = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(tile).text((-left, -top), char, fill=255, font=loaded, anchor="ls")
    return Glyph(np.asarray(tile), left, top, advance)


def text_size(text: str, size: int) -> tuple[int, int]:
    """Width and height of `text` drawn on one line at `size`."""
    ascent, descent = line_metrics(size)
    return round(sum(glyph(c, size).advance for c in text)), ascent + descent


def text_mask(text: str, size: int) -> np.ndarray:
    """Coverage mask (uint8, line height × text width) of `text` at `size`."""
    width, height = text_size(text, size)
    ascent, _ = line_metrics(size)
    mask = np.zeros((height, max(width, 1)), np.uint8)
    pen = 0.0
    for char in text:
        g = glyph(char, size)
        if g.mask.size:
            _stamp(mask, g.mask, round(pen) + g.left, ascent + g.top)
        pen += g.advance
    return mask


def draw_text(
    image: Image.Image, xy: tuple[int, int], text: str, size: int, color: tuple[int, int, int]
) -> None:
    """Draw `text` in `color` with the top-left of its line box at `xy` (in place)."""
    if not text:
        return
    coverage = Image.fromarray(text_mask(text, size))
    image.paste(color, (*xy, xy[0] + coverage.width, xy[1] + coverage.height), coverage)


def _stamp(canvas: np.ndarray, tile: np.ndarray, x: int, y: int) -> None:
    # Clip the tile to the canvas; overlapping glyph edges keep the stronger coverage.
    rows, cols = canvas.shape
    top, left = max(0, y), max(0, x)
    bottom, right = min(rows, y + tile.shape[0]), min(cols, x + tile.shape[1])
    if top >= bottom or left >= right:
        return
    piece = tile[top - y : bottom - y, left - x : right - x]
    np.maximum(canvas[top:bottom, left:right], piece, out=canvas[top:bottom, left:right])
