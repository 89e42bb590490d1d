"""Object detection: boxes drawn on the image, a threshold that re-filters without calling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Control, Example, Field, OutputWidget, Param, TaskSpec


def view(result: Any, call: CallArgs, controls: Mapping[str, Any]) -> dict[str, Any]:
    image = render.to_rgb_image(call.args[0])
    shown = render.filter_detections(result, float(controls.get("threshold") or 0.0))
    return {
        "image": render.draw_detections(image, shown),
        "table": render.detections_table(shown),
        "count": f"{len(shown)} of {len(result)} detections shown."
        if result
        else "No object was detected.",
    }


SPEC = TaskSpec(
    id="object-detection",
    title="Object detection",
    group="Vision",
    description="Find objects and draw their boxes, labels and scores on the image. Move the "
    "threshold to hide weak detections without calling the model again.",
    method="object_detection",
    inputs=[Field("image", "Image", "image")],
    params=[
        Param(
            "threshold",
            "Server threshold",
            "float",
            minimum=0,
            maximum=1,
            step=0.05,
            info="Detections below it are not returned at all.",
        )
    ],
    controls=[Control("threshold", "Show detections scoring at least", "slider", value=0.0)],
    outputs=[
        OutputWidget("image", "Detections", "image"),
        OutputWidget("count", "", "markdown"),
        OutputWidget("table", "Boxes", "table"),
    ],
    build_call=lambda inputs, params: CallArgs(
        (inputs["image"],), only(threshold=params.get("threshold"))
    ),
    render=view,
    examples=[Example({"image": "portrait.jpg"}, "Portrait")],
    local_model=local_model("object-detection"),
    hub_models=("facebook/detr-resnet-50", "hustvl/yolos-tiny"),
    promise="a list of {label, score, box: {xmin, ymin, xmax, ymax}}",
)
