"""Small builders shared by the renderer tests."""

import numpy as np
from PIL import Image, ImageDraw


def ellipse_mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    """A mode "L" mask (0/255) with a filled ellipse inside `box`."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=255)
    return mask


def rect_mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    """A mode "L" mask (0/255) with `box` (inclusive corners) filled."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rectangle(box, fill=255)
    return mask


def colors_in(image: Image.Image) -> set[tuple[int, int, int]]:
    """Every distinct RGB colour present in `image`."""
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    return {tuple(int(v) for v in row) for row in np.unique(pixels, axis=0)}
