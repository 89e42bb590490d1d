"""Sentence similarity: how close each sentence is to a source sentence, most similar first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from playground import render
from playground.tasks.common import local_model
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, TaskSpec


def ranking_table(sentences: Sequence[str], scores: Sequence[float]) -> pd.DataFrame:
    """One row per sentence, most similar first."""
    ranked = sorted(zip(sentences, scores, strict=True), key=lambda pair: -pair[1])
    return pd.DataFrame(
        [
            {"rank": rank, "sentence": sentence, "similarity": round(float(score), 4)}
            for rank, (sentence, score) in enumerate(ranked, start=1)
        ],
        columns=["rank", "sentence", "similarity"],
    )


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    sentences = call.args[1]
    return {
        "scores": render.similarity_scores(sentences, result),
        "table": ranking_table(sentences, result),
    }


SPEC = TaskSpec(
    id="sentence-similarity",
    title="Sentence similarity",
    group="Text",
    description="Compare a sentence with others: the model scores how close in meaning each "
    "one is (cosine similarity of their embeddings; higher is closer).",
    method="sentence_similarity",
    inputs=[
        Field("sentence", "Source sentence", "text"),
        Field("others", "Sentences to compare", "lines", lines=5, max_chars=50_000),
    ],
    outputs=[
        OutputWidget("scores", "Similarity", "label"),
        OutputWidget("table", "Ranking", "table"),
    ],
    build_call=lambda inputs, _params: CallArgs((inputs["sentence"], inputs["others"])),
    render=view,
    examples=[
        Example(
            {
                "sentence": "A man is playing a guitar.",
                "others": "Someone plays an instrument.\nA woman is cooking pasta.\n"
                "The guitarist performs a song on stage.",
            },
            "Music",
        ),
        Example(
            {
                "sentence": "How do I reset my password?",
                "others": "I forgot my login details.\nWhat are your opening hours?\n"
                "Steps to change your account password\nMy package never arrived.",
            },
            "Support questions",
        ),
    ],
    local_model=local_model("sentence-similarity"),
    hub_models=(
        "sentence-transformers/all-MiniLM-L6-v2",
        "BAAI/bge-small-en-v1.5",
        "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
    ),
    promise="a list of floats, one similarity per compared sentence, in order",
)
