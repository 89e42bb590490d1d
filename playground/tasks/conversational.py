"""Conversational: the seeds' legacy task (DialoGPT-style pipelines). A message plus the
conversation so far (the user's past inputs and the model's answers, oldest first) in; the answer
and the conversation with this turn added out. The tab carries the conversation to the next turn
itself, so the user only types the next message. New chat models use the Chat tab."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from playground.client import InputError
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

LINES_INFO = "One per line, oldest first; filled in by each answer."


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    parameters = only(
        max_length=params.get("max_length"),
        min_length=params.get("min_length"),
        temperature=params.get("temperature"),
        top_k=params.get("top_k"),
        top_p=params.get("top_p"),
        repetition_penalty=params.get("repetition_penalty"),
    )
    past = list(inputs.get("past_user_inputs") or [])
    answers = list(inputs.get("generated_responses") or [])
    if len(past) != len(answers):
        raise InputError(
            f"The conversation has {len(past)} messages of yours but {len(answers)} answers: "
            "give one answer per message, or clear both boxes to start again."
        )
    return CallArgs(
        (inputs["text"],),
        only(
            past_user_inputs=past or None,
            generated_responses=answers or None,
            parameters=parameters or None,
        ),
    )


def _turns(past: Sequence[str], answers: Sequence[str]) -> str:
    lines = []
    for said, answered in zip(past, answers, strict=False):
        lines.append(f"**You:** {html.escape(str(said))}")
        lines.append(f"**Model:** {html.escape(str(answered))}")
    return "\n\n".join(lines)


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    """The conversation with this turn, and the boxes filled for the next turn."""
    conversation = result.get("conversation") or {}
    past = list(
        conversation.get("past_user_inputs")
        or [*call.kwargs.get("past_user_inputs", []), call.args[0]]
    )
    answers = list(
        conversation.get("generated_responses")
        or [*call.kwargs.get("generated_responses", []), result.get("generated_text", "")]
    )
    return {
        "answer": str(result.get("generated_text", "")),
        "conversation": _turns(past, answers),
        "text": "",
        "past_user_inputs": _one_per_line(past),
        "generated_responses": _one_per_line(answers),
    }


def _one_per_line(turns: Sequence[Any]) -> str:
    """The boxes hold one turn per line: a turn's own line breaks become spaces."""
    return "\n".join(" ".join(str(turn).split()) or "(empty)" for turn in turns)


SPEC = TaskSpec(
    id="conversational",
    title="Conversational (legacy)",
    group="Chat & generation",
    description="The legacy conversational task: a message and the conversation so far in, the "
    "model's answer out. Each answer carries the conversation to the next turn; clear the two "
    "history boxes to start again. For chat models, the Chat tab is the modern way.",
    method="conversational",
    inputs=[
        Field("text", "Message", "textarea", lines=2, max_chars=20_000),
        Field(
            "past_user_inputs",
            "Your earlier messages",
            "lines",
            lines=3,
            optional=True,
            info=LINES_INFO,
            max_chars=50_000,
        ),
        Field(
            "generated_responses",
            "The model's earlier answers",
            "lines",
            lines=3,
            optional=True,
            info=LINES_INFO,
            max_chars=50_000,
        ),
    ],
    params=[
        Param("max_length", "Max length", "int", minimum=1, info="Longest answer, in tokens."),
        Param("min_length", "Min length", "int", minimum=1, info="Shortest answer, in tokens."),
        Param("temperature", "Temperature", "float", minimum=0, maximum=100),
        Param("top_k", "Top k", "int", minimum=1),
        Param("top_p", "Top p", "float", minimum=0, maximum=1),
        Param("repetition_penalty", "Repetition penalty", "float", minimum=0, maximum=100),
    ],
    outputs=[
        OutputWidget("answer", "Answer", "text"),
        OutputWidget("conversation", "Conversation", "markdown"),
    ],
    build_call=build_call,
    render=view,
    examples=[
        Example({"text": "Hi! What can you help me with?"}, "A first message"),
        Example(
            {
                "text": "And what should I pack for it?",
                "past_user_inputs": "I'm going hiking in the mountains this weekend.",
                "generated_responses": "That sounds like a great trip! Check the weather first.",
            },
            "A conversation going on",
        ),
    ],
    local_model=local_model("conversational"),
    hub_models=("facebook/blenderbot-400M-distill", "microsoft/DialoGPT-medium"),
    promise="{generated_text, conversation: {past_user_inputs, generated_responses}}",
    carries=("text", "past_user_inputs", "generated_responses"),
)
