"""Question answering tab: the answer and score, and where it is in the context."""

from __future__ import annotations

from typing import Any

from playground.client.methods.text_answers import parse_question_answering
from playground.tasks.question_answering import SPEC
from playground.tasks.spec import CallArgs

from .helpers import merged, shown

CONTEXT = "My name is Clara and I live in Berkeley."


def answer(text: str, score: float) -> dict[str, Any]:
    start = CONTEXT.index(text) if text else 0
    return {"answer": text, "score": score, "start": start, "end": start + len(text)}


def test_build_call_puts_other_parameters_under_parameters() -> None:
    inputs = {"question": "Where do I live?", "context": CONTEXT}
    assert SPEC.build_call(inputs, {"handle_impossible_answer": False}) == CallArgs(
        ("Where do I live?", CONTEXT), {}
    )
    call = SPEC.build_call(
        inputs, {"top_k": 2, "max_answer_len": 5, "handle_impossible_answer": True}
    )
    assert call.kwargs == {
        "top_k": 2,
        "parameters": {"max_answer_len": 5, "handle_impossible_answer": True},
    }


def test_one_answer_shows_its_score_and_its_place_in_the_context() -> None:
    result = parse_question_answering(answer("Berkeley", 0.92), None)
    rendered = SPEC.render(result, CallArgs(("Where do I live?", CONTEXT)), {})
    assert rendered["answer"] == {"Berkeley": 0.92}
    assert merged(rendered["context"]) == [
        ("My name is Clara and I live in ", None),
        ("Berkeley", "answer 0.92"),
        (".", None),
    ]
    assert rendered["note"] == ""
    out = shown(SPEC, rendered)
    assert out["answer"].label == "Berkeley"
    assert "".join(t.token for t in out["context"].root) == CONTEXT


def test_a_list_answer_from_the_server_is_read_like_an_object() -> None:
    result = parse_question_answering([answer("Clara", 0.9)], None)
    rendered = SPEC.render(result, CallArgs(("Who?", CONTEXT)), {})
    assert rendered["answer"] == {"Clara": 0.9}


def test_top_k_answers_are_all_marked() -> None:
    result = parse_question_answering([answer("Clara", 0.6), answer("Berkeley", 0.3)], 2)
    rendered = SPEC.render(result, CallArgs(("?", CONTEXT), {"top_k": 2}), {})
    assert list(rendered["answer"]) == ["Clara", "Berkeley"]
    marked = [piece for piece, category in rendered["context"] if category]
    assert marked == ["Clara", "Berkeley"]
    shown(SPEC, rendered)


def test_an_impossible_answer_is_labelled() -> None:
    result = parse_question_answering({"answer": "", "score": 0.7, "start": 0, "end": 0}, None)
    rendered = SPEC.render(result, CallArgs(("Why?", CONTEXT)), {})
    assert rendered["answer"] == {"(no answer)": 0.7}
    assert merged(rendered["context"]) == [(CONTEXT, None)]
    shown(SPEC, rendered)


def test_no_answer_at_all_says_so() -> None:
    rendered = SPEC.render([], CallArgs(("Why?", CONTEXT)), {})
    assert rendered["answer"] is None
    assert "no answer" in rendered["note"]
    shown(SPEC, rendered)
