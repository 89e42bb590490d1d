import itertools

import gradio as gr
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.render.entities import (
    Entity,
    entities_table,
    entity_color_map,
    highlight_entities,
    normalize_entities,
    split_tag,
)

TEXT = "My name is Wolfgang and I live in Berlin."
AGGREGATED = [
    {"entity_group": "PER", "score": 0.998, "word": "Wolfgang", "start": 11, "end": 19},
    {"entity_group": "LOC", "score": 0.999, "word": "Berlin", "start": 34, "end": 40},
]

no_deadline = settings(deadline=None)  # a busy machine must not fail a property test


def joined(pieces: list[tuple[str, str | None]]) -> str:
    return "".join(piece for piece, _ in pieces)


def test_aggregated_entities_become_highlights_with_scores() -> None:
    assert highlight_entities(TEXT, AGGREGATED) == [
        ("My name is ", None),
        ("Wolfgang", "PER 1.00"),
        (" and I live in ", None),
        ("Berlin", "LOC 1.00"),
        (".", None),
    ]
    assert highlight_entities(TEXT, AGGREGATED, show_scores=False)[1] == ("Wolfgang", "PER")


def test_unsorted_entities_do_not_duplicate_text() -> None:
    pieces = highlight_entities(TEXT, list(reversed(AGGREGATED)))
    assert joined(pieces) == TEXT
    assert [c for _, c in pieces if c] == ["PER 1.00", "LOC 1.00"]


def test_overlapping_entities_keep_the_more_confident_one() -> None:
    overlapping = [
        *AGGREGATED,
        {"entity_group": "ORG", "score": 0.6, "word": "Wolfgang and", "start": 11, "end": 23},
        {"entity_group": "MISC", "score": 0.4, "word": "Berl", "start": 34, "end": 38},
    ]
    pieces = highlight_entities(TEXT, overlapping, show_scores=False)
    assert joined(pieces) == TEXT
    assert [(p, c) for p, c in pieces if c] == [("Wolfgang", "PER"), ("Berlin", "LOC")]


def test_per_token_bio_tags_are_merged_into_entities() -> None:
    text = "Hugging Face is in New York City"
    tokens = [
        {"entity": "B-ORG", "score": 0.9, "word": "Hu", "start": 0, "end": 2},
        {"entity": "I-ORG", "score": 0.8, "word": "##gging", "start": 2, "end": 7},
        {"entity": "I-ORG", "score": 0.7, "word": "Face", "start": 8, "end": 12},
        {"entity": "B-LOC", "score": 0.9, "word": "New", "start": 19, "end": 22},
        {"entity": "I-LOC", "score": 0.9, "word": "York", "start": 23, "end": 27},
        {"entity": "B-LOC", "score": 0.5, "word": "City", "start": 28, "end": 32},
    ]
    entities = normalize_entities(text, tokens)
    assert [(text[e.start : e.end], e.group) for e in entities] == [
        ("Hugging Face", "ORG"),
        ("New York", "LOC"),
        ("City", "LOC"),
    ]
    assert entities[0].score == pytest.approx((0.9 + 0.8 + 0.7) / 3)


def test_untagged_word_pieces_that_touch_are_joined() -> None:
    tokens = [
        {"entity": "PER", "score": 0.9, "word": "Wolf", "start": 11, "end": 15},
        {"entity": "PER", "score": 0.9, "word": "##gang", "start": 15, "end": 19},
    ]
    assert highlight_entities(TEXT, tokens, show_scores=False)[1] == ("Wolfgang", "PER")


def test_adjacent_aggregated_entities_stay_apart() -> None:
    text = "AB"
    items = [
        {"entity_group": "X", "score": 0.9, "start": 0, "end": 1},
        {"entity_group": "X", "score": 0.9, "start": 1, "end": 2},
    ]
    assert len(normalize_entities(text, items)) == 2


def test_missing_offsets_are_found_from_the_word() -> None:
    no_offsets = [
        {"entity_group": "LOC", "score": 0.9, "word": "berlin"},  # uncased model
        {"entity_group": "PER", "score": 0.9, "word": "##Wolfgang"},
        {"entity_group": "PER", "score": 0.9, "word": "Nobody"},  # not in the text: dropped
    ]
    pieces = highlight_entities(TEXT, no_offsets, show_scores=False)
    assert joined(pieces) == TEXT
    assert [(p, c) for p, c in pieces if c] == [("Wolfgang", "PER"), ("Berlin", "LOC")]


def test_repeated_words_without_offsets_are_placed_in_order() -> None:
    text = "Paris and Paris"
    items = [
        {"entity_group": "LOC", "score": 0.9, "word": "Paris"},
        {"entity_group": "PER", "score": 0.8, "word": "Paris"},
    ]
    entities = normalize_entities(text, items)
    assert [(e.start, e.group) for e in entities] == [(0, "LOC"), (10, "PER")]


def test_out_of_range_offsets_and_outside_tags_are_handled() -> None:
    items = [
        {"entity_group": "LOC", "score": 0.9, "start": 34, "end": 400},
        {"entity": "O", "score": 0.9, "start": 0, "end": 2},
        {"entity_group": "PER", "score": 0.9, "start": 19, "end": 11, "word": "zzz"},
        {"score": 0.9, "start": 0, "end": 2},
    ]
    assert normalize_entities(TEXT, items) == [Entity(34, 41, "LOC", (0.9,), "", True)]


def test_no_entities_and_empty_text() -> None:
    assert highlight_entities(TEXT, []) == [(TEXT, None)]
    assert highlight_entities("", []) == [("", None)]


def test_tag_prefixes() -> None:
    assert split_tag("B-PER") == ("B", "PER")
    assert split_tag("I_LOC") == ("I", "LOC")
    assert split_tag("PER") == ("", "PER")
    assert split_tag("B-") == ("", "B-")


def test_highlights_and_colour_map_pass_postprocess() -> None:
    pieces = highlight_entities(TEXT, AGGREGATED)
    color_map = entity_color_map(TEXT, AGGREGATED)
    assert set(color_map) == {"PER 1.00", "LOC 1.00"}
    data = gr.HighlightedText(color_map=color_map).postprocess(pieces)
    assert "".join(item.token for item in data.root) == TEXT


def test_same_group_shares_a_colour_whatever_the_score() -> None:
    items = [*AGGREGATED, {"entity_group": "PER", "score": 0.5, "start": 0, "end": 2}]
    color_map = entity_color_map(TEXT, items)
    assert color_map["PER 0.50"] == color_map["PER 1.00"] != color_map["LOC 1.00"]


def test_entity_table_lists_text_group_score_and_offsets() -> None:
    table = entities_table(TEXT, list(reversed(AGGREGATED)))
    assert table.to_dict("records") == [
        {"entity": "Wolfgang", "group": "PER", "score": 0.998, "start": 11, "end": 19},
        {"entity": "Berlin", "group": "LOC", "score": 0.999, "start": 34, "end": 40},
    ]
    assert gr.Dataframe(interactive=False).postprocess(table).data[0][0] == "Wolfgang"


entity_items = st.fixed_dictionaries(
    {
        "entity_group": st.sampled_from(["PER", "LOC", "B-ORG", "I-ORG", "O"]),
        "score": st.one_of(st.none(), st.floats(0, 1)),
        "start": st.one_of(st.none(), st.integers(-5, 60)),
        "end": st.one_of(st.none(), st.integers(-5, 60)),
        "word": st.text(max_size=6),
    }
)


@no_deadline
@given(st.text(max_size=50), st.lists(entity_items, max_size=12))
def test_any_entities_spell_out_the_text_without_overlaps(text: str, items: list) -> None:
    pieces = highlight_entities(text, items)
    assert joined(pieces) == text
    entities = normalize_entities(text, items)
    assert all(0 <= e.start < e.end <= len(text) for e in entities)
    assert all(a.end <= b.start for a, b in itertools.pairwise(entities))


def test_word_search_ignores_case_without_shifting_offsets() -> None:
    text = "Die Straße in MÜNCHEN"
    items = [{"entity_group": "LOC", "score": 0.9, "word": "münchen"}]
    assert highlight_entities(text, items, show_scores=False)[1] == ("MÜNCHEN", "LOC")
