import math

import gradio as gr
import pytest

from playground.render.text import (
    filled_sentence,
    generated_tokens,
    highlight_answer,
    token_probabilities,
    tokens_table,
)

FILL = [
    {"sequence": "paris is the capital of france.", "score": 0.7, "token_str": "capital"},
    {"sequence": "paris is the heart of france.", "score": 0.1, "token_str": " heart"},
]


def test_filled_sentence_marks_the_best_token() -> None:
    pieces = filled_sentence("Paris is the [MASK] of France.", list(reversed(FILL)), "[MASK]")
    assert pieces == [("Paris is the ", None), ("capital", "mask 0.70"), (" of France.", None)]
    assert gr.HighlightedText().postprocess(pieces).root[1].class_or_confidence == "mask 0.70"


def test_filled_sentence_with_several_masks() -> None:
    second = [{"token_str": "big", "score": 0.4}]
    pieces = filled_sentence("<mask> city, <mask> river", [FILL, second], "<mask>")
    assert "".join(text for text, _ in pieces) == "capital city, big river"


def test_filled_sentence_falls_back_to_the_sequence() -> None:
    assert filled_sentence("no mask here", FILL, "[MASK]") == [
        ("paris is the capital of france.", None)
    ]
    assert filled_sentence("text", [], "[MASK]") == [("text", None)]


def test_answer_span_is_highlighted_in_the_context() -> None:
    context = "The Eiffel Tower is in Paris."
    answer = {"answer": "Paris", "score": 0.93, "start": 23, "end": 28}
    pieces = highlight_answer(context, answer)
    assert pieces == [("The Eiffel Tower is in ", None), ("Paris", "answer 0.93"), (".", None)]
    several = highlight_answer(context, [answer, {"answer": "Eiffel", "score": 0.1}])
    assert [p for p, c in several if c] == ["Eiffel", "Paris"]
    assert "".join(item.token for item in gr.HighlightedText().postprocess(pieces).root) == context


DETAILS = {
    "finish_reason": "length",
    "generated_tokens": 3,
    "prefill": [{"id": 1, "text": "<s>", "logprob": None}],
    "tokens": [
        {"id": 5, "text": " Hello", "logprob": -0.1, "special": False},
        {"id": 6, "text": "\n", "logprob": -2.3, "special": False},
        {"id": 2, "text": "</s>", "logprob": 0.0, "special": True},
    ],
}


def test_token_table_shows_text_logprob_and_probability() -> None:
    table = tokens_table(DETAILS)
    assert list(table.columns) == ["#", "token", "id", "logprob", "probability", "special"]
    assert table["token"].tolist() == ['" Hello"', '"\\n"', '"</s>"']
    assert table["probability"].tolist() == [
        round(math.exp(-0.1), 4),
        round(math.exp(-2.3), 4),
        1.0,
    ]
    assert table["special"].tolist() == [False, False, True]
    data = gr.Dataframe(interactive=False).postprocess(table)
    assert data.headers == list(table.columns)


def test_prefill_and_output_shapes_are_accepted() -> None:
    with_prefill = tokens_table(DETAILS, include_prefill=True)
    assert len(with_prefill) == 4
    assert with_prefill["logprob"].isna().tolist() == [True, False, False, False]
    whole_output = {"generated_text": " Hello", "details": DETAILS}
    assert len(generated_tokens(whole_output)) == 3
    assert len(generated_tokens(DETAILS["tokens"])) == 3
    assert generated_tokens(None) == []
    assert tokens_table(None).empty


def test_token_probabilities_shade_highlighted_text() -> None:
    pieces = token_probabilities(DETAILS)
    assert pieces[0][0] == " Hello"
    assert pieces[0][1] == pytest.approx(math.exp(-0.1))
    data = gr.HighlightedText().postprocess(pieces)
    assert len(data.root) == 3
