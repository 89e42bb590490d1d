from hypothesis import given, settings
from hypothesis import strategies as st

from playground.render.colors import (
    PALETTE,
    hex_to_rgb,
    label_colors,
    readable_text_color,
)

labels = st.text(min_size=1, max_size=12)

no_deadline = settings(deadline=None)  # a busy machine must not fail a property test


@no_deadline
@given(st.lists(labels, max_size=len(PALETTE), unique=True))
def test_up_to_palette_size_labels_get_distinct_palette_colours(names: list[str]) -> None:
    colors = label_colors(names)
    assert set(colors) == set(names)
    assert len(set(colors.values())) == len(names)
    assert set(colors.values()) <= set(PALETTE)


@no_deadline
@given(st.lists(labels, min_size=1, max_size=40))
def test_colours_do_not_depend_on_label_order_or_repeats(names: list[str]) -> None:
    assert label_colors(names) == label_colors(sorted(names, reverse=True) + names)


def test_more_labels_than_the_palette_still_get_distinct_colours() -> None:
    names = [f"class {i}" for i in range(len(PALETTE) + 10)]
    colors = label_colors(names)
    assert len(set(colors.values())) == len(names)
    assert all(c.startswith("#") and len(c) == 7 for c in colors.values())


def test_hex_to_rgb_reads_long_and_short_forms() -> None:
    assert hex_to_rgb("#e6194b") == (230, 25, 75)
    assert hex_to_rgb("#fff") == (255, 255, 255)


def test_readable_text_colour_contrasts_with_the_background() -> None:
    assert readable_text_color((255, 225, 25)) == (0, 0, 0)
    assert readable_text_color((0, 0, 117)) == (255, 255, 255)
