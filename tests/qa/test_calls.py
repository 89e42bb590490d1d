"""A suite test as a client call, read from the client's signatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.qa.calls import fold_stream, input_names, plan_call
from playground.qa.suite import SuiteError

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_inputs_and_parameters_by_name() -> None:
    plan = plan_call("text-classification", {"text": "hi"}, {"top_k": 2}, ASSETS)
    assert (plan.method, plan.kwargs) == ("text_classification", {"text": "hi", "top_k": 2})
    summary = plan_call("summarization", {"text": "hi"}, {"max_length": 20}, ASSETS)
    assert summary.kwargs == {"text": "hi", "parameters": {"max_length": 20}}
    assert input_names("zero-shot-classification") == ["text", "labels"]


def test_media_and_tables_resolve_next_to_the_suite() -> None:
    plan = plan_call("object-detection", {"image": "portrait.jpg"}, {}, ASSETS)
    assert plan.kwargs["image"] == ASSETS / "portrait.jpg"
    table = plan_call("tabular-regression", {"table": "diabetes.csv"}, {}, ASSETS)
    assert list(table.kwargs["table"])[:3] == ["age", "sex", "bmi"]
    url = plan_call("image-to-text", {"image": "https://example.org/a.png"}, {}, ASSETS)
    assert url.kwargs["image"] == "https://example.org/a.png"


def test_chat_takes_a_single_message_too() -> None:
    plan = plan_call(
        "chat-completion", {"message": "hi"}, {"max_tokens": 5, "stream": True}, ASSETS
    )
    assert plan.kwargs == {
        "messages": [{"role": "user", "content": "hi"}],
        "max_tokens": 5,
        "stream": True,
    }
    assert plan.streams


@pytest.mark.parametrize(
    ("task", "inputs", "parameters", "message"),
    [
        (
            "text-classification",
            {"txt": "hi"},
            {},
            "text-classification has no input 'txt'; its inputs: ['text']",
        ),
        ("text-classification", {}, {}, "needs the input(s) ['text']"),
        ("object-detection", {"image": "nope.png"}, {}, "The image file 'nope.png' is not there"),
        (
            "object-detection",
            {"image": "portrait.jpg"},
            {"top_p": 1},
            "object_detection() takes no parameter 'top_p'",
        ),
        ("text-classification", {"text": "x"}, {"model": "m"}, "set the model with `model:`"),
        ("no-such-task", {}, {}, "playground.client has no no_such_task() method"),
    ],
)
def test_what_does_not_fit_is_said(
    task: str, inputs: dict[str, object], parameters: dict[str, object], message: str
) -> None:
    with pytest.raises(SuiteError) as caught:
        plan_call(task, inputs, parameters, ASSETS)
    assert message in str(caught.value)


def test_fold_stream() -> None:
    assert fold_stream(iter([" The", " answer"])) == " The answer"
    chunks = [{"choices": [{"delta": {"content": piece}}]} for piece in ("a", "b")]
    assert fold_stream(iter(chunks)) == {
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "ab"}}]
    }
