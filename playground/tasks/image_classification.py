"""Image classification: what the picture shows, as label bars."""

from __future__ import annotations

from playground.tasks.common import classification_view, local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

TOP_K = Param("top_k", "Top k", "int", info="How many labels to return.")
FUNCTION_TO_APPLY = Param(
    "function_to_apply",
    "Function to apply",
    "dropdown",
    choices=("softmax", "sigmoid", "none"),
    info="softmax: one label wins; sigmoid: independent labels (multi-label).",
)
LABEL_OUTPUTS = (OutputWidget("labels", "Labels", "label"), OutputWidget("note", "", "markdown"))


SPEC = TaskSpec(
    id="image-classification",
    title="Image classification",
    group="Vision",
    description="Say what a picture shows: the model's labels for the whole image, with scores "
    "as bars. Multi-label scores are shown as the model gives them.",
    method="image_classification",
    inputs=[Field("image", "Image", "image")],
    params=[TOP_K, FUNCTION_TO_APPLY],
    outputs=LABEL_OUTPUTS,
    build_call=lambda inputs, params: CallArgs(
        (inputs["image"],),
        only(top_k=params.get("top_k"), function_to_apply=params.get("function_to_apply")),
    ),
    render=classification_view,
    examples=[
        Example({"image": "coffee.jpg"}, "Coffee"),
        Example({"image": "cat.jpg"}, "Cat"),
        Example({"image": "portrait.jpg"}, "Portrait"),
    ],
    local_model=local_model("image-classification"),
    hub_models=(
        "google/vit-base-patch16-224",
        "microsoft/resnet-50",
        "facebook/convnext-base-224",
    ),
    promise="a list of {label, score}",
)
