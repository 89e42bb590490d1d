"""Sentence similarity tab: one sentence per line in; bars and a ranking, best first, out."""

from __future__ import annotations

import pytest

from playground.client.methods.embeddings import cosine_similarities
from playground.tasks.sentence_similarity import SPEC
from playground.tasks.spec import CallArgs, Example

from .helpers import example_inputs, shown, widget_inputs

SOURCE = "A man is playing a guitar."
OTHERS = ["A woman is cooking.", "Someone plays an instrument.", "A guitarist on stage."]


def test_one_sentence_per_line_blank_lines_dropped() -> None:
    inputs = widget_inputs(SPEC, {"sentence": SOURCE, "others": "\n".join(OTHERS) + "\n\n  \n"})
    assert SPEC.build_call(inputs, {}) == CallArgs((SOURCE, OTHERS))


def test_scores_become_bars_and_a_ranking_highest_first() -> None:
    rendered = SPEC.render([0.1, 0.8, 0.75], CallArgs((SOURCE, OTHERS)), {})
    assert list(rendered["scores"].items()) == [
        ("Someone plays an instrument.", 0.8),
        ("A guitarist on stage.", 0.75),
        ("A woman is cooking.", 0.1),
    ]
    table = rendered["table"]
    assert list(table["rank"]) == [1, 2, 3]
    assert list(table["sentence"]) == list(rendered["scores"])
    out = shown(SPEC, rendered)
    assert out["scores"].label == "Someone plays an instrument."
    assert out["table"].headers == ["rank", "sentence", "similarity"]


def test_scores_computed_from_openai_embeddings_render_too() -> None:
    scores = cosine_similarities([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    rendered = SPEC.render(scores, CallArgs((SOURCE, OTHERS)), {})
    assert rendered["table"]["sentence"][0] == "A woman is cooking."
    assert rendered["table"]["similarity"][0] == pytest.approx(1.0)


def test_repeated_sentences_keep_their_own_bars() -> None:
    rendered = SPEC.render([0.9, 0.9], CallArgs((SOURCE, ["same", "same"])), {})
    assert rendered["scores"] == {"same": 0.9, "same (2)": 0.9}
    assert len(rendered["table"]) == 2
    shown(SPEC, rendered)


def test_a_score_count_that_does_not_match_is_an_error() -> None:
    with pytest.raises(ValueError, match="2 similarity scores for 3 sentences"):
        SPEC.render([0.1, 0.2], CallArgs((SOURCE, OTHERS)), {})


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call(example: Example) -> None:
    sentence, others = SPEC.build_call(example_inputs(SPEC, example), {}).args
    assert sentence == example.values["sentence"]
    assert len(others) >= 3
