"""The compare view's pictures: side outputs and each kind of comparison, as HTML."""

from __future__ import annotations

from playground.assets import asset
from playground.qa.compare import compare
from playground.ui.compare_html import comparison_html, side_html

TITLES = ["1. a", "2. b"]


def test_labels_table_marks_the_top_label_per_side() -> None:
    results = [[{"label": "pos", "score": 0.9}], [{"label": "neg", "score": 0.7}]]
    page = comparison_html(compare("text-classification", results), TITLES)
    assert "top labels differ" in page and "<b>0.900</b>" in page and "2. b" in page


def test_entities_are_aligned_by_span() -> None:
    text = "Clara lives in Paris"
    one = [{"entity_group": "PER", "word": "Clara", "start": 0, "end": 5, "score": 0.9}]
    two = [{"entity_group": "LOC", "word": "Clara", "start": 0, "end": 5, "score": 0.8}]
    page = comparison_html(compare("token-classification", [one, two], text=text), TITLES)
    assert "0 of 1 spans" in page and "PER 0.90" in page and "class='off'" in page


def test_boxes_of_both_sides_are_drawn_on_the_input_image() -> None:
    box = {"xmin": 10, "ymin": 10, "xmax": 60, "ymax": 60}
    results = [[{"label": "face", "score": 0.9, "box": box}]] * 2
    page = comparison_html(compare("object-detection", results), TITLES, asset("portrait.jpg"))
    assert page.count("<rect") == 2 and "data:image/jpeg;base64," in page
    assert "<td>1 vs 2</td><td>1</td><td>1.000</td>" in page


def test_texts_are_diffed_word_by_word() -> None:
    page = comparison_html(compare("summarization", ["a red cat", "a blue cat"]), TITLES)
    assert "<del>red </del>" in page and "<ins>blue </ins>" in page


def test_a_failed_side_draws_nothing_and_an_image_side_draws_the_image() -> None:
    from PIL import Image

    assert side_html("text-classification", None, {}) == ""
    assert "<img src='data:image/jpeg" in side_html("text-to-image", Image.new("RGB", (8, 8)), {})
    drawn = side_html("text-classification", [{"label": "pos", "score": 0.5}], {"text": "x"})
    assert "pos" in drawn and "0.500" in drawn
