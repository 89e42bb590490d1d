import gradio as gr
import pandas as pd
import pytest
from PIL import Image

from playground.render.colors import hex_to_rgb
from playground.render.detection import (
    box_of,
    detection_colors,
    detection_label,
    detections_table,
    draw_detections,
    filter_detections,
)

DETECTIONS = [
    {"label": "cat", "score": 0.97, "box": {"xmin": 10, "ymin": 30, "xmax": 50, "ymax": 70}},
    {"label": "dog", "score": 0.42, "box": {"xmin": 60, "ymin": 5, "xmax": 110, "ymax": 40}},
    {"label": "cat", "score": 0.12, "box": {"xmin": 70, "ymin": 50, "xmax": 100, "ymax": 75}},
]


def test_threshold_filter_keeps_scores_at_or_above_it() -> None:
    assert filter_detections(DETECTIONS, 0.42) == DETECTIONS[:2]
    assert filter_detections(DETECTIONS, 0.0) == DETECTIONS
    assert filter_detections(DETECTIONS, 0.99) == []


def test_filter_by_label_and_keep_detections_without_a_score() -> None:
    unscored = {"label": "cat", "box": {"xmin": 0, "ymin": 0, "xmax": 5, "ymax": 5}}
    assert filter_detections([*DETECTIONS, unscored], 0.5, labels={"cat"}) == [
        DETECTIONS[0],
        unscored,
    ]


def test_label_text_carries_the_score() -> None:
    assert detection_label(DETECTIONS[0]) == "cat 0.97"
    assert detection_label(DETECTIONS[0], show_score=False) == "cat"
    assert detection_label({"label": "cat", "score": None}) == "cat"


def test_boxes_are_visible_in_their_label_colour(photo: Image.Image) -> None:
    drawn = draw_detections(photo, DETECTIONS)
    colors = detection_colors(DETECTIONS)
    cat, dog = hex_to_rgb(colors["cat"]), hex_to_rgb(colors["dog"])
    assert drawn.size == photo.size
    assert drawn.getpixel((10, 50)) == cat  # left edge of the first cat box
    assert drawn.getpixel((30, 70)) == cat  # bottom edge
    assert drawn.getpixel((110, 20)) == dog  # right edge of the dog box
    assert drawn.getpixel((5, 75)) == photo.getpixel((5, 75))  # outside every box


def test_box_interior_is_tinted_not_covered(photo: Image.Image) -> None:
    drawn = draw_detections(photo, DETECTIONS)
    inside = drawn.getpixel((30, 55))
    assert inside != photo.getpixel((30, 55))
    assert inside != hex_to_rgb(detection_colors(DETECTIONS)["cat"])


def test_label_chip_sits_above_the_box_and_inside_the_image(photo: Image.Image) -> None:
    drawn = draw_detections(photo, DETECTIONS)
    cat = hex_to_rgb(detection_colors(DETECTIONS)["cat"])
    assert drawn.getpixel((11, 29)) == cat  # chip background just above the box
    dog_at_top = draw_detections(photo, [DETECTIONS[1]])
    dog = hex_to_rgb(detection_colors([DETECTIONS[1]])["dog"])
    assert dog_at_top.getpixel((61, 6)) == dog  # no room above: chip goes inside


def test_drawing_does_not_touch_the_input(photo: Image.Image) -> None:
    before = photo.tobytes()
    draw_detections(photo, DETECTIONS)
    assert photo.tobytes() == before


def test_custom_colours_and_no_detections(photo: Image.Image) -> None:
    drawn = draw_detections(photo, DETECTIONS[:1], colors={"cat": "#0000ff"})
    assert drawn.getpixel((10, 50)) == (0, 0, 255)
    assert draw_detections(photo, []).tobytes() == photo.tobytes()


def test_boxes_are_ordered_clamped_and_rounded() -> None:
    wild = {"box": {"xmin": 130.6, "ymin": -5, "xmax": 20.2, "ymax": 500}}
    assert box_of(wild, (120, 80)) == (20, 0, 119, 79)


def test_table_lists_detections_best_first_and_passes_postprocess() -> None:
    table = detections_table(list(reversed(DETECTIONS)))
    assert list(table.columns) == ["label", "score", "xmin", "ymin", "xmax", "ymax"]
    assert list(table["score"]) == [0.97, 0.42, 0.12]
    data = gr.Dataframe(interactive=False).postprocess(table)
    assert data.data[0] == ["cat", 0.97, 10, 30, 50, 70]


def test_empty_table_keeps_its_columns() -> None:
    table = detections_table([])
    assert isinstance(table, pd.DataFrame)
    assert table.empty
    assert gr.Dataframe(interactive=False).postprocess(table).headers == list(table.columns)


@pytest.mark.parametrize("count", [1, 100])
def test_many_boxes_draw_without_error(photo: Image.Image, count: int) -> None:
    many = [DETECTIONS[i % 3] for i in range(count)]
    assert draw_detections(photo, many).size == photo.size


def test_the_most_confident_label_is_drawn_on_top(photo: Image.Image) -> None:
    same_place = {"xmin": 20, "ymin": 40, "xmax": 90, "ymax": 70}
    weak = {"label": "dog", "score": 0.3, "box": same_place}
    strong = {"label": "cat", "score": 0.9, "box": {**same_place, "xmax": 60}}
    colors = detection_colors([weak, strong])
    for order in ([weak, strong], [strong, weak]):
        drawn = draw_detections(photo, order)
        assert drawn.getpixel((21, 39)) == hex_to_rgb(colors["cat"])
