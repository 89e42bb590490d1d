"""Visual question answering: ask about a picture; the answers as bars, the best one in large."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def best_answer(answers: list[Any], details: str = "") -> str:
    """The top answer as a heading (markdown), with an optional line of details below it."""
    if not answers:
        return "The model returned no answer."
    text = str(answers[0].get("answer") or "").strip()
    heading = f"## {escape_markdown(text)}" if text else "## (an empty answer)"
    return f"{heading}\n{details}" if details else heading


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    answers = list(result or [])
    scores = render.label_scores(
        {"label": str(a.get("answer") or ""), "score": a.get("score")} for a in answers
    )
    # gr.Label shows the best answer large above the bars; the note is for answers without them.
    return {"answers": scores or None, "note": "" if scores else best_answer(answers)}


SPEC = TaskSpec(
    id="visual-question-answering",
    title="Visual question answering",
    group="Multimodal",
    description="Ask a question about a picture and get short answers, each with the model's "
    "confidence.",
    method="visual_question_answering",
    inputs=[
        Field("image", "Image", "image"),
        Field("question", "Question", "text", value="What is the person wearing?", max_chars=1_000),
    ],
    params=[Param("top_k", "Top k", "int", info="How many answers to return.")],
    outputs=[OutputWidget("answers", "Answers", "label"), OutputWidget("note", "", "markdown")],
    build_call=lambda inputs, params: CallArgs(
        (inputs["image"], inputs["question"]), only(top_k=params.get("top_k"))
    ),
    render=view,
    examples=[
        Example({"image": "cat.jpg", "question": "What animal is this?"}, "Animal"),
        Example({"image": "portrait.jpg", "question": "How many people are there?"}, "Count"),
        Example({"image": "invoice.png", "question": "What does the text say?"}, "Text"),
        Example({"image": "portrait.jpg", "question": "What is the person wearing?"}, "Clothes"),
    ],
    local_model=local_model("visual-question-answering"),
    hub_models=("dandelin/vilt-b32-finetuned-vqa", "Salesforce/blip-vqa-base"),
    promise="a list of {answer, score}",
)
