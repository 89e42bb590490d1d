"""Image segmentation: coloured masks over the image, labels to hide, a table of areas."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import gradio as gr

from playground import render
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Control, Example, Field, OutputWidget, Param, TaskSpec

DEFAULT_OPACITY = 0.55


def view(result: Any, call: CallArgs, controls: Mapping[str, Any]) -> dict[str, Any]:
    # The control lists the labels to HIDE, so that its starting value (nothing ticked) shows
    # every mask of a new result, and a hidden label stays hidden when the model is run again.
    image = render.to_rgb_image(call.args[0])
    labels = render.segment_labels(result)
    ticked = set(controls.get("hidden") or ())
    hidden = [label for label in labels if label in ticked]
    shown = [label for label in labels if label not in hidden]
    colors = contrasting_colors(labels)
    opacity = controls.get("opacity")
    overlay = render.overlay_masks(
        image,
        result,
        visible_labels=shown,
        colors=colors,
        alpha=DEFAULT_OPACITY if opacity is None else float(opacity),
    )
    return {
        "image": render.add_legend(overlay, {label: colors[label] for label in shown}),
        "summary": summary(result, colors, hidden),
        "table": render.segments_table(result, image.size) if result else None,
        "hidden": gr.update(choices=labels, value=hidden),
    }


def contrasting_colors(labels: list[str]) -> dict[str, str]:
    """Palette colours in the labels' alphabetical order. Like `render.label_colors` they depend
    only on the set of labels, but neighbours in the palette contrast, where hashing can give
    two labels close hues (foreground and background got purple and magenta)."""
    ordered = sorted(set(labels))
    if len(ordered) > len(render.PALETTE):
        return render.label_colors(ordered)
    return dict(zip(ordered, render.PALETTE, strict=False))


def summary(segments: list[Any], colors: Mapping[str, str], hidden: list[str]) -> str:
    if not segments:
        return "The model found no segment."
    legend = " ".join(
        f'<span style="color:{colors[label]}">■</span> {html.escape(label)}'
        for label in render.segment_labels(segments)
    )
    notes = [f"{len(segments)} segment{'s' if len(segments) != 1 else ''}: {legend}"]
    if hidden:
        notes.append(f"hidden: {html.escape(', '.join(hidden))}")
    if all(segment.get("score") is None for segment in segments):
        notes.append("no scores (semantic segmentation)")
    return " · ".join(notes) + "."


SPEC = TaskSpec(
    id="image-segmentation",
    title="Image segmentation",
    group="Vision",
    description="Split an image into regions (people, sky, road…) and colour each region's mask "
    "over the picture. Tick labels to hide them without calling the model again.",
    method="image_segmentation",
    inputs=[Field("image", "Image", "image")],
    params=[
        Param(
            "subtask",
            "Subtask",
            "dropdown",
            choices=("semantic", "instance", "panoptic"),
            info="For models that do several kinds (e.g. Mask2Former).",
        ),
        Param(
            "threshold",
            "Threshold",
            "float",
            maximum=1,
            step=0.05,
            info="Segments scoring below it are not returned.",
        ),
        Param(
            "mask_threshold",
            "Mask threshold",
            "float",
            maximum=1,
            step=0.05,
            info="Pixel probability above which a pixel belongs to the mask.",
        ),
        Param(
            "overlap_mask_area_threshold",
            "Overlap mask area threshold",
            "float",
            maximum=1,
            step=0.05,
            info="Drops small disconnected parts of a mask (panoptic).",
        ),
    ],
    controls=[
        Control("hidden", "Hide labels", "labels"),
        Control("opacity", "Mask opacity", "slider", value=DEFAULT_OPACITY, step=0.05),
    ],
    outputs=[
        OutputWidget("image", "Segments", "image"),
        OutputWidget("summary", "", "markdown"),
        OutputWidget("table", "Segments", "table"),
    ],
    build_call=lambda inputs, params: CallArgs(
        (inputs["image"],),
        only(
            subtask=params.get("subtask"),
            threshold=params.get("threshold"),
            mask_threshold=params.get("mask_threshold"),
            overlap_mask_area_threshold=params.get("overlap_mask_area_threshold"),
        ),
    ),
    render=view,
    examples=[Example({"image": "portrait.jpg"}, "Portrait")],
    local_model=local_model("image-segmentation"),
    hub_models=(
        "nvidia/segformer-b0-finetuned-ade-512-512",
        "facebook/detr-resnet-50-panoptic",
        "facebook/mask2former-swin-base-coco-panoptic",
    ),
    promise="a list of {label, score (may be null), mask: a black-and-white PNG}",
)
