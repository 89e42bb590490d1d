"""Extractive question answering: the answer with its score, found in the context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks._highlight import wrap_words
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

NO_ANSWER = "(no answer)"
CONTEXT = (
    "My name is Clara and I live in Berkeley, where I work as a lighthouse engineer for the "
    "coast guard. On weekends I teach sailing to children in the bay."
)


def answers_of(result: Any) -> list[Any]:
    """One answer object, or a list of them (top_k > 1), as a list."""
    if result is None:
        return []
    return list(result) if isinstance(result, list | tuple) else [result]


def answer_scores(answers: list[Any]) -> dict[str, float]:
    return render.label_scores(
        {"label": str(a.get("answer") or "").strip() or NO_ANSWER, "score": a.get("score")}
        for a in answers
    )


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    answers = answers_of(result)
    context = call.args[1]
    return {
        "answer": answer_scores(answers) or None,
        "context": wrap_words(render.highlight_answer(context, answers)),
        "note": "" if answers else "The model found no answer in the context.",
    }


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    extra = only(
        max_answer_len=params.get("max_answer_len"),
        doc_stride=params.get("doc_stride"),
        handle_impossible_answer=params.get("handle_impossible_answer") or None,
    )
    return CallArgs(
        (inputs["question"], inputs["context"]),
        only(top_k=params.get("top_k"), parameters=extra or None),
    )


SPEC = TaskSpec(
    id="question-answering",
    title="Question answering",
    group="Text",
    description="Ask a question about a passage: the model picks the answer out of the "
    "passage, which is highlighted where it was found, with the model's confidence.",
    method="question_answering",
    inputs=[
        Field("question", "Question", "text", max_chars=1_000),
        Field("context", "Context", "textarea", lines=6, max_chars=50_000),
    ],
    params=[
        Param("top_k", "Top k", "int", minimum=1, info="How many answers to return."),
        Param("max_answer_len", "Max answer length", "int", minimum=1, info="In tokens."),
        Param("doc_stride", "Doc stride", "int", minimum=0, info="Overlap for long contexts."),
        Param(
            "handle_impossible_answer",
            "Allow no answer",
            "checkbox",
            value=False,
            info="Let the model answer nothing when the context has no answer.",
        ),
    ],
    outputs=[
        OutputWidget("answer", "Answer", "label"),
        OutputWidget("note", "", "markdown"),
        OutputWidget("context", "Found in the context", "highlight"),
    ],
    build_call=build_call,
    render=view,
    examples=[
        Example({"question": "Where do I live?", "context": CONTEXT}, "Where"),
        Example({"question": "What do I teach on weekends?", "context": CONTEXT}, "What"),
    ],
    local_model=local_model("question-answering"),
    hub_models=(
        "deepset/roberta-base-squad2",
        "distilbert/distilbert-base-cased-distilled-squad",
        "deepset/xlm-roberta-large-squad2",
    ),
    promise="{answer, score, start, end} (a list of those when top_k > 1)",
)
