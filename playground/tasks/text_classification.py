"""Text classification: sentiment, topics, language — label bars."""

from __future__ import annotations

from playground.tasks.common import classification_view, local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

SPEC = TaskSpec(
    id="text-classification",
    title="Text classification",
    group="Text",
    description="Assign labels to a text (sentiment, topic, language…). Scores are shown as "
    "the model gives them: multi-label models are not renormalised.",
    method="text_classification",
    inputs=[Field("text", "Text", "textarea", value="I love this playground, it's fantastic!")],
    params=[
        Param("top_k", "Top k", "int", minimum=1, info="How many labels to return."),
        Param(
            "function_to_apply",
            "Function to apply",
            "dropdown",
            choices=("softmax", "sigmoid", "none"),
            info="softmax: one label wins; sigmoid: independent labels (multi-label).",
        ),
    ],
    outputs=[OutputWidget("labels", "Labels", "label"), OutputWidget("note", "", "markdown")],
    build_call=lambda inputs, params: CallArgs(
        (inputs["text"],),
        only(top_k=params.get("top_k"), function_to_apply=params.get("function_to_apply")),
    ),
    render=classification_view,
    examples=[
        Example({"text": "I love this playground, it's fantastic!"}, "Positive"),
        Example({"text": "The service was slow and the food was terrible."}, "Negative"),
    ],
    local_model=local_model("text-classification"),
    hub_models=(
        "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        "cardiffnlp/twitter-roberta-base-sentiment-latest",
        "papluca/xlm-roberta-base-language-detection",
    ),
    promise="a list of {label, score}",
)
