"""Document question answering: ask about a scanned page; the best answer large, all in a table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec
from playground.tasks.visual_question_answering import best_answer

COLUMNS = ["answer", "score", "start word", "end word"]


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    extra = only(
        max_answer_len=params.get("max_answer_len"),
        handle_impossible_answer=params.get("handle_impossible_answer") or None,
        lang=params.get("lang"),
    )
    return CallArgs(
        (inputs["image"], inputs["question"]),
        only(top_k=params.get("top_k"), parameters=extra or None),
    )


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    answers = list(result or [])
    return {
        "answer": best_answer(answers, details(answers[0]) if answers else ""),
        "table": answers_table(answers) if answers else None,
    }


def details(answer: Mapping[str, Any]) -> str:
    score, start, end = answer.get("score"), answer.get("start"), answer.get("end")
    parts = ["no score given" if score is None else f"score {float(score):.3f}"]
    if start is not None:
        words = f"word {start}" if end in (None, start) else f"words {start}–{end}"
        parts.append(f"{words} of the page's text")
    return " · ".join(parts)


def answers_table(answers: list[Any]) -> pd.DataFrame:
    rows = [
        [
            str(a.get("answer") or ""),
            None if a.get("score") is None else round(float(a["score"]), 4),
            a.get("start"),
            a.get("end"),
        ]
        for a in answers
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


SPEC = TaskSpec(
    id="document-question-answering",
    title="Document question answering",
    group="Multimodal",
    description="Ask a question about a document image (invoice, form, letter): the model reads "
    "the page and points at the words that answer it.",
    method="document_question_answering",
    inputs=[
        Field("image", "Document", "image"),
        Field("question", "Question", "text", value="What is the total due?", max_chars=1_000),
    ],
    params=[
        Param("top_k", "Top k", "int", info="How many answers to return."),
        Param("max_answer_len", "Max answer length", "int", info="In tokens."),
        Param(
            "handle_impossible_answer",
            "Allow “no answer”",
            "checkbox",
            value=False,
            info="Let the model say the page doesn't answer the question.",
        ),
        Param("lang", "OCR language", "text", info="Language code for the server's OCR: eng…"),
    ],
    outputs=[OutputWidget("answer", "", "markdown"), OutputWidget("table", "Answers", "table")],
    build_call=build_call,
    render=view,
    examples=[
        Example({"image": "invoice.png", "question": "What is the total due?"}, "Total due"),
        Example({"image": "invoice.png", "question": "What is the invoice number?"}, "Number"),
    ],
    local_model=local_model("document-question-answering"),
    hub_models=("impira/layoutlm-document-qa", "naver-clova-ix/donut-base-finetuned-docvqa"),
    promise="a list of {answer, score, start, end} (start/end: word indices in the page)",
)
