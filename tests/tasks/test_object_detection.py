"""Object detection tab: the image and the server threshold in; boxes drawn on the picture, a
count and a table out, re-filtered by the threshold control without calling again."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from playground.assets import asset
from playground.client import InputError
from playground.client.methods.vision import parse_detections
from playground.tasks.object_detection import SPEC
from playground.tasks.spec import CallArgs

from .helpers import default_params, shown, widget_inputs

PORTRAIT = str(asset("portrait.jpg"))
CALL = CallArgs((PORTRAIT,))
# The face assets/README.md documents, and a weaker, larger "person" box around it.
FACE = {"label": "face", "score": 0.98, "box": {"xmin": 177, "ymin": 66, "xmax": 272, "ymax": 161}}
PERSON = {
    "label": "person",
    "score": 0.3,
    "box": {"xmin": 40, "ymin": 30, "xmax": 480, "ymax": 500},
}


@pytest.fixture
def detections() -> list[Any]:
    return parse_detections([PERSON, FACE])


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


def test_build_call_sends_the_image_and_the_threshold_only_when_set() -> None:
    inputs = widget_inputs(SPEC, {"image": PORTRAIT})
    assert SPEC.build_call(inputs, default_params(SPEC)) == CallArgs((PORTRAIT,), {})
    assert SPEC.build_call(inputs, {"threshold": 0.9}) == CallArgs((PORTRAIT,), {"threshold": 0.9})


def test_no_image_is_refused_before_sending() -> None:
    with pytest.raises(InputError, match="Give an image first"):
        widget_inputs(SPEC, {"image": None})


def test_every_box_is_drawn_on_the_image_and_listed_best_first(detections: list[Any]) -> None:
    original = pixels(Image.open(PORTRAIT))
    rendered = SPEC.render(detections, CALL, {"threshold": 0.0})
    drawn = pixels(rendered["image"])
    assert drawn.shape == original.shape  # the picture keeps its size
    assert (drawn[120, 177] != original[120, 177]).any()  # the face's left edge
    assert (drawn[300, 40] != original[300, 40]).any()  # the person's left edge
    assert (drawn[510, 5] == original[510, 5]).all()  # a corner outside every box
    assert rendered["count"] == "2 of 2 detections shown."
    assert rendered["table"].to_dict("records") == [
        {"label": "face", "score": 0.98, "xmin": 177, "ymin": 66, "xmax": 272, "ymax": 161},
        {"label": "person", "score": 0.3, "xmin": 40, "ymin": 30, "xmax": 480, "ymax": 500},
    ]


def test_the_threshold_control_hides_weak_boxes_without_a_new_call(
    detections: list[Any],
) -> None:
    original = pixels(Image.open(PORTRAIT))
    rendered = SPEC.render(detections, CALL, {"threshold": 0.5})
    drawn = pixels(rendered["image"])
    assert (drawn[300, 40] == original[300, 40]).all()  # the person's box is gone
    assert (drawn[120, 177] != original[120, 177]).any()  # the face's stays
    assert rendered["count"] == "1 of 2 detections shown."
    assert list(rendered["table"]["label"]) == ["face"]


def test_no_detection_shows_the_plain_image_and_says_so() -> None:
    rendered = SPEC.render([], CALL, {"threshold": 0.0})
    assert (pixels(rendered["image"]) == pixels(Image.open(PORTRAIT))).all()
    assert rendered["count"] == "No object was detected."
    assert rendered["table"].empty


def test_the_components_take_the_rendered_values(detections: list[Any]) -> None:
    out = shown(SPEC, SPEC.render(detections, CALL, {"threshold": 0.0}))
    assert out["image"].path.endswith(".png")
    assert out["table"].headers == ["label", "score", "xmin", "ymin", "xmax", "ymax"]
    assert out["count"] == "2 of 2 detections shown."
