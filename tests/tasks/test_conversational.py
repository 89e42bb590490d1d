"""Conversational tab: the conversation so far goes with the message; each answer carries the
conversation to the next turn, one turn per line in the two history boxes."""

from __future__ import annotations

from typing import Any

import pytest

from playground.client import InputError
from playground.tasks.conversational import SPEC
from playground.tasks.spec import CallArgs
from playground.ui.components import field_value


def widget_inputs(**values: Any) -> dict[str, Any]:
    return {f.name: field_value(f, values.get(f.name, f.value)) for f in SPEC.inputs}


def test_a_first_message_sends_the_text_alone() -> None:
    call = SPEC.build_call(widget_inputs(text="Hi"), {"max_length": 40})
    assert call == CallArgs(("Hi",), {"parameters": {"max_length": 40}})


def test_the_history_boxes_are_sent_one_turn_per_line() -> None:
    inputs = widget_inputs(
        text="And then?", past_user_inputs="one\ntwo", generated_responses="a\nb"
    )
    call = SPEC.build_call(inputs, {})
    assert call.kwargs == {"past_user_inputs": ["one", "two"], "generated_responses": ["a", "b"]}


def test_a_lopsided_history_is_refused_before_any_call() -> None:
    with pytest.raises(InputError, match="2 messages of yours but 1 answers"):
        SPEC.build_call(
            widget_inputs(text="x", past_user_inputs="one\ntwo", generated_responses="a"), {}
        )


def test_the_answer_carries_the_conversation_to_the_next_turn() -> None:
    call = CallArgs(("How?",), {"past_user_inputs": ["Hi"], "generated_responses": ["Hello"]})
    result = {
        "generated_text": "Like this:\nstep one.",
        "conversation": {
            "past_user_inputs": ["Hi", "How?"],
            "generated_responses": ["Hello", "Like this:\nstep one."],
        },
    }
    shown = SPEC.render(result, call, {})
    assert shown["answer"] == "Like this:\nstep one."
    assert shown["text"] == ""  # the message box empties for the next message
    assert shown["past_user_inputs"] == "Hi\nHow?"
    assert shown["generated_responses"] == "Hello\nLike this: step one."  # one turn, one line
    assert "**You:** How?" in shown["conversation"]


def test_a_reply_without_the_conversation_still_carries_it() -> None:
    """Some servers answer only `generated_text`: the tab builds the conversation itself."""
    shown = SPEC.render({"generated_text": "Hello"}, CallArgs(("Hi",), {}), {})
    assert (shown["past_user_inputs"], shown["generated_responses"]) == ("Hi", "Hello")


def test_the_conversation_is_escaped_markdown() -> None:
    shown = SPEC.render({"generated_text": "<b>x</b>"}, CallArgs(("<img src=x>",), {}), {})
    assert "<img" not in shown["conversation"]
    assert "<b>" not in shown["conversation"]
