import gradio as gr
import numpy as np
import pytest

from playground.render.classification import (
    fill_mask_scores,
    label_scores,
    looks_multi_label,
    mask_candidates,
    scores_note,
    similarity_scores,
)

SINGLE = [{"label": "POSITIVE", "score": 0.9}, {"label": "NEGATIVE", "score": 0.1}]
MULTI = [
    {"label": "joy", "score": 0.93},
    {"label": "optimism", "score": 0.81},
    {"label": "anger", "score": 0.02},
]


def test_scores_keep_their_values_highest_first() -> None:
    assert label_scores(list(reversed(SINGLE))) == {"POSITIVE": 0.9, "NEGATIVE": 0.1}
    assert list(label_scores(list(reversed(SINGLE)))) == ["POSITIVE", "NEGATIVE"]


def test_multi_label_scores_are_not_renormalised() -> None:
    scores = label_scores(MULTI)
    assert scores == {"joy": 0.93, "optimism": 0.81, "anger": 0.02}
    assert sum(scores.values()) > 1


def test_multi_label_detection() -> None:
    assert looks_multi_label(MULTI)
    assert not looks_multi_label(SINGLE)
    assert not looks_multi_label([{"label": "a", "score": 0.6}])  # truncated top-k softmax
    assert not looks_multi_label([{"label": "a", "score": 0.5000001}, {"label": "b", "score": 0.5}])
    assert "multi-label" in scores_note(MULTI)
    assert "sum to at most 1" in scores_note(SINGLE)


def test_top_k_numpy_scores_and_duplicate_labels() -> None:
    items = [
        {"label": "cat", "score": np.float32(0.5)},
        {"label": "cat", "score": 0.3},
        {"label": "dog", "score": 0.2},
        {"label": "broken", "score": None},
    ]
    scores = label_scores(items)
    assert scores == {"cat": 0.5, "cat (2)": pytest.approx(0.3), "dog": 0.2}
    assert all(type(v) is float for v in scores.values())
    assert label_scores(items, top_k=1) == {"cat": 0.5}


def test_old_zero_shot_shape_is_accepted() -> None:
    old = {"sequence": "I love it", "labels": ["happy", "sad"], "scores": [0.8, 0.2]}
    assert label_scores(old) == {"happy": 0.8, "sad": 0.2}


def test_attribute_objects_are_read_like_dicts() -> None:
    class Item:
        def __init__(self, label: str, score: float) -> None:
            self.label, self.score = label, score

    assert label_scores([Item("a", 0.7), Item("b", 0.3)]) == {"a": 0.7, "b": 0.3}


@pytest.mark.parametrize("predictions", [SINGLE, MULTI, []])
def test_label_values_pass_postprocess(predictions: list) -> None:
    data = gr.Label().postprocess(label_scores(predictions))
    if predictions:
        assert data.label == predictions[0]["label"]
        assert [c.confidence for c in data.confidences] == [p["score"] for p in predictions]
    else:
        assert data == {}


def test_similarity_scores_as_bars() -> None:
    scores = similarity_scores(["a cat", "a dog", "a cat"], [0.9, 0.2, -0.1])
    assert scores == {"a cat": 0.9, "a dog": 0.2, "a cat (2)": -0.1}
    assert gr.Label().postprocess(scores).label == "a cat"


def test_similarity_score_count_must_match() -> None:
    with pytest.raises(ValueError, match="2 similarity scores for 3 sentences"):
        similarity_scores(["a", "b", "c"], [0.1, 0.2])


FILL = [
    {"sequence": "paris is the capital of france.", "score": 0.7, "token_str": "capital"},
    {"sequence": "paris is the heart of france.", "score": 0.1, "token_str": " heart"},
]


def test_fill_mask_scores_by_token() -> None:
    assert fill_mask_scores(FILL) == {"capital": 0.7, "heart": 0.1}
    two_masks = [FILL, [{"token_str": "city", "score": 0.4}]]
    assert fill_mask_scores(two_masks, mask_index=1) == {"city": 0.4}
    assert fill_mask_scores([]) == {}
    assert mask_candidates(FILL) == [FILL]
    assert gr.Label().postprocess(fill_mask_scores(FILL)).label == "capital"
