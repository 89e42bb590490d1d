"""Images for viewers: decoding to RGB, label chips and legends."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TypeAlias

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from playground.render.colors import RGB, hex_to_rgb, readable_text_color
from playground.render.glyphs import draw_text, text_size

ImageSource: TypeAlias = bytes | bytearray | memoryview | Image.Image | np.ndarray | str | Path

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


class ImageDecodeError(ValueError):
    """The bytes or array given are not an image we can show."""


def to_rgb_image(source: ImageSource) -> Image.Image:
    """Decode bytes, a path, an array or a PIL image into a new, upright RGB PIL image.

    Always a new image (callers may draw on it). EXIF rotation is applied, as servers do before
    predicting, and transparency is flattened onto white. Raises ImageDecodeError.
    """
    if isinstance(source, Image.Image):
        image = source
    elif isinstance(source, np.ndarray):
        image = _array_to_image(source)
    else:
        image = _open_image(source)
    image = ImageOps.exif_transpose(image)
    return _flatten_to_rgb(image)


def font_size_for(image_size: tuple[int, int]) -> int:
    """A label font size that stays readable when the image is shown scaled to a page."""
    return max(12, round(min(image_size) * 0.022))


def chip_size(text: str, size: int) -> tuple[int, int]:
    """Width and height of the chip `draw_label_chip` draws for `text` at font `size`."""
    width, height = text_size(text, size)
    pad = _chip_padding(size)
    return width + 2 * pad, height + 2 * pad


def draw_label_chip(
    image: Image.Image, xy: tuple[int, int], text: str, color: RGB, size: int
) -> tuple[int, int]:
    """Draw `text` on a filled `color` box whose top-left is `xy` (in place); return its size."""
    width, height = chip_size(text, size)
    x, y = xy
    image.paste(color, (x, y, x + width, y + height))
    pad = _chip_padding(size)
    draw_text(image, (x + pad, y + pad), text, size, readable_text_color(color))
    return width, height


def add_legend(image: Image.Image, colors: Mapping[str, str]) -> Image.Image:
    """Return `image` with a strip below it listing each label next to its colour swatch."""
    if not colors:
        return image
    size = font_size_for(image.size)
    swatch = chip_size("Ag", size)[1]
    gap = max(4, swatch // 3)
    rows = _legend_rows(list(colors), size, image.width, swatch, gap)
    canvas = Image.new("RGB", (image.width, image.height + gap + len(rows) * (swatch + gap)), WHITE)
    canvas.paste(image, (0, 0))
    for row_index, row in enumerate(rows):
        y = image.height + gap + row_index * (swatch + gap)
        x = gap
        for label in row:
            canvas.paste(hex_to_rgb(colors[label]), (x, y, x + swatch, y + swatch))
            text_x = x + swatch + gap // 2
            text_height = text_size(label, size)[1]
            draw_text(canvas, (text_x, y + (swatch - text_height) // 2), label, size, BLACK)
            x = text_x + text_size(label, size)[0] + 2 * gap
    return canvas


def _legend_rows(
    labels: list[str], size: int, width: int, swatch: int, gap: int
) -> list[list[str]]:
    rows: list[list[str]] = [[]]
    x = gap
    for label in labels:
        entry_width = swatch + gap // 2 + text_size(label, size)[0] + 2 * gap
        if rows[-1] and x + entry_width > width:
            rows.append([])
            x = gap
        rows[-1].append(label)
        x += entry_width
    return rows


def _chip_padding(size: int) -> int:
    return max(2, round(size * 0.2))


def _open_image(source: bytes | bytearray | memoryview | str | Path) -> Image.Image:
    try:
        if isinstance(source, str | Path):
            with Image.open(source) as opened:
                opened.load()
                return opened.copy()
        image = Image.open(io.BytesIO(bytes(source)))
        image.load()
        return image
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ImageDecodeError(f"Could not read the image: {error}") from error


def _array_to_image(array: np.ndarray) -> Image.Image:
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (1, 3, 4)):
        raise ImageDecodeError(
            f"An image array must be H×W, H×W×3 or H×W×4; got shape {array.shape}."
        )
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if np.issubdtype(array.dtype, np.floating):
        array = np.clip(array, 0.0, 1.0) * 255  # float images are 0–1 by convention
    return Image.fromarray(np.ascontiguousarray(array).astype(np.uint8, copy=False))


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
