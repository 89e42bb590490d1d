"""Text outputs: the filled fill-mask sentence, QA answer spans, generation token tables."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from playground.render._fields import as_float, field, scored_label
from playground.render.classification import mask_candidates
from playground.render.entities import Highlight, highlight_entities

TOKEN_COLUMNS = ["#", "token", "id", "logprob", "probability", "special"]


def filled_sentence(text: str, predictions: Sequence[Any], mask_token: str) -> list[Highlight]:
    """`gr.HighlightedText` value: `text` with each mask replaced by its best token, marked.

    Falls back to the top predicted `sequence` when the masks in `text` cannot be matched
    to the predictions (e.g. a different mask token).
    """
    best = [max(group, key=_score_or_zero) for group in mask_candidates(predictions) if group]
    if not best:
        return [(text, None)]
    parts = text.split(mask_token) if mask_token else [text]
    if len(parts) - 1 != len(best):
        return [(str(field(best[0], "sequence", text)), None)]
    pieces: list[Highlight] = []
    for before, prediction in zip(parts, best, strict=False):
        if before:
            pieces.append((before, None))
        token = str(field(prediction, "token_str", "")).strip()
        pieces.append((token, scored_label("mask", field(prediction, "score"))))
    if parts[-1]:
        pieces.append((parts[-1], None))
    return pieces


def highlight_answer(context: str, answers: Any) -> list[Highlight]:
    """`gr.HighlightedText` value: `context` with the extractive QA answer span(s) marked.

    `answers` is one `{"answer", "score", "start", "end"}` or a list of them (top_k > 1).
    """
    items = [answers] if not isinstance(answers, list | tuple) else list(answers)
    as_entities = [
        {
            "entity_group": "answer",
            "score": field(a, "score"),
            "start": field(a, "start"),
            "end": field(a, "end"),
            "word": field(a, "answer"),
        }
        for a in items
    ]
    return highlight_entities(context, as_entities)


def generated_tokens(details: Any, *, include_prefill: bool = False) -> list[Any]:
    """The token list of text-generation `details` (accepts the whole output or `details`)."""
    if details is None:
        return []
    inner = field(details, "details")
    details = inner if inner is not None else details
    if isinstance(details, list | tuple):
        return list(details)
    prefill = list(field(details, "prefill", None) or []) if include_prefill else []
    return prefill + list(field(details, "tokens", None) or [])


def tokens_table(details: Any, *, include_prefill: bool = False) -> pd.DataFrame:
    """One row per generated token: text (quoted, so spaces and newlines show), id, logprob,
    probability and whether it is special."""
    rows = []
    for position, token in enumerate(generated_tokens(details, include_prefill=include_prefill)):
        logprob = as_float(field(token, "logprob"))
        rows.append(
            {
                "#": position,
                "token": json.dumps(str(field(token, "text", "")), ensure_ascii=False),
                "id": field(token, "id"),
                "logprob": None if logprob is None else round(logprob, 4),
                "probability": None if logprob is None else round(math.exp(logprob), 4),
                "special": bool(field(token, "special", False)),
            }
        )
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def token_probabilities(details: Any) -> list[tuple[str, float | None]]:
    """`gr.HighlightedText` value shading each generated token by its probability (0–1)."""
    return [
        (str(field(token, "text", "")), _probability(field(token, "logprob")))
        for token in generated_tokens(details)
    ]


def _probability(logprob: Any) -> float | None:
    value = as_float(logprob)
    return None if value is None else math.exp(value)


def _score_or_zero(prediction: Any) -> float:
    return as_float(field(prediction, "score")) or 0.0
