"""Token classification (NER): robust `gr.HighlightedText` values and an entity table.

Handles what servers really send: unsorted or overlapping entities, missing or out-of-range
offsets, `entity_group` (aggregated) or `entity` (per token) keys, and B-/I- tag prefixes.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

import pandas as pd

from playground.render._fields import as_float, field, scored_label
from playground.render.colors import label_colors

Highlight: TypeAlias = tuple[str, str | None]

_TAG_PREFIX = re.compile(r"^([BIESLU])[-_](.+)$")
_CONTINUATION_PREFIXES = {"I", "E", "L"}
_SUBWORD_MARKERS = ("##", "▁", "Ġ")  # WordPiece, SentencePiece, byte-level BPE


@dataclass(frozen=True)
class Entity:
    """One entity as a span of the input text; `scores` holds one score per merged token."""

    start: int
    end: int
    group: str
    scores: tuple[float, ...] = ()
    prefix: str = ""
    aggregated: bool = True

    @property
    def score(self) -> float | None:
        """The mean score of the tokens it was built from (None when none had a score)."""
        return sum(self.scores) / len(self.scores) if self.scores else None

    def merged_with(self, other: Entity) -> Entity:
        """This entity stretched to the end of `other`, keeping both entities' scores."""
        return replace(self, end=other.end, scores=self.scores + other.scores)


def normalize_entities(text: str, entities: Iterable[Any]) -> list[Entity]:
    """Entities as sorted, non-overlapping spans of `text` with bare group names.

    Per-token `B-PER`/`I-PER` pieces are joined into one entity; of two overlapping entities
    the higher-scoring one is kept; entities that cannot be placed in `text` are dropped.
    """
    located = sorted(_locate_all(text, entities), key=lambda e: (e.start, -e.end))
    return _drop_overlaps(_merge_continuations(text, located))


def highlight_entities(
    text: str, entities: Iterable[Any], *, show_scores: bool = True
) -> list[Highlight]:
    """Value for `gr.HighlightedText`: `(piece, category)` pairs that spell out `text` exactly.

    Categories are `"PER 0.99"` (or `"PER"` without scores); pair with `entity_color_map`.
    """
    pieces: list[Highlight] = []
    cursor = 0
    for entity in normalize_entities(text, entities):
        if entity.start > cursor:
            pieces.append((text[cursor : entity.start], None))
        category = scored_label(entity.group, entity.score, show_score=show_scores)
        pieces.append((text[entity.start : entity.end], category))
        cursor = entity.end
    if cursor < len(text) or not pieces:
        pieces.append((text[cursor:], None))
    return pieces


def entity_color_map(
    text: str, entities: Iterable[Any], *, show_scores: bool = True
) -> dict[str, str]:
    """`color_map` for `gr.HighlightedText`: each category gets the colour of its group."""
    normalized = normalize_entities(text, entities)
    by_group = label_colors(e.group for e in normalized)
    return {
        scored_label(e.group, e.score, show_score=show_scores): by_group[e.group]
        for e in normalized
    }


def entities_table(text: str, entities: Iterable[Any]) -> pd.DataFrame:
    """One row per entity: its text, group, score and character offsets, in text order."""
    rows = [
        {
            "entity": text[e.start : e.end],
            "group": e.group,
            "score": None if e.score is None else round(e.score, 4),
            "start": e.start,
            "end": e.end,
        }
        for e in normalize_entities(text, entities)
    ]
    return pd.DataFrame(rows, columns=["entity", "group", "score", "start", "end"])


def split_tag(tag: str) -> tuple[str, str]:
    """`"B-PER"` → `("B", "PER")`; `"PER"` → `("", "PER")`."""
    match = _TAG_PREFIX.match(tag)
    return (match.group(1), match.group(2)) if match else ("", tag)


def _locate_all(text: str, entities: Iterable[Any]) -> list[Entity]:
    located = []
    search_from = 0
    for item in entities:
        entity = _locate(text, item, search_from)
        if entity is not None:
            located.append(entity)
            search_from = entity.end
    return located


def _locate(text: str, item: Any, search_from: int) -> Entity | None:
    group_tag = field(item, "entity_group")
    aggregated = group_tag is not None
    tag = str(group_tag if aggregated else field(item, "entity", "") or "")
    prefix, group = split_tag(tag)
    if group in ("", "O"):
        return None
    span = _offsets(text, item) or _find_word(text, field(item, "word"), search_from)
    if span is None:
        return None
    score = as_float(field(item, "score"))
    scores = () if score is None else (score,)
    return Entity(span[0], span[1], group, scores, prefix, aggregated)


def _offsets(text: str, item: Any) -> tuple[int, int] | None:
    start, end = field(item, "start"), field(item, "end")
    if not _is_integer(start) or not _is_integer(end):
        return None
    start, end = max(0, int(start)), min(len(text), int(end))
    return (start, end) if start < end else None


def _find_word(text: str, word: Any, search_from: int) -> tuple[int, int] | None:
    needle = str(word or "").strip()
    for marker in _SUBWORD_MARKERS:
        needle = needle.removeprefix(marker)
    if not needle:
        return None
    # Case-insensitive: uncased models return lower-cased words. Prefer a match after the
    # previous entity, so repeated words land on successive occurrences.
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    match = pattern.search(text, search_from) or pattern.search(text)
    return match.span() if match else None


def _is_integer(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _merge_continuations(text: str, entities: list[Entity]) -> list[Entity]:
    merged: list[Entity] = []
    for entity in entities:
        if merged and _continues(text, merged[-1], entity):
            merged[-1] = merged[-1].merged_with(entity)
        else:
            merged.append(entity)
    return merged


def _continues(text: str, previous: Entity, entity: Entity) -> bool:
    if entity.group != previous.group or entity.start < previous.end:
        return False
    gap = text[previous.end : entity.start]
    if entity.prefix in _CONTINUATION_PREFIXES:
        return gap.strip() == ""
    # Untagged per-token pieces of one word (e.g. "Wolf" + "##gang") touch with no gap.
    return not entity.aggregated and not entity.prefix and gap == ""


def _drop_overlaps(entities: list[Entity]) -> list[Entity]:
    kept: list[Entity] = []
    for entity in entities:  # sorted by start, so only the last kept one can overlap
        if kept and entity.start < kept[-1].end:
            if _rank(entity) > _rank(kept[-1]):
                kept[-1] = entity
        else:
            kept.append(entity)
    return kept


def _rank(entity: Entity) -> tuple[float, int]:
    return (entity.score if entity.score is not None else 0.0, entity.end - entity.start)
