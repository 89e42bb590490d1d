"""Image to text: a caption, or the text read from the image (OCR)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.tasks.common import local_model
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, TaskSpec

NO_TEXT = (
    "The model returned no text for this image. OCR models only read printed text; to describe "
    "a photo, choose a captioning model such as Salesforce/blip-image-captioning-large."
)


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    text = str(result or "").strip()
    if not text:
        return {"text": "", "note": NO_TEXT}
    words, lines = len(text.split()), text.count("\n") + 1
    return {"text": text, "note": f"{plural(words, 'word')} on {plural(lines, 'line')}."}


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


SPEC = TaskSpec(
    id="image-to-text",
    title="Image to text",
    group="Vision",
    description="Describe a picture in words (captioning), or read the text printed in it "
    "(OCR), depending on the model.",
    method="image_to_text",
    inputs=[Field("image", "Image", "image")],
    outputs=[OutputWidget("text", "Text", "text"), OutputWidget("note", "", "markdown")],
    build_call=lambda inputs, _params: CallArgs((inputs["image"],)),
    render=view,
    examples=[
        Example({"image": "invoice.png"}, "Invoice (read the text)"),
        Example({"image": "portrait.jpg"}, "Portrait (caption)"),
    ],
    local_model=local_model("image-to-text"),
    hub_models=(
        "Salesforce/blip-image-captioning-large",
        "nlpconnect/vit-gpt2-image-captioning",
        "microsoft/trocr-base-printed",
    ),
    promise="[{generated_text}] (or one {generated_text} object)",
)
