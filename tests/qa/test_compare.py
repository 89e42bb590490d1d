"""Comparison of several sides: pure cases, then real answers of the local and fake servers
to the same input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from playground.client import InferenceClient
from playground.qa.compare import (
    align_entities,
    compare,
    compare_labels,
    cosine_matrix,
    match_boxes,
    text_diffs,
    wer_matrix,
)
from playground.qa.metrics import DiffOp, iou, percentile, wer

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_metrics() -> None:
    assert wer("the cat sat", "the cat sat") == 0.0
    assert wer("the cat sat", "a cat sat down") == pytest.approx(2 / 3)
    assert wer("", "") == 0.0
    assert iou([0, 0, 10, 10], {"xmin": 5, "ymin": 0, "xmax": 15, "ymax": 10}) == pytest.approx(
        1 / 3
    )
    assert iou([0, 0, 1, 1], [2, 2, 3, 3]) == 0.0
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([], 95) is None


def test_labels_in_one_table() -> None:
    a = [{"label": "positive", "score": 0.9}, {"label": "negative", "score": 0.1}]
    b = [{"label": "POSITIVE", "score": 0.6}]
    table = compare_labels([a, b, None])
    assert table.labels == ["positive", "POSITIVE", "negative"]
    assert table.scores == [[0.9, None, None], [None, 0.6, None], [0.1, None, None]]
    assert table.top == ["positive", "POSITIVE", None]
    assert not table.agree


def test_entities_align_by_overlapping_span() -> None:
    text = "Clara moved to New York."

    def entity(label: str, word: str, start: int, score: float) -> dict[str, Any]:
        return {
            "entity_group": label,
            "word": word,
            "start": start,
            "end": start + len(word),
            "score": score,
        }

    a = [entity("PER", "Clara", 0, 0.9), entity("LOC", "New York", 15, 0.8)]
    b = [entity("GPE", "New York", 15, 1.0), entity("PER", "moved", 6, 0.1)]
    rows = align_entities([a, b], text)
    assert [(r.text, r.sides) for r in rows] == [
        ("Clara", [("PER", 0.9), None]),
        ("moved", [None, ("PER", 0.1)]),
        ("New York", [("LOC", 0.8), ("GPE", 1.0)]),
    ]


def test_boxes_match_greedily_by_iou() -> None:
    a = [
        {"label": "cat", "score": 0.9, "box": [0, 0, 10, 10]},
        {"label": "dog", "score": 0.8, "box": [20, 20, 30, 30]},
    ]
    b = [{"label": "cat", "score": 0.7, "box": [1, 1, 10, 10]}]
    (match,) = match_boxes([a, b]).matches
    assert (match.pairs, match.only_a, match.only_b) == ([(0, 0, 0.81)], [1], [])
    assert match.mean_iou == 0.81


def test_texts_diff_and_wer() -> None:
    diffs = text_diffs(["the quick fox", {"summary_text": "the slow fox"}])
    assert diffs[0].ops == [
        DiffOp("equal", "the ", "the "),
        DiffOp("replace", "quick ", "slow "),
        DiffOp("equal", "fox", "fox"),
    ]
    assert wer_matrix(["a b", "a c", None]) == [
        [0.0, 0.5, None],
        [0.5, 0.0, None],
        [None, None, None],
    ]
    assert cosine_matrix([[1.0, 0.0], [[0.0, 1.0]], [1.0, 0.0, 0.0]]) == [
        [1.0, 0.0, None],
        [0.0, 1.0, None],
        [None, None, 1.0],
    ]


def sides(
    local_server: str, fake_server: str, method: str, *args: Any, models: tuple[str, str]
) -> list[Any]:
    out = []
    for base, model in zip((local_server, fake_server), models, strict=True):
        with InferenceClient(
            token=False, inference_endpoint=base, wait_for_model=True, timeout=120
        ) as client:
            out.append(getattr(client, method)(*args, model=model))
    return out


def test_real_servers_side_by_side(local_server: str, fake_server: str) -> None:
    text = "Clara Smith moved from Paris to New York."
    labels = compare(
        "text-classification",
        sides(
            local_server,
            fake_server,
            "text_classification",
            "I love it",
            models=("local/vader-sentiment", "fake/text-classification"),
        ),
    )
    assert labels.kind == "labels" and labels.data.top == ["positive", "POSITIVE"]
    entities = compare(
        "token-classification",
        sides(
            local_server,
            fake_server,
            "token_classification",
            text,
            models=("local/spacy-en-ner", "fake/token-classification"),
        ),
        text,
    )
    by_text = {row.text: [side[0] if side else None for side in row.sides] for row in entities.data}
    assert by_text["Clara Smith"] == ["PERSON", "PER"]
    assert by_text["New York"] == ["GPE", "LOC"]
    boxes = compare(
        "object-detection",
        sides(
            local_server,
            fake_server,
            "object_detection",
            ASSETS / "portrait.jpg",
            models=("local/opencv-face", "fake/object-detection"),
        ),
    )
    assert [len(b) for b in boxes.data.boxes] == [1, 2]
    assert boxes.data.matches[0].pairs == []
    speech = compare(
        "automatic-speech-recognition",
        sides(
            local_server,
            fake_server,
            "automatic_speech_recognition",
            ASSETS / "speech.wav",
            models=("local/pocketsphinx-en", "fake/automatic-speech-recognition"),
        ),
    )
    assert speech.kind == "transcripts" and 0.5 < speech.data[0][1] <= 2.0
    embeddings = compare(
        "feature-extraction",
        sides(
            local_server,
            fake_server,
            "feature_extraction",
            "A lighthouse",
            models=("local/e5-small", "fake/feature-extraction"),
        ),
    )
    assert embeddings.data == [[1.0, None], [None, 1.0]]
