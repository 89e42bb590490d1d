"""Zero-shot classification: score a text against labels you make up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    scores = render.label_scores(result)
    if not scores:
        note = "The model returned no labels."
    elif call.kwargs.get("multi_label"):
        note = "Multi-label: each label is scored on its own, so several can be likely."
    else:
        note = "Single-label: the scores are shared between the labels and sum to 1."
    return {"labels": scores or None, "note": note}


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    return CallArgs(
        (inputs["text"], inputs["labels"]),
        only(
            multi_label=bool(inputs.get("multi_label")),
            hypothesis_template=params.get("hypothesis_template"),
        ),
    )


SPEC = TaskSpec(
    id="zero-shot-classification",
    title="Zero-shot classification",
    group="Text",
    description="Score a text against labels you choose, with no training: the model judges "
    "how well each label describes the text. Tick multi-label when several can be true.",
    method="zero_shot_classification",
    inputs=[
        Field("text", "Text", "textarea"),
        Field(
            "labels",
            "Candidate labels",
            "labels",
            info="Comma-separated, e.g. technology, sports, politics (at least two).",
            max_chars=1_000,
        ),
        Field("multi_label", "Multi-label (labels scored independently)", "checkbox", value=False),
    ],
    params=[
        Param(
            "hypothesis_template",
            "Hypothesis template",
            "text",
            info="The sentence each label is put into; {} is replaced by the label. "
            'Empty: the server\'s default ("This example is {}.").',
        )
    ],
    outputs=[OutputWidget("labels", "Labels", "label"), OutputWidget("note", "", "markdown")],
    build_call=build_call,
    render=view,
    examples=[
        Example(
            {
                "text": "The new phone has a brilliant screen and the battery lasts two days.",
                "labels": "technology, sports, politics, cooking",
            },
            "Topic",
        ),
        Example(
            {
                "text": "The delivery was late and the box was damaged, but the support team "
                "refunded me within an hour.",
                "labels": "shipping problem, refund, product quality, praise",
                "multi_label": True,
            },
            "Customer feedback (multi-label)",
        ),
    ],
    local_model=local_model("zero-shot-classification"),
    hub_models=(
        "facebook/bart-large-mnli",
        "MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli",
        "MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7",
    ),
    promise="a list of {label, score}, one per candidate label (old servers: "
    "{sequence, labels, scores})",
)
