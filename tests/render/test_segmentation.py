import gradio as gr
import numpy as np
import pytest
from PIL import Image

from playground.render.colors import hex_to_rgb
from playground.render.segmentation import (
    mask_array,
    overlay_masks,
    segment_colors,
    segment_index_map,
    segment_labels,
    segments_table,
    visible_segments,
)

from .helpers import ellipse_mask, rect_mask

SIZE = (120, 80)


@pytest.fixture
def segments() -> list[dict]:
    return [
        {"label": "sky", "score": None, "mask": rect_mask(SIZE, (0, 0, 119, 29))},
        {"label": "cat", "score": 0.97, "mask": ellipse_mask(SIZE, (10, 35, 50, 75))},
        {"label": "cat", "score": 0.91, "mask": rect_mask(SIZE, (60, 40, 100, 70))},
    ]


def tinted(base: tuple[int, int, int], color: str, alpha: float = 0.55) -> np.ndarray:
    return np.array(base) * (1 - alpha) + np.array(hex_to_rgb(color)) * alpha


def test_masks_are_tinted_with_their_label_colour(photo: Image.Image, segments) -> None:
    colors = segment_colors(segments)
    out = overlay_masks(photo, segments)
    inside_sky, inside_cat = out.getpixel((50, 15)), out.getpixel((30, 55))
    np.testing.assert_allclose(inside_sky, tinted(photo.getpixel((50, 15)), colors["sky"]), atol=2)
    np.testing.assert_allclose(inside_cat, tinted(photo.getpixel((30, 55)), colors["cat"]), atol=2)
    assert out.getpixel((110, 75)) == photo.getpixel((110, 75))  # outside every mask


def test_mask_edges_are_outlined_in_full_colour(photo: Image.Image, segments) -> None:
    out = overlay_masks(photo, segments)
    assert out.getpixel((60, 55)) == hex_to_rgb(segment_colors(segments)["cat"])
    plain = overlay_masks(photo, segments, outline=False)
    assert plain.getpixel((60, 55)) == out.getpixel((61, 55)) != out.getpixel((60, 55))


def test_hidden_labels_are_not_drawn_and_colours_do_not_move(photo: Image.Image, segments):
    all_shown = overlay_masks(photo, segments)
    only_cat = overlay_masks(photo, segments, visible_labels={"cat"})
    assert only_cat.getpixel((50, 15)) == photo.getpixel((50, 15))
    assert only_cat.getpixel((30, 55)) == all_shown.getpixel((30, 55))
    assert overlay_masks(photo, segments, visible_labels=set()).tobytes() == photo.tobytes()


def test_later_segments_cover_earlier_ones_where_they_overlap(photo: Image.Image) -> None:
    first = {"label": "a", "mask": rect_mask(SIZE, (0, 0, 119, 79))}
    second = {"label": "b", "mask": rect_mask(SIZE, (40, 20, 80, 60))}
    index = segment_index_map([first, second], SIZE)
    assert index[40, 60] == 2
    assert index[5, 5] == 1
    colors = {"a": "#ff0000", "b": "#0000ff"}
    out = overlay_masks(photo, [first, second], colors=colors, outline=False)
    np.testing.assert_allclose(out.getpixel((60, 40)), tinted((128, 128, 128), "#0000ff"), atol=2)


def test_masks_of_another_size_or_as_arrays_are_accepted(photo: Image.Image) -> None:
    half = rect_mask((60, 40), (0, 0, 29, 19))
    as_bool = np.zeros((80, 120), dtype=bool)
    as_bool[70:, 110:] = True
    as_float = as_bool.astype(np.float64) * 0.9
    assert mask_array(half, SIZE)[:40, :60].all()
    assert not mask_array(half, SIZE)[40:, 60:].any()
    assert mask_array(as_bool, SIZE).sum() == mask_array(as_float, SIZE).sum() == 100
    assert mask_array(np.full((80, 120), 255, np.uint8), SIZE).all()
    assert not mask_array(None, SIZE).any()
    assert mask_array(Image.new("RGB", SIZE, (255, 255, 255)), SIZE).all()
    segments = [{"label": "x", "mask": half}]
    assert overlay_masks(photo, segments).getpixel((5, 5)) != photo.getpixel((5, 5))


def test_labels_in_first_seen_order_for_toggles(segments) -> None:
    assert segment_labels(segments) == ["sky", "cat"]
    assert visible_segments(segments, None) == segments
    assert visible_segments(segments, ["sky"]) == segments[:1]


def test_table_reports_label_score_and_area(segments) -> None:
    table = segments_table(segments, SIZE)
    assert list(table.columns) == ["label", "score", "area %"]
    assert table.loc[0, "area %"] == pytest.approx(100 * 120 * 30 / (120 * 80))
    assert table["score"].isna().tolist() == [True, False, False]
    assert gr.Dataframe(interactive=False).postprocess(table).headers == list(table.columns)


def test_zero_one_integer_and_channel_masks_are_understood() -> None:
    zero_one = np.zeros((80, 120), np.uint8)
    zero_one[:10, :10] = 1
    assert mask_array(zero_one, SIZE).sum() == 100
    assert mask_array(np.stack([zero_one * 255] * 3, axis=2), SIZE).sum() == 100
    assert mask_array(zero_one[:40, :60], SIZE).sum() == 400  # resized ×2 each way


@pytest.mark.parametrize(("alpha", "expected"), [(-1.0, (128, 128, 128)), (5.0, (0, 0, 255))])
def test_opacity_is_clamped_to_zero_and_one(photo: Image.Image, alpha, expected) -> None:
    segments = [{"label": "a", "mask": rect_mask(SIZE, (0, 0, 119, 79))}]
    out = overlay_masks(photo, segments, colors={"a": "#0000ff"}, alpha=alpha, outline=False)
    assert out.getpixel((5, 5)) == expected


def test_overlay_never_changes_the_input(photo: Image.Image, segments) -> None:
    before = photo.tobytes()
    overlay_masks(photo, segments)
    overlay_masks(photo, segments, visible_labels=set()).putpixel((0, 0), (1, 2, 3))
    assert photo.tobytes() == before
