from pathlib import Path

import pytest
from PIL import Image

from playground.assets import asset
from playground.tasks.image_to_image import GAP, SPEC, side_by_side
from playground.tasks.spec import CallArgs

from .helpers import example_inputs, shown

RED, BLUE = (220, 30, 30), (30, 30, 220)


@pytest.fixture
def call(tmp_path: Path) -> CallArgs:
    path = tmp_path / "red.png"
    Image.new("RGB", (100, 80), RED).save(path)
    return CallArgs((str(path),), {"prompt": "make it blue"})


def test_build_call_puts_the_prompt_and_set_parameters_in_keywords() -> None:
    inputs = {"image": "a.png", "prompt": "make it blue", "negative_prompt": None}
    call = SPEC.build_call(inputs, {"num_inference_steps": 20, "guidance_scale": 7.5})
    assert call == CallArgs(
        ("a.png",), {"prompt": "make it blue", "num_inference_steps": 20, "guidance_scale": 7.5}
    )


def test_without_prompt_or_parameters_only_the_image_is_sent() -> None:
    call = SPEC.build_call({"image": "a.png", "prompt": None, "negative_prompt": None}, {})
    assert call == CallArgs(("a.png",), {})


def test_the_result_is_shown_with_a_before_after_view(call) -> None:
    result = Image.new("RGB", (200, 160), BLUE)
    result.format = "JPEG"
    rendered = SPEC.render(result, call, {})
    assert rendered["image"].size == (200, 160)
    compare = rendered["compare"]
    assert compare.size == (200 + GAP + 200, 160)  # the input is scaled up to the same height
    assert compare.getpixel((100, 120)) == RED
    assert compare.getpixel((200 + GAP + 100, 120)) == BLUE
    assert "100×80 in → 200×160 out (JPEG from the server)" in rendered["note"]
    values = shown(SPEC, rendered)
    assert values["image"].path.endswith(".png")  # the download is a PNG
    assert values["compare"].path.endswith(".png")


def test_before_after_labels_each_side() -> None:
    before, after = Image.new("RGB", (50, 50), RED), Image.new("RGB", (50, 50), BLUE)
    compare = side_by_side(before, after)
    assert compare.getpixel((GAP // 2 + 1, GAP // 2 + 1)) not in (RED, BLUE)  # the "Before" chip
    assert compare.getpixel((25, 45)) == RED


def test_an_unusual_image_mode_is_shown_as_rgb(call) -> None:
    result = Image.new("CMYK", (100, 80), (0, 0, 0, 0))
    rendered = SPEC.render(result, call, {})
    assert rendered["image"].mode == "RGB"
    shown(SPEC, rendered)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_exist_and_build_a_call(example) -> None:
    inputs = example_inputs(SPEC, example)
    call = SPEC.build_call(inputs, {})
    assert call.args == (str(asset(example.values["image"])),)
    assert call.kwargs.get("prompt") == example.values.get("prompt")
