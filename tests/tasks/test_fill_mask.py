"""Fill-mask tab: either mask token accepted, candidates and the filled sentence drawn."""

from __future__ import annotations

from typing import Any

import pytest

from playground.client import InputError
from playground.client.methods.text import parse_fill_mask
from playground.tasks.fill_mask import SPEC
from playground.tasks.spec import CallArgs, Example

from .helpers import example_inputs, merged, shown, widget_inputs


def candidates(text: str, mask: str, words: dict[str, float]) -> list[dict[str, Any]]:
    return [
        {"sequence": text.replace(mask, word, 1), "score": score, "token": i, "token_str": word}
        for i, (word, score) in enumerate(words.items())
    ]


@pytest.mark.parametrize(
    ("typed", "token", "sent"),
    [
        ("Paris is the [MASK] of France.", "[MASK]", "Paris is the [MASK] of France."),
        ("Paris is the <mask> of France.", "[MASK]", "Paris is the [MASK] of France."),
        ("Paris is the [MASK] of France.", "<mask>", "Paris is the <mask> of France."),
        ("A <mask> and a [MASK].", " <mask> ", "A <mask> and a <mask>."),
        ("Paris is the <extra_id_0> of France.", "", "Paris is the <extra_id_0> of France."),
    ],
)
def test_either_mask_is_rewritten_to_the_models_token(typed: str, token: str, sent: str) -> None:
    call = SPEC.build_call(widget_inputs(SPEC, {"text": typed, "mask_token": token}), {})
    assert call == CallArgs((sent,), {})


def test_a_text_without_a_mask_is_refused_before_sending() -> None:
    with pytest.raises(InputError, match=r"\[MASK\]"):
        SPEC.build_call(widget_inputs(SPEC, {"text": "Paris is nice."}), {})


def test_parameters_are_sent_only_when_set() -> None:
    inputs = widget_inputs(SPEC, {"text": "Paris is the [MASK] of France."})
    call = SPEC.build_call(inputs, {"top_k": 3, "targets": ["capital", "city"]})
    assert call.kwargs == {"top_k": 3, "targets": ["capital", "city"]}


def test_one_mask_gives_bars_and_the_filled_sentence() -> None:
    text = "Paris is the [MASK] of France."
    result = parse_fill_mask(candidates(text, "[MASK]", {"capital": 0.9, "heart": 0.05}))
    rendered = SPEC.render(result, CallArgs((text,)), {})
    assert rendered["candidates"] == {"capital": 0.9, "heart": 0.05}
    assert merged(rendered["filled"]) == [
        ("Paris is the ", None),
        ("capital", "mask 0.90"),
        (" of France.", None),
    ]
    assert list(rendered["table"]["token"]) == ["capital", "heart"]
    assert list(rendered["table"].columns) == ["token", "score", "sequence"]
    out = shown(SPEC, rendered)
    assert out["candidates"].label == "capital"
    assert "".join(t.token for t in out["filled"].root) == "Paris is the capital of France."


def test_roberta_tokens_with_leading_spaces_are_trimmed() -> None:
    text = "Paris is the <mask> of France."
    result = parse_fill_mask(
        [
            {
                "sequence": "Paris is the capital of France.",
                "score": 0.8,
                "token": 1,
                "token_str": " capital",
            }
        ]
    )
    rendered = SPEC.render(result, CallArgs((text,)), {})
    assert rendered["candidates"] == {"capital": 0.8}
    assert ("capital", "mask 0.80") in rendered["filled"]


def test_several_masks_fill_each_and_list_every_candidate() -> None:
    text = "I drink [MASK] before I go to [MASK]."
    result = parse_fill_mask(
        [
            candidates(text, "[MASK]", {"coffee": 0.7, "tea": 0.2}),
            candidates(text, "[MASK]", {"work": 0.6, "school": 0.3}),
        ]
    )
    rendered = SPEC.render(result, CallArgs((text,)), {})
    assert rendered["candidates"] == {"coffee": 0.7, "tea": 0.2}
    words = [piece for piece, category in rendered["filled"] if category]
    assert words == ["coffee", "work"]
    assert "2 masks" in rendered["note"]
    table = rendered["table"]
    assert list(zip(table["mask"], table["token"], strict=True)) == [
        ("mask 1", "coffee"),
        ("mask 1", "tea"),
        ("mask 2", "work"),
        ("mask 2", "school"),
    ]
    shown(SPEC, rendered)


def test_a_mask_the_text_does_not_show_falls_back_to_the_sequence() -> None:
    text = "Paris is the <extra_id_0> of France."
    result = parse_fill_mask(
        [
            {
                "sequence": "Paris is the capital of France.",
                "score": 0.9,
                "token": 1,
                "token_str": "capital",
            }
        ]
    )
    rendered = SPEC.render(result, CallArgs((text,)), {})
    assert merged(rendered["filled"]) == [("Paris is the capital of France.", None)]
    assert len(rendered["filled"]) == 6  # one piece per word, so lines wrap between words
    shown(SPEC, rendered)


def test_no_candidates_is_said_plainly() -> None:
    rendered = SPEC.render([], CallArgs(("A [MASK].",)), {})
    assert rendered["candidates"] is None
    assert rendered["note"] == "The model returned no candidates."
    assert rendered["table"].empty
    shown(SPEC, rendered)


def test_the_description_names_both_mask_tokens() -> None:
    assert "[MASK]" in SPEC.description
    assert "<mask>" in SPEC.description


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call_with_the_default_models_token(example: Example) -> None:
    (text,) = SPEC.build_call(example_inputs(SPEC, example), {}).args
    assert "[MASK]" in text
    assert "<mask>" not in text
