"""Zero-shot classification tab: labels, multi-label and template in; bars out, either shape."""

from __future__ import annotations

import pytest

from playground.client.methods.text import parse_zero_shot
from playground.tasks.spec import CallArgs, Example
from playground.tasks.zero_shot_classification import SPEC

from .helpers import example_inputs, shown, widget_inputs

TEXT = "The new phone has a brilliant screen."


def test_comma_labels_become_a_list_and_multi_label_is_sent() -> None:
    inputs = widget_inputs(SPEC, {"text": TEXT, "labels": "tech, sports ,, politics"})
    call = SPEC.build_call(inputs, {})
    assert call == CallArgs((TEXT, ["tech", "sports", "politics"]), {"multi_label": False})
    inputs = widget_inputs(SPEC, {"text": TEXT, "labels": "tech", "multi_label": True})
    call = SPEC.build_call(inputs, {"hypothesis_template": "This text is about {}."})
    assert call.kwargs == {"multi_label": True, "hypothesis_template": "This text is about {}."}


def test_new_shape_becomes_bars_with_a_single_label_note() -> None:
    result = parse_zero_shot(
        [
            {"label": "tech", "score": 0.8},
            {"label": "sports", "score": 0.15},
            {"label": "x", "score": 0.05},
        ]
    )
    rendered = SPEC.render(result, CallArgs((TEXT, ["tech", "sports", "x"]), {}), {})
    assert rendered["labels"] == {"tech": 0.8, "sports": 0.15, "x": 0.05}
    assert "sum to 1" in rendered["note"]
    label = shown(SPEC, rendered)["labels"]
    assert label.label == "tech"
    assert [c.label for c in label.confidences] == ["tech", "sports", "x"]


def test_old_shape_is_drawn_the_same_way() -> None:
    old = {"sequence": TEXT, "labels": ["sports", "tech"], "scores": [0.3, 0.9]}
    call = CallArgs((TEXT, ["tech", "sports"]), {"multi_label": True})
    for result in (parse_zero_shot(old), parse_zero_shot([old]), old):
        rendered = SPEC.render(result, call, {})
        assert list(rendered["labels"].items()) == [("tech", 0.9), ("sports", 0.3)]
        assert "Multi-label" in rendered["note"]
        shown(SPEC, rendered)


def test_an_empty_answer_draws_no_bars() -> None:
    rendered = SPEC.render([], CallArgs((TEXT, ["a", "b"]), {}), {})
    assert rendered["labels"] is None
    assert rendered["note"] == "The model returned no labels."
    shown(SPEC, rendered)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call(example: Example) -> None:
    call = SPEC.build_call(example_inputs(SPEC, example), {})
    assert call.args[0] == example.values["text"]
    assert len(call.args[1]) >= 2
    assert call.kwargs["multi_label"] is bool(example.values.get("multi_label"))
