"""Chat tab: the system prompt, the turns so far and the new message become OpenAI-style
messages; a streamed chunk's text, and a whole reply, read back."""

from __future__ import annotations

from typing import Any

import pytest

from playground.tasks.chat_completion import SPEC, chunk_text, conversation
from playground.tasks.spec import CallArgs
from playground.ui.components import param_value

from .helpers import default_params, example_inputs, shown

SYSTEM = "You are a helpful assistant. Answer briefly."


def test_the_first_example_is_sent_after_the_default_system_prompt() -> None:
    example = SPEC.examples[0]
    call = SPEC.build_call(example_inputs(SPEC, example), default_params(SPEC))
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Write a haiku about the sea."},
    ]
    assert call == CallArgs((messages,), {"stream": True, "max_tokens": 512})


def test_the_chatbot_history_is_sent_as_plain_text_turns() -> None:
    """The Chatbot hands back content as a list of parts; other roles are not sent."""
    history: list[dict[str, Any]] = [
        {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "tool", "content": "ignored"},
    ]
    call = SPEC.build_call({"system": "  ", "history": history, "message": "A joke?"}, {})
    assert call.args == (
        [
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello! How can I help?"},
            {"role": "user", "content": "A joke?"},
        ],
    )


def test_regenerating_answers_the_last_user_turn_again() -> None:
    history = [{"role": "user", "content": "Hi"}]
    call = SPEC.build_call({"system": None, "history": history, "message": None}, {})
    assert call.args == ([{"role": "user", "content": "Hi"}],)


@pytest.mark.parametrize(
    "history", [[], [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]]
)
def test_with_no_user_turn_to_answer_nothing_is_sent(history: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError, match="no user message"):
        SPEC.build_call({"system": SYSTEM, "history": history, "message": None}, {})


def test_parameters_stops_and_extra_body_are_sent_only_when_set() -> None:
    (stop,) = [p for p in SPEC.params if p.name == "stop"]
    params = {
        "temperature": 0.0,
        "seed": 7,
        "stop": param_value(stop, "\\n\\n, END"),
        "extra_body": {},
    }
    call = SPEC.build_call({"message": "Hi"}, params)
    assert call.kwargs == {"stream": True, "temperature": 0.0, "seed": 7, "stop": ["\n\n", "END"]}
    call = SPEC.build_call({"message": "Hi"}, {"extra_body": {"top_k": 20}})
    assert call.kwargs == {"stream": True, "extra_body": {"top_k": 20}}


def test_a_chunk_adds_its_delta_and_tool_calls_read_as_name_and_arguments() -> None:
    assert chunk_text({"choices": [{"delta": {"content": "Hel"}}]}) == "Hel"
    tool = {"function": {"name": "get_weather", "arguments": '{"city": "Paris"'}}
    assert chunk_text({"choices": [{"delta": {"tool_calls": [tool]}}]}) == (
        '\n🔧 get_weather({"city": "Paris"'
    )
    assert chunk_text({"choices": []}) == ""  # the usage-only last chunk
    assert chunk_text("data: [DONE]") == ""


def test_the_system_prompt_goes_first_and_is_trimmed() -> None:
    assert conversation("  Be terse. ", [], "Hi") == [
        {"role": "system", "content": "Be terse."},
        {"role": "user", "content": "Hi"},
    ]


def test_a_whole_reply_is_shown_as_the_assistants_text() -> None:
    result = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Waves fold."}}]}
    rendered = SPEC.render(result, CallArgs(([],)), {})
    assert rendered == {"reply": "Waves fold."}
    assert shown(SPEC, rendered)["reply"] == "Waves fold."
    assert SPEC.render({"choices": []}, CallArgs(([],)), {}) == {"reply": ""}
