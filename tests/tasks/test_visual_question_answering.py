from typing import Any

from playground.client.types import VisualQuestionAnsweringOutput
from playground.tasks.spec import CallArgs
from playground.tasks.visual_question_answering import SPEC, escape_markdown

from .helpers import shown

CALL = CallArgs(("a.png", "What colour is it?"))


def answers(*pairs: tuple[str, float | None]) -> list[Any]:
    return [VisualQuestionAnsweringOutput.parse({"answer": a, "score": s}) for a, s in pairs]


def test_build_call_sends_the_image_and_the_question() -> None:
    call = SPEC.build_call({"image": "a.png", "question": "What colour is it?"}, {"top_k": 3})
    assert call == CallArgs(("a.png", "What colour is it?"), {"top_k": 3})


def test_answers_become_bars_with_the_best_on_top() -> None:
    rendered = SPEC.render(answers(("red", 0.93), ("orange", 0.05)), CALL, {})
    assert rendered == {"answers": {"red": 0.93, "orange": 0.05}, "note": ""}
    label = shown(SPEC, rendered)["answers"]
    assert label.label == "red"  # gr.Label shows it large above the bars
    assert [c.confidence for c in label.confidences] == [0.93, 0.05]


def test_answers_without_scores_show_the_best_as_a_heading() -> None:
    rendered = SPEC.render(answers(("yes", None)), CALL, {})
    assert rendered == {"answers": None, "note": "## yes"}
    shown(SPEC, rendered)


def test_markdown_in_an_answer_is_shown_literally() -> None:
    rendered = SPEC.render(answers(("*2* # items", None)), CALL, {})
    assert rendered["note"] == r"## \*2\* \# items"
    assert escape_markdown("[a](b)") == r"\[a\]\(b\)"


def test_no_answer_says_so() -> None:
    rendered = SPEC.render([], CALL, {})
    assert rendered == {"answers": None, "note": "The model returned no answer."}
    shown(SPEC, rendered)
