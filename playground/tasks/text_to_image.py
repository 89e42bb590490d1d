"""Text to image: a prompt in, a picture out; a seed to reproduce it."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks.common import DIFFUSION_PARAMS, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

MAX_SEED = 2**31 - 1  # servers with 32-bit signed seeds accept every value up to here


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    seed = random.randint(0, MAX_SEED) if params.get("random_seed") else params.get("seed")
    return CallArgs(
        (inputs["prompt"],),
        only(
            negative_prompt=inputs.get("negative_prompt"),
            width=params.get("width"),
            height=params.get("height"),
            num_inference_steps=params.get("num_inference_steps"),
            guidance_scale=params.get("guidance_scale"),
            seed=seed,
        ),
    )


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    image = render.to_rgb_image(result)
    seed = call.kwargs.get("seed")
    reproduce = (
        f"Seed {seed}: untick “Random seed” and enter it under Parameters to get this image again."
        if seed is not None
        else "The server chose the seed; set one under Parameters to make the result repeatable."
    )
    return {"image": image, "note": f"{image.width}×{image.height}. {reproduce}"}


SPEC = TaskSpec(
    id="text-to-image",
    title="Text to image",
    group="Vision",
    description="Describe a picture and let the model draw it. Use the download button on the "
    "result to save it; fix the seed to get the same picture again.",
    method="text_to_image",
    inputs=[
        Field("prompt", "Prompt", "textarea", lines=3, max_chars=2_000),
        Field(
            "negative_prompt",
            "Negative prompt",
            "textarea",
            lines=1,
            optional=True,
            info="What the picture should not contain.",
            max_chars=2_000,
        ),
    ],
    params=[
        Param("width", "Width", "int", maximum=2048, step=64),
        Param("height", "Height", "int", maximum=2048, step=64),
        *DIFFUSION_PARAMS,
        Param(
            "seed",
            "Seed",
            "int",
            maximum=MAX_SEED,
            info="The same seed and settings give the same picture.",
        ),
        Param(
            "random_seed",
            "Random seed",
            "checkbox",
            value=False,
            info="Pick a new seed for every run (the note shows which).",
        ),
    ],
    outputs=[OutputWidget("image", "Image", "image"), OutputWidget("note", "", "markdown")],
    build_call=build_call,
    render=view,
    examples=[
        Example(
            {
                "prompt": "A lighthouse on a rocky cliff at sunset, oil painting",
                "negative_prompt": "blurry, text, watermark",
            },
            "Lighthouse",
        ),
        Example({"prompt": "An astronaut riding a horse on the moon, watercolour"}, "Astronaut"),
    ],
    hub_models=(
        "black-forest-labs/FLUX.1-schnell",
        "stabilityai/stable-diffusion-xl-base-1.0",
        "black-forest-labs/FLUX.1-dev",
    ),
    promise="an image (raw image bytes: PNG, JPEG or WebP)",
)
