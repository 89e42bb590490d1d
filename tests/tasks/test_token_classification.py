"""Token classification tab: the call, and entities drawn from every shape servers send."""

from __future__ import annotations

from typing import Any

from playground.client.types import TokenClassificationOutput
from playground.tasks.spec import CallArgs
from playground.tasks.token_classification import SPEC

from .helpers import merged, shown

TEXT = "Ada Lovelace met Charles Babbage in London."


def entities(*items: dict[str, Any]) -> list[TokenClassificationOutput]:
    return [TokenClassificationOutput.parse(item) for item in items]


AGGREGATED = entities(
    {"entity_group": "PER", "score": 0.998, "word": "Ada Lovelace", "start": 0, "end": 12},
    {"entity_group": "PER", "score": 0.991, "word": "Charles Babbage", "start": 17, "end": 32},
    {"entity_group": "LOC", "score": 0.95, "word": "London", "start": 36, "end": 42},
)


def test_build_call_sends_the_text_and_only_the_set_parameters() -> None:
    assert SPEC.build_call({"text": TEXT}, {}) == CallArgs((TEXT,), {})
    call = SPEC.build_call(
        {"text": TEXT}, {"aggregation_strategy": "first", "ignore_labels": ["O"], "stride": 16}
    )
    assert call.kwargs == {"aggregation_strategy": "first", "ignore_labels": ["O"], "stride": 16}


def test_aggregation_offers_every_strategy_and_defaults_to_the_server() -> None:
    (aggregation,) = [p for p in SPEC.params if p.name == "aggregation_strategy"]
    assert aggregation.choices == ("none", "simple", "first", "average", "max")
    assert aggregation.value is None


def test_aggregated_entities_are_highlighted_with_group_and_score() -> None:
    rendered = SPEC.render(AGGREGATED, CallArgs((TEXT,)), {})
    update = rendered["entities"]
    assert merged(update["value"]) == [
        ("Ada Lovelace", "PER 1.00"),
        (" met ", None),
        ("Charles Babbage", "PER 0.99"),
        (" in ", None),
        ("London", "LOC 0.95"),
        (".", None),
    ]
    assert set(update["color_map"]) == {"PER 1.00", "PER 0.99", "LOC 0.95"}
    assert update["color_map"]["PER 1.00"] == update["color_map"]["PER 0.99"]
    assert rendered["count"] == "3 entities: PER ×2, LOC ×1."
    table = rendered["table"]
    assert list(table["entity"]) == ["Ada Lovelace", "Charles Babbage", "London"]
    assert list(table["group"]) == ["PER", "PER", "LOC"]
    out = shown(SPEC, rendered)
    assert "".join(token.token for token in out["entities"].root) == TEXT
    assert out["table"].headers == ["entity", "group", "score", "start", "end"]


def test_per_token_entities_are_merged_into_whole_entities() -> None:
    tokens = entities(
        {"entity": "B-PER", "score": 0.99, "index": 1, "word": "Ada", "start": 0, "end": 3},
        {"entity": "I-PER", "score": 0.97, "index": 2, "word": "Love", "start": 4, "end": 8},
        {"entity": "I-PER", "score": 0.95, "index": 3, "word": "##lace", "start": 8, "end": 12},
        {"entity": "B-LOC", "score": 0.9, "index": 8, "word": "London", "start": 36, "end": 42},
    )
    rendered = SPEC.render(tokens, CallArgs((TEXT,)), {})
    assert merged(rendered["entities"]["value"])[0] == ("Ada Lovelace", "PER 0.97")
    assert list(rendered["table"]["entity"]) == ["Ada Lovelace", "London"]
    assert rendered["count"] == "2 entities: PER ×1, LOC ×1."
    shown(SPEC, rendered)


def test_entities_without_offsets_are_found_in_the_text() -> None:
    found = entities({"entity_group": "LOC", "score": 0.9, "word": "London"})
    rendered = SPEC.render(found, CallArgs((TEXT,)), {})
    assert ("London", "LOC 0.90") in rendered["entities"]["value"]


def test_no_entity_shows_the_plain_text_and_says_so() -> None:
    rendered = SPEC.render([], CallArgs((TEXT,)), {})
    assert merged(rendered["entities"]["value"]) == [(TEXT, None)]
    assert [piece for piece, _ in rendered["entities"]["value"]][:2] == ["Ada ", "Lovelace "]
    assert rendered["entities"]["color_map"] == {}
    assert rendered["count"] == "No entity was found in this text."
    assert rendered["table"].empty
    shown(SPEC, rendered)


def test_the_default_model_is_a_real_ner_model() -> None:
    assert SPEC.hub_models[0] == "dslim/bert-base-NER"
    assert SPEC.group == "Text"
