"""Label bars (`gr.Label` values) for classification, zero-shot, similarity and fill-mask."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from playground.render._fields import as_float, field, unique_key

# Softmax scores over all classes sum to 1; allow for float32 rounding in what servers send.
SUM_TOLERANCE = 0.02


def label_scores(predictions: Iterable[Any], *, top_k: int | None = None) -> dict[str, float]:
    """`{label: score}` for `gr.Label`, highest first, scores exactly as the model gave them.

    Scores are never renormalised, so multi-label (sigmoid) outputs keep their meaning.
    Repeated labels are kept apart as `label (2)`.
    """
    pairs = sorted(_label_score_pairs(predictions), key=lambda pair: -pair[1])
    scores: dict[str, float] = {}
    for label, score in pairs[:top_k] if top_k is not None else pairs:
        scores[unique_key(label, scores)] = score
    return scores


def looks_multi_label(predictions: Iterable[Any]) -> bool:
    """True when the scores cannot be one softmax distribution (they sum to more than 1).

    Scores summing to 1 or less are ambiguous (softmax, a truncated top-k, or low sigmoid
    scores), so this returns False for them.
    """
    total = sum(score for _, score in _label_score_pairs(predictions))
    return total > 1 + SUM_TOLERANCE


def scores_note(predictions: Iterable[Any]) -> str:
    """One sentence telling the user how to read the bars."""
    if looks_multi_label(predictions):
        return "Scores are independent per label (multi-label): several labels can be true."
    return "Scores are shared between labels (they sum to at most 1)."


def similarity_scores(sentences: Sequence[str], scores: Sequence[float]) -> dict[str, float]:
    """`{sentence: similarity}` for `gr.Label`, most similar first.

    Raises ValueError when the server returned a different number of scores than sentences.
    """
    if len(sentences) != len(scores):
        raise ValueError(
            f"Got {len(scores)} similarity scores for {len(sentences)} sentences; "
            "the server's answer does not match the request."
        )
    return label_scores({"label": s, "score": v} for s, v in zip(sentences, scores, strict=True))


def fill_mask_scores(predictions: Sequence[Any], *, mask_index: int = 0) -> dict[str, float]:
    """`{token: score}` for `gr.Label` from fill-mask output (the `mask_index`-th mask when
    the input held several masks and the output is a list of lists)."""
    candidates = mask_candidates(predictions)
    if not candidates:
        return {}
    chosen = candidates[min(mask_index, len(candidates) - 1)]
    return label_scores(
        {"label": str(field(p, "token_str", "")).strip(), "score": field(p, "score")}
        for p in chosen
    )


def mask_candidates(predictions: Sequence[Any]) -> list[list[Any]]:
    """Fill-mask output as one candidate list per mask (a single mask gives a flat list)."""
    items = list(predictions)
    if items and isinstance(items[0], list | tuple):
        return [list(group) for group in items]
    return [items] if items else []


def _label_score_pairs(predictions: Iterable[Any]) -> list[tuple[str, float]]:
    # Also accepts the old zero-shot shape {"sequence", "labels": [...], "scores": [...]}.
    if isinstance(predictions, dict) and "labels" in predictions:
        predictions = (
            {"label": label, "score": score}
            for label, score in zip(predictions["labels"], predictions["scores"], strict=False)
        )
    pairs = []
    for prediction in predictions:
        score = as_float(field(prediction, "score"))
        if score is not None:
            pairs.append((str(field(prediction, "label", "")), score))
    return pairs
