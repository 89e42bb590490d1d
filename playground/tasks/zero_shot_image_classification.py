"""Zero-shot image classification: score a picture against labels you choose."""

from __future__ import annotations

from playground.tasks.common import classification_view, local_model, only
from playground.tasks.image_classification import LABEL_OUTPUTS
from playground.tasks.spec import CallArgs, Example, Field, Param, TaskSpec

SPEC = TaskSpec(
    id="zero-shot-image-classification",
    title="Zero-shot image classification",
    group="Vision",
    description="Classify a picture into labels you make up (at least two), without training: "
    "the model scores how well each label describes the image.",
    method="zero_shot_image_classification",
    inputs=[
        Field("image", "Image", "image"),
        Field(
            "labels",
            "Candidate labels",
            "labels",
            value="astronaut, chef, cat, mountain",
            max_chars=1_000,
        ),
    ],
    params=[
        Param(
            "hypothesis_template",
            "Hypothesis template",
            "text",
            info='How each label is put into words, with {} for the label: "a photo of {}."',
        )
    ],
    outputs=LABEL_OUTPUTS,
    build_call=lambda inputs, params: CallArgs(
        (inputs["image"], inputs["labels"]),
        only(hypothesis_template=params.get("hypothesis_template")),
    ),
    render=classification_view,
    examples=[
        Example({"image": "cat.jpg", "labels": "a cat, a dog, a car, a cup of coffee"}, "Cat"),
        Example({"image": "portrait.jpg", "labels": "astronaut, chef, cat, mountain"}, "Portrait"),
        Example(
            {"image": "invoice.png", "labels": "a document, a photo of a person, a landscape"},
            "Invoice",
        ),
    ],
    local_model=local_model("zero-shot-image-classification"),
    hub_models=(
        "openai/clip-vit-large-patch14",
        "openai/clip-vit-base-patch32",
        "google/siglip-so400m-patch14-384",
    ),
    promise="a list of {label, score}, one per candidate label",
)
