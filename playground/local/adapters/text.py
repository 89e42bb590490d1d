"""Text classification: VADER sentiment and langid language identification."""

from __future__ import annotations

from typing import Any

from ..payload import Payload
from .base import top_k


class Vader:
    """VADER's compound score c ∈ [-1, 1] as two labels: positive (1+c)/2, negative (1-c)/2."""

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer = SentimentIntensityAnalyzer()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        compound = self.analyzer.polarity_scores(payload.text())["compound"]
        scores = [
            {"label": "positive", "score": round((1 + compound) / 2, 4)},
            {"label": "negative", "score": round((1 - compound) / 2, 4)},
        ]
        return [top_k(scores, payload)]


class LangId:
    """langid.py over 97 languages; labels are ISO 639-1 codes, scores normalised probabilities."""

    def __init__(self) -> None:
        from langid.langid import LanguageIdentifier, model

        self.identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        ranked = self.identifier.rank(payload.text())
        scores = [{"label": code, "score": round(float(p), 6)} for code, p in ranked]
        return [top_k(scores, payload, default=5)]
