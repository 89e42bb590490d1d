"""Stable, distinct colours per label, shared by every renderer."""

from __future__ import annotations

import colorsys
import zlib
from collections.abc import Iterable

# Sasha Trubetskoy's "20 distinct colours" without white, black, grey and the pastels,
# which wash out as tints and outlines on photos.
PALETTE: tuple[str, ...] = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#bfef45", "#ffe119", "#469990", "#9a6324", "#800000", "#808000", "#000075",
)  # fmt: skip

RGB = tuple[int, int, int]


def label_colors(labels: Iterable[str]) -> dict[str, str]:
    """Give each distinct label its own colour, depending only on the set of labels.

    A label keeps its hashed colour unless another label already holds it; colliding labels
    take the next free palette slot, and beyond the palette new hues are generated.
    """
    unique = sorted(set(labels))
    colors: dict[str, str] = {}
    taken: set[int] = set()
    colliding: list[str] = []
    for label in unique:
        slot = _home_slot(label)
        if slot in taken:
            colliding.append(label)
        else:
            taken.add(slot)
            colors[label] = PALETTE[slot]
    for extra, label in enumerate(colliding):
        free = _next_free_slot(_home_slot(label), taken)
        if free is None:
            colors[label] = _generated_color(extra)
        else:
            taken.add(free)
            colors[label] = PALETTE[free]
    return colors


def hex_to_rgb(color: str) -> RGB:
    """`#rrggbb` (or `#rgb`) → `(r, g, b)`."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def rgb_of(color: str | RGB) -> RGB:
    """Accept `#rrggbb` or an `(r, g, b)` tuple and return the tuple."""
    return hex_to_rgb(color) if isinstance(color, str) else color


def readable_text_color(background: RGB) -> RGB:
    """Black or white, whichever reads better on `background` (WCAG relative luminance)."""
    r, g, b = (_linear(c / 255) for c in background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (0, 0, 0) if luminance > 0.179 else (255, 255, 255)


def _home_slot(label: str) -> int:
    # crc32, not hash(): Python salts str hashes per process.
    return zlib.crc32(label.encode("utf-8")) % len(PALETTE)


def _next_free_slot(start: int, taken: set[int]) -> int | None:
    for step in range(1, len(PALETTE)):
        slot = (start + step) % len(PALETTE)
        if slot not in taken:
            return slot
    return None


def _generated_color(n: int) -> str:
    hue = (0.13 + n * 0.618033988749895) % 1.0  # golden-ratio steps spread hues evenly
    r, g, b = colorsys.hsv_to_rgb(hue, 0.75, 0.9)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
