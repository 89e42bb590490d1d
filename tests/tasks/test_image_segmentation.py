from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from playground.client.types import ImageSegmentationOutput
from playground.render.colors import hex_to_rgb
from playground.tasks.image_segmentation import SPEC, contrasting_colors
from playground.tasks.spec import CallArgs

from .helpers import shown

SIZE = (120, 80)
GREY = (128, 128, 128)
COLORS = {"cat": "#e6194b", "sky": "#3cb44b"}  # red and green: the palette's first two


def rect_mask(box: tuple[int, int, int, int]) -> Image.Image:
    mask = Image.new("L", SIZE, 0)
    ImageDraw.Draw(mask).rectangle(box, fill=255)
    return mask


def segment(label: str, score: float | None, box: tuple[int, int, int, int]) -> Any:
    return ImageSegmentationOutput.parse({"label": label, "score": score, "mask": rect_mask(box)})


@pytest.fixture
def call(tmp_path: Path) -> CallArgs:
    path = tmp_path / "grey.png"
    Image.new("RGB", SIZE, GREY).save(path)
    return CallArgs((str(path),))


@pytest.fixture
def segments() -> list[Any]:
    return [segment("sky", 0.99, (0, 0, 119, 29)), segment("cat", 0.9, (20, 40, 59, 79))]


def tinted(color: str, alpha: float = 0.55) -> np.ndarray:
    return np.array(GREY) * (1 - alpha) + np.array(hex_to_rgb(color)) * alpha


def test_build_call_sends_only_the_set_parameters() -> None:
    call = SPEC.build_call({"image": "a.png"}, {"subtask": "panoptic", "threshold": 0.8})
    assert call == CallArgs(("a.png",), {"subtask": "panoptic", "threshold": 0.8})


def test_masks_are_coloured_over_the_image_with_their_label_colour(call, segments) -> None:
    rendered = SPEC.render(segments, call, {"hidden": [], "opacity": 0.55})
    image, colors = rendered["image"], COLORS
    np.testing.assert_allclose(image.getpixel((60, 10)), tinted(colors["sky"]), atol=2)
    np.testing.assert_allclose(image.getpixel((40, 60)), tinted(colors["cat"]), atol=2)
    assert image.getpixel((100, 60)) == GREY  # outside every mask
    assert image.height > SIZE[1]  # the legend strip below the picture
    assert shown(SPEC, rendered)["image"].path.endswith(".png")


def test_labels_get_contrasting_colours_that_depend_only_on_the_set_of_labels() -> None:
    assert contrasting_colors(["sky", "cat", "sky"]) == COLORS
    assert contrasting_colors(["cat", "sky"]) == COLORS
    many = [f"label {n}" for n in range(30)]
    assert len(set(contrasting_colors(many).values())) == 30


def test_the_summary_has_a_colour_legend_with_escaped_labels(call) -> None:
    result = [segment("<b>cat</b>", 0.9, (0, 0, 9, 9))]
    summary = SPEC.render(result, call, {})["summary"]
    assert summary == ('1 segment: <span style="color:#e6194b">■</span> &lt;b&gt;cat&lt;/b&gt;.')


def test_the_labels_control_offers_every_label(call, segments) -> None:
    update = SPEC.render(segments, call, {"hidden": []})["hidden"]
    assert update["__type__"] == "update"
    assert update["choices"] == ["sky", "cat"]
    assert update["value"] == []


def test_hidden_labels_are_not_drawn(call, segments) -> None:
    rendered = SPEC.render(segments, call, {"hidden": ["cat"], "opacity": 0.55})
    image = rendered["image"]
    assert image.getpixel((40, 60)) == GREY
    np.testing.assert_allclose(image.getpixel((60, 10)), tinted(COLORS["sky"]), atol=2)
    assert "hidden: cat" in rendered["summary"]
    assert rendered["hidden"]["value"] == ["cat"]


def test_a_hidden_label_missing_from_a_new_result_is_dropped(call, segments) -> None:
    rendered = SPEC.render(segments, call, {"hidden": ["dog", "sky"]})
    assert rendered["hidden"]["value"] == ["sky"]
    assert "dog" not in rendered["summary"]


def test_opacity_changes_the_tint(call, segments) -> None:
    faint = SPEC.render(segments, call, {"hidden": [], "opacity": 0.2})["image"]
    color = COLORS["cat"]
    np.testing.assert_allclose(faint.getpixel((40, 60)), tinted(color, 0.2), atol=2)


def test_the_table_gives_each_segment_its_share_of_the_image(call, segments) -> None:
    table = SPEC.render(segments, call, {})["table"]
    assert table.to_dict("records") == [
        {"label": "sky", "score": 0.99, "area %": 37.5},
        {"label": "cat", "score": 0.9, "area %": 16.67},
    ]
    headers = shown(SPEC, SPEC.render(segments, call, {}))["table"].headers
    assert headers == ["label", "score", "area %"]


def test_semantic_segmentation_without_scores(call) -> None:
    segments = [segment("road", None, (0, 40, 119, 79)), segment("sky", None, (0, 0, 119, 39))]
    rendered = SPEC.render(segments, call, {"hidden": []})
    assert rendered["summary"].endswith("no scores (semantic segmentation).")
    assert rendered["table"]["score"].isna().all()
    assert rendered["image"].getpixel((60, 60)) != GREY
    shown(SPEC, rendered)


def test_an_empty_result_shows_the_plain_image_and_a_sentence(call) -> None:
    rendered = SPEC.render([], call, {"hidden": ["cat"]})
    assert rendered["image"].size == SIZE
    assert rendered["image"].getpixel((60, 40)) == GREY
    assert rendered["summary"] == "The model found no segment."
    assert rendered["table"] is None
    assert rendered["hidden"]["choices"] == []
    shown(SPEC, rendered)


def test_masks_of_another_size_are_scaled_to_the_image(call) -> None:
    small = Image.new("L", (60, 40), 0)
    ImageDraw.Draw(small).rectangle((0, 0, 29, 39), fill=255)  # the left half
    result = [ImageSegmentationOutput.parse({"label": "left", "score": 1.0, "mask": small})]
    image = SPEC.render(result, call, {})["image"]
    assert image.getpixel((30, 40)) != GREY
    assert image.getpixel((90, 40)) == GREY
