"""Task-aware comparison of N results for one input (one per target), as data the UI draws:
labels and scores in one table, entities aligned by span, boxes matched by IoU, transcripts
with word error rates, texts with word diffs, embeddings with cosine similarities, images
paired. Pure functions; a side whose call failed is passed as None."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import extract
from .metrics import DiffOp, cosine, iou, wer, word_diff

__all__ = [
    "BoxComparison",
    "BoxMatch",
    "Comparison",
    "EntityRow",
    "LabelTable",
    "TextDiff",
    "align_entities",
    "compare",
    "compare_labels",
    "cosine_matrix",
    "match_boxes",
    "pair_images",
    "score_table",
    "text_diffs",
    "wer_matrix",
]


@dataclass(frozen=True)
class LabelTable:
    """One row per label (in order of best score on any side), one column per side."""

    labels: list[str]
    scores: list[list[float | None]]
    top: list[str | None]

    @property
    def agree(self) -> bool:
        """Every side that answered has the same top label."""
        tops = {label for label in self.top if label is not None}
        return len(tops) <= 1


def compare_labels(results: Sequence[Any]) -> LabelTable:
    ranked = [extract.ranked_labels(result) if result is not None else [] for result in results]
    best: dict[str, float] = {}
    for pairs in ranked:
        for label, score in pairs:
            best[label] = max(best.get(label, -1.0), score if score is not None else -1.0)
    labels = sorted(best, key=lambda label: -best[label])
    scores = [[dict(pairs).get(label) for pairs in ranked] for label in labels]
    return LabelTable(labels, scores, [pairs[0][0] if pairs else None for pairs in ranked])


@dataclass(frozen=True)
class EntityRow:
    """A span of the input and what each side found there (label, score), or None."""

    start: int
    end: int
    text: str
    sides: list[tuple[str | None, float | None] | None]

    @property
    def agree(self) -> bool:
        found = [side[0] if side else None for side in self.sides]
        return len(set(found)) == 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def align_entities(results: Sequence[Any], text: str | None = None) -> list[EntityRow]:
    """Entities of every side aligned by character span: the same span, or spans overlapping by
    at least half (so `New York` and `York` meet in one row)."""
    rows: list[dict[str, Any]] = []
    for side, result in enumerate(results):
        for entity in extract.entities_of(result) if result is not None else []:
            start, end = entity["start"], entity["end"]
            if not isinstance(start, int) or not isinstance(end, int):
                continue
            row = next(
                (
                    r
                    for r in rows
                    if side not in r["sides"] and _overlap(r["span"], (start, end)) >= 0.5
                ),
                None,
            )
            if row is None:
                row = {"span": (start, end), "word": entity["word"], "sides": {}}
                rows.append(row)
            row["sides"][side] = (entity["label"], entity["score"])
    rows.sort(key=lambda r: r["span"])
    return [
        EntityRow(
            r["span"][0],
            r["span"][1],
            text[r["span"][0] : r["span"][1]] if text else r["word"],
            [r["sides"].get(side) for side in range(len(results))],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class BoxMatch:
    """Side `a` against side `b`: matched (i, j, IoU) pairs, and the boxes left alone."""

    a: int
    b: int
    pairs: list[tuple[int, int, float]]
    only_a: list[int]
    only_b: list[int]

    @property
    def mean_iou(self) -> float | None:
        return sum(p[2] for p in self.pairs) / len(self.pairs) if self.pairs else None


@dataclass(frozen=True)
class BoxComparison:
    """Every side's boxes (to draw on one image) and the matches of each pair of sides."""

    boxes: list[list[dict[str, Any]]]
    matches: list[BoxMatch] = field(default_factory=list)


def _match(
    a: list[dict[str, Any]], b: list[dict[str, Any]], bound: float, same_label: bool
) -> tuple[list[tuple[int, int, float]], list[int], list[int]]:
    candidates = sorted(
        (
            (iou(x["box"], y["box"]), i, j)
            for i, x in enumerate(a)
            for j, y in enumerate(b)
            if not same_label or x["label"] == y["label"]
        ),
        reverse=True,
    )
    pairs, used_a, used_b = [], set(), set()
    for overlap, i, j in candidates:
        if overlap >= bound and i not in used_a and j not in used_b:
            pairs.append((i, j, round(overlap, 4)))
            used_a.add(i)
            used_b.add(j)
    return (
        sorted(pairs),
        [i for i in range(len(a)) if i not in used_a],
        [j for j in range(len(b)) if j not in used_b],
    )


def match_boxes(
    results: Sequence[Any], iou_at_least: float = 0.5, same_label: bool = True
) -> BoxComparison:
    """Boxes of all sides, greedily matched by IoU (highest first) for every pair of sides."""
    boxes = [extract.boxes_of(result) if result is not None else [] for result in results]
    matches = []
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            pairs, only_a, only_b = _match(boxes[a], boxes[b], iou_at_least, same_label)
            matches.append(BoxMatch(a, b, pairs, only_a, only_b))
    return BoxComparison(boxes, matches)


def _texts(results: Sequence[Any]) -> list[str | None]:
    return [extract.text_of(result) if result is not None else None for result in results]


def wer_matrix(results: Sequence[Any]) -> list[list[float | None]]:
    """WER of each side's text (column) against each other side's as the reference (row)."""
    texts = _texts(results)
    return [
        [wer(ref, hyp) if ref is not None and hyp is not None else None for hyp in texts]
        for ref in texts
    ]


@dataclass(frozen=True)
class TextDiff:
    """Side `b`'s text against side `a`'s: word diff ops and a similarity ratio (0–1)."""

    a: int
    b: int
    ops: list[DiffOp]
    ratio: float


def text_diffs(results: Sequence[Any], base: int = 0) -> list[TextDiff]:
    """Each side's text diffed against the `base` side's."""
    texts = _texts(results)
    if base >= len(texts) or texts[base] is None:
        return []
    reference = str(texts[base])
    diffs = []
    for side, text in enumerate(texts):
        if side == base or text is None:
            continue
        ratio = difflib.SequenceMatcher(a=reference.split(), b=text.split()).ratio()
        diffs.append(TextDiff(base, side, word_diff(reference, text), round(ratio, 4)))
    return diffs


def cosine_matrix(results: Sequence[Any]) -> list[list[float | None]]:
    """Cosine similarity between the sides' embeddings (None where a side has none or the
    lengths differ)."""
    vectors = [extract.vector_of(result) if result is not None else None for result in results]

    def cell(x: list[float] | None, y: list[float] | None) -> float | None:
        if x is None or y is None or len(x) != len(y):
            return None
        return round(cosine(x, y), 6)

    return [[cell(x, y) for y in vectors] for x in vectors]


def score_table(results: Sequence[Any]) -> list[list[float | None]]:
    """Sentence similarity: one row per compared sentence, one column per side."""
    lists = [r if isinstance(r, list) else [] for r in results]
    rows = max((len(scores) for scores in lists), default=0)
    return [[scores[i] if i < len(scores) else None for scores in lists] for i in range(rows)]


def pair_images(results: Sequence[Any]) -> list[tuple[int, Any]]:
    """Image outputs side by side: (side, image) for every side that produced one."""
    return [(side, result) for side, result in enumerate(results) if result is not None]


@dataclass(frozen=True)
class Comparison:
    """What to draw below the sides: `kind` names the view, `data` holds it."""

    kind: str
    data: Any


_VIEWS: dict[str, tuple[str, Callable[[Sequence[Any]], Any]]] = {
    "object-detection": ("boxes", match_boxes),
    "token-classification": ("entities", align_entities),
    "automatic-speech-recognition": ("transcripts", wer_matrix),
    "feature-extraction": ("embeddings", cosine_matrix),
    "sentence-similarity": ("scores", score_table),
    "text-to-image": ("images", pair_images),
    "image-to-image": ("images", pair_images),
}


def compare(task: str, results: Sequence[Any], text: str | None = None) -> Comparison:
    """The comparison that fits `task` (`text`: the input, for entity spans)."""
    if task == "token-classification":
        return Comparison("entities", align_entities(results, text))
    if task in _VIEWS:
        kind, view = _VIEWS[task]
        return Comparison(kind, view(results))
    if task in extract.LABELLED_TASKS and task not in extract.TEXT_TASKS:
        return Comparison("labels", compare_labels(results))
    if task in extract.TEXT_TASKS:
        return Comparison("texts", text_diffs(results))
    return Comparison("sides", pair_images(results))
