"""Image to image: transform a picture, optionally guided by a prompt; before and after."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PIL import Image

from playground import render
from playground.render.images import draw_label_chip
from playground.tasks.common import DIFFUSION_PARAMS, local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

GAP = 12
WHITE = (255, 255, 255)
CHIP = (31, 41, 55)


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    before, after = render.to_rgb_image(call.args[0]), render.to_rgb_image(result)
    return {
        "image": after,
        "compare": side_by_side(before, after),
        "note": f"{before.width}×{before.height} in → {after.width}×{after.height} out"
        f"{_format(result)}. Download the result with the button on the image.",
    }


def side_by_side(before: Image.Image, after: Image.Image) -> Image.Image:
    """Both images at the same height, labelled "Before" and "After", with a gap between."""
    height = max(before.height, after.height)
    left, right = _at_height(before, height), _at_height(after, height)
    canvas = Image.new("RGB", (left.width + GAP + right.width, height), WHITE)
    canvas.paste(left, (0, 0))
    canvas.paste(right, (left.width + GAP, 0))
    size = max(14, round(height * 0.045))  # the chips stay readable when the page scales down
    draw_label_chip(canvas, (GAP // 2, GAP // 2), "Before", CHIP, size)
    draw_label_chip(canvas, (left.width + GAP + GAP // 2, GAP // 2), "After", CHIP, size)
    return canvas


def _at_height(image: Image.Image, height: int) -> Image.Image:
    if image.height == height:
        return image
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _format(image: Any) -> str:
    name = getattr(image, "format", None)
    return f" ({name} from the server)" if name else ""


SPEC = TaskSpec(
    id="image-to-image",
    title="Image to image",
    group="Vision",
    description="Transform a picture (restyle, edit, enhance), optionally guided by a prompt. "
    "The result is shown next to the original.",
    method="image_to_image",
    inputs=[
        Field("image", "Image", "image"),
        Field(
            "prompt",
            "Prompt",
            "textarea",
            lines=2,
            optional=True,
            info="What to change (for models that take a prompt).",
            max_chars=2_000,
        ),
        Field(
            "negative_prompt",
            "Negative prompt",
            "textarea",
            lines=1,
            optional=True,
            info="What to avoid.",
            max_chars=2_000,
        ),
    ],
    params=[
        *DIFFUSION_PARAMS,
        Param("width", "Width", "int", maximum=2048, step=64),
        Param("height", "Height", "int", maximum=2048, step=64),
    ],
    outputs=[
        OutputWidget("image", "Result", "image"),
        OutputWidget("note", "", "markdown"),
        OutputWidget("compare", "Before / after", "image"),
    ],
    build_call=lambda inputs, params: CallArgs(
        (inputs["image"],),
        only(
            prompt=inputs.get("prompt"),
            negative_prompt=inputs.get("negative_prompt"),
            num_inference_steps=params.get("num_inference_steps"),
            guidance_scale=params.get("guidance_scale"),
            width=params.get("width"),
            height=params.get("height"),
        ),
    ),
    render=view,
    examples=[
        Example({"image": "cat.jpg"}, "Enlarge (no prompt)"),
        Example(
            {"image": "portrait.jpg", "prompt": "Turn it into a watercolour painting"},
            "Watercolour",
        ),
    ],
    local_model=local_model("image-to-image"),
    hub_models=(
        "timbrooks/instruct-pix2pix",
        "stabilityai/stable-diffusion-xl-refiner-1.0",
        "black-forest-labs/FLUX.1-Kontext-dev",
    ),
    promise="an image (raw image bytes: PNG, JPEG or WebP)",
)
