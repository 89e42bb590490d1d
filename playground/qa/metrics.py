"""Small, exact measures shared by assertions and comparisons: word error rate, box IoU,
cosine similarity, percentiles, a word-level diff. Pure functions."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DiffOp",
    "as_box",
    "cosine",
    "iou",
    "mean_vector",
    "percentile",
    "wer",
    "word_diff",
    "words",
]

_WORD = re.compile(r"[\w']+")


def words(text: str) -> list[str]:
    """Lower-cased words, punctuation dropped (how transcripts are compared)."""
    return _WORD.findall(text.lower())


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of `hypothesis` against `reference`: (substitutions + deletions +
    insertions) / reference words. 0.0 is identical; an empty reference gives 0.0 or 1.0."""
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i]
        for j, hyp_word in enumerate(hyp, start=1):
            cost = previous[j - 1] + (ref_word != hyp_word)
            current.append(min(cost, previous[j] + 1, current[j - 1] + 1))
        previous = current
    return previous[-1] / len(ref)


Box = tuple[float, float, float, float]


def as_box(value: Any) -> Box:
    """`{xmin, ymin, xmax, ymax}` or `[xmin, ymin, xmax, ymax]` as a tuple of floats."""
    if isinstance(value, Mapping):
        xmin, ymin, xmax, ymax = (float(value[key]) for key in ("xmin", "ymin", "xmax", "ymax"))
        return xmin, ymin, xmax, ymax
    x1, y1, x2, y2 = (float(v) for v in value)
    return x1, y1, x2, y2


def iou(a: Any, b: Any) -> float:
    """Intersection over union of two boxes (0.0 when they don't touch)."""
    ax1, ay1, ax2, ay2 = as_box(a)
    bx1, by1, bx2, by2 = as_box(b)
    width = min(ax2, bx2) - max(ax1, bx1)
    height = min(ay2, by2) - max(ay1, by1)
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return inter / union if union > 0 else 0.0


def mean_vector(value: Any) -> list[float]:
    """A vector from an embedding reply: a flat list as is; token rows (any nesting) averaged."""
    if isinstance(value, Sequence) and value and not isinstance(value[0], Sequence):
        return [float(v) for v in value]
    rows = [mean_vector(row) for row in value]
    width = len(rows[0])
    return [sum(row[i] for row in rows) / len(rows) for i in range(width)]


def cosine(a: Any, b: Any) -> float:
    """Cosine similarity of two embeddings (token-level ones are mean-pooled first)."""
    x, y = mean_vector(a), mean_vector(b)
    if len(x) != len(y):
        raise ValueError(f"The embeddings differ in length ({len(x)} vs {len(y)}).")
    dot = sum(p * q for p, q in zip(x, y, strict=True))
    norm = math.sqrt(sum(p * p for p in x)) * math.sqrt(sum(q * q for q in y))
    return dot / norm if norm else 0.0


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), linearly interpolated; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class DiffOp:
    """One step of a word diff: `equal`, `delete` (only in a), `insert` (only in b), `replace`."""

    op: str
    a: str
    b: str


def word_diff(a: str, b: str) -> list[DiffOp]:
    """The word-level difference from `a` to `b` (whitespace kept inside each side's text)."""
    left, right = re.findall(r"\S+\s*", a), re.findall(r"\S+\s*", b)
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in left], b=[w.strip() for w in right])
    return [
        DiffOp(tag, "".join(left[i1:i2]), "".join(right[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
