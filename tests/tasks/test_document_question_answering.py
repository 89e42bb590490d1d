from typing import Any

import pytest

from playground.assets import asset
from playground.client.types import DocumentQuestionAnsweringOutput
from playground.tasks.document_question_answering import SPEC
from playground.tasks.spec import CallArgs

from .helpers import example_inputs, shown

CALL = CallArgs(("invoice.png", "What is the total due?"))


def parsed(*items: dict[str, Any]) -> list[Any]:
    return [DocumentQuestionAnsweringOutput.parse(item) for item in items]


def test_build_call_sends_top_k_as_a_keyword_and_the_rest_as_parameters() -> None:
    inputs = {"image": "page.png", "question": "Who pays?"}
    call = SPEC.build_call(
        inputs, {"top_k": 2, "max_answer_len": 10, "lang": "eng", "handle_impossible_answer": True}
    )
    assert call == CallArgs(
        ("page.png", "Who pays?"),
        {
            "top_k": 2,
            "parameters": {"max_answer_len": 10, "handle_impossible_answer": True, "lang": "eng"},
        },
    )


def test_an_unticked_checkbox_leaves_the_server_default() -> None:
    inputs = {"image": "page.png", "question": "Who pays?"}
    assert SPEC.build_call(inputs, {"handle_impossible_answer": False}).kwargs == {}


def test_the_best_answer_is_prominent_and_all_are_in_the_table() -> None:
    result = parsed(
        {"answer": "$1,234.56", "score": 0.87, "start": 41, "end": 41},
        {"answer": "$1,000.00", "score": 0.06, "start": 35, "end": 36},
    )
    rendered = SPEC.render(result, CALL, {})
    assert rendered["answer"] == "## $1,234\\.56\nscore 0.870 · word 41 of the page's text"
    assert rendered["table"].to_dict("records") == [
        {"answer": "$1,234.56", "score": 0.87, "start word": 41, "end word": 41},
        {"answer": "$1,000.00", "score": 0.06, "start word": 35, "end word": 36},
    ]
    table = shown(SPEC, rendered)["table"]
    assert table.headers == ["answer", "score", "start word", "end word"]


def test_a_span_of_words_is_named() -> None:
    result = parsed({"answer": "Jane Smith", "score": 0.5, "start": 7, "end": 8})
    assert "words 7–8" in SPEC.render(result, CALL, {})["answer"]


def test_donut_style_answers_without_score_or_position() -> None:
    rendered = SPEC.render(parsed({"answer": "4521"}), CALL, {})
    assert rendered["answer"] == "## 4521\nno score given"
    row = rendered["table"].iloc[0]
    assert row["answer"] == "4521"
    assert row.isna()[["score", "start word", "end word"]].all()
    shown(SPEC, rendered)


def test_no_answer_says_so() -> None:
    rendered = SPEC.render([], CALL, {})
    assert rendered == {"answer": "The model returned no answer.", "table": None}
    shown(SPEC, rendered)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_exist_and_build_a_call(example) -> None:
    inputs = example_inputs(SPEC, example)
    call = SPEC.build_call(inputs, {"handle_impossible_answer": False})
    assert call == CallArgs((str(asset(example.values["image"])), example.values["question"]), {})
