"""Benchmark the image renderers against naive PIL loops measured in the same run.

Run: python bench/render.py   (prints a table; always exits 0, timings are not asserts)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playground.render.colors import hex_to_rgb, label_colors, readable_text_color  # noqa: E402
from playground.render.detection import (  # noqa: E402
    BOX_FILL_ALPHA,
    detection_label,
    draw_detections,
)
from playground.render.images import font_size_for  # noqa: E402
from playground.render.segmentation import DEFAULT_ALPHA, overlay_masks  # noqa: E402

RUNS = 15
MASK_BUDGET_MS = 30.0
LABELS = ["person", "car", "dog", "tree", "sky", "road", "building", "bicycle", "cat", "bus"]


def photo(size: int, seed: int = 0) -> Image.Image:
    """A noisy gradient standing in for a photo (noise defeats any flat-colour shortcut)."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(0, 180, size, dtype=np.float32)
    pixels = np.stack([ramp[None, :].repeat(size, 0), ramp[:, None].repeat(size, 1)], axis=2)
    pixels = np.concatenate([pixels, np.full((size, size, 1), 90, np.float32)], axis=2)
    pixels += rng.normal(0, 20, pixels.shape).astype(np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def segments(count: int, size: int, seed: int = 1) -> list[dict[str, Any]]:
    """`count` ellipse masks ("L" PIL images, 0/255) of varied size and position."""
    rng = np.random.default_rng(seed)
    result = []
    for i in range(count):
        mask = Image.new("L", (size, size), 0)
        x, y = rng.integers(0, size * 3 // 4, 2)
        w, h = rng.integers(size // 8, size // 2, 2)
        ImageDraw.Draw(mask).ellipse((x, y, x + w, y + h), fill=255)
        result.append({"label": LABELS[i % len(LABELS)], "score": 0.9, "mask": mask})
    return result


def detections(count: int, size: int, seed: int = 2) -> list[dict[str, Any]]:
    """`count` boxes with labels and scores."""
    rng = np.random.default_rng(seed)
    result = []
    for i in range(count):
        x, y = rng.integers(0, size - 60, 2)
        w, h = rng.integers(30, size // 4, 2)
        box = {"xmin": int(x), "ymin": int(y), "xmax": int(x + w), "ymax": int(y + h)}
        result.append({"label": LABELS[i % len(LABELS)], "score": float(rng.random()), "box": box})
    return result


def naive_overlay(image: Image.Image, segs: list[dict[str, Any]]) -> Image.Image:
    """Baseline: for each mask, blend the whole image with a solid colour and composite it."""
    colors = label_colors(s["label"] for s in segs)
    out = image
    for segment in segs:
        solid = Image.new("RGB", image.size, hex_to_rgb(colors[segment["label"]]))
        out = Image.composite(Image.blend(out, solid, DEFAULT_ALPHA), out, segment["mask"])
    return out


def naive_boxes(image: Image.Image, dets: list[dict[str, Any]]) -> Image.Image:
    """Baseline: per box, a full-size RGBA layer with the box and an `ImageDraw.text` label,
    alpha-composited onto the image one layer at a time."""
    colors = label_colors(d["label"] for d in dets)
    font = ImageFont.load_default(size=font_size_for(image.size))
    out = image.convert("RGBA")
    for det in dets:
        color = hex_to_rgb(colors[det["label"]])
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        box = tuple(det["box"][k] for k in ("xmin", "ymin", "xmax", "ymax"))
        draw.rectangle(box, fill=(*color, BOX_FILL_ALPHA), outline=(*color, 255), width=3)
        text = detection_label(det)
        left, top, right, bottom = draw.textbbox((box[0], box[1]), text, font=font, anchor="lb")
        draw.rectangle((left - 4, top - 4, right + 4, bottom), fill=(*color, 255))
        draw.text((box[0], box[1]), text, fill=readable_text_color(color), font=font, anchor="lb")
        out = Image.alpha_composite(out, layer)
    return out.convert("RGB")


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of `fn` over `runs` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    """Time each case against its baseline and print one table."""
    image = photo(1024)
    segs = segments(20, 1024)
    dets = detections(100, 1024)
    cases = [
        ("20 masks on 1024² (outlined)", lambda: overlay_masks(image, segs), naive_overlay),
        (
            "20 masks on 1024² (no outline)",
            lambda: overlay_masks(image, segs, outline=False),
            naive_overlay,
        ),
        ("100 labelled boxes on 1024²", lambda: draw_detections(image, dets), naive_boxes),
    ]
    args = {naive_overlay: (image, segs), naive_boxes: (image, dets)}
    print(f"median of {RUNS} runs each; ratio = naive / ours")
    print(f"{'case':<32}{'ours ms':>10}{'naive ms':>10}{'ratio':>8}")
    for name, ours, naive in cases:
        ours_ms = median_ms(ours)
        naive_ms = median_ms(lambda naive=naive: naive(*args[naive]))
        print(f"{name:<32}{ours_ms:>10.1f}{naive_ms:>10.1f}{naive_ms / ours_ms:>7.1f}x")
    print(f"budget for 20 masks: {MASK_BUDGET_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
