"""Text classification tab: the text, top k and the function to apply in; label bars with a
note on how to read them out."""

from __future__ import annotations

import pytest

from playground.client import InputError
from playground.client.methods.text import parse_classification
from playground.tasks.spec import CallArgs
from playground.tasks.text_classification import SPEC
from playground.ui.components import param_value

from .helpers import default_params, shown, widget_inputs

TEXT = "The service was slow and the food was terrible."
CALL = CallArgs((TEXT,))


def params(**typed: str) -> dict[str, object]:
    """The parameters as the boxes hand them over: typed text converted, empty ones dropped."""
    values = {p.name: param_value(p, typed.get(p.name, p.value)) for p in SPEC.params}
    return {name: value for name, value in values.items() if value is not None}


def test_the_text_is_sent_alone_when_no_parameter_is_set() -> None:
    inputs = widget_inputs(SPEC, {"text": TEXT})
    assert SPEC.build_call(inputs, default_params(SPEC)) == CallArgs((TEXT,), {})


def test_typed_parameters_are_sent_converted() -> None:
    call = SPEC.build_call({"text": TEXT}, params(top_k="2", function_to_apply="sigmoid"))
    assert call == CallArgs((TEXT,), {"top_k": 2, "function_to_apply": "sigmoid"})


@pytest.mark.parametrize("top_k", ["0", "1.5", "two"])
def test_a_top_k_that_is_not_a_positive_whole_number_is_refused(top_k: str) -> None:
    with pytest.raises(InputError, match="Top k"):
        params(top_k=top_k)


def test_an_empty_or_overlong_text_is_refused_before_sending() -> None:
    with pytest.raises(InputError, match="Give text first"):
        widget_inputs(SPEC, {"text": "  "})
    with pytest.raises(InputError):
        widget_inputs(SPEC, {"text": "a" * 10_001})


def test_softmax_scores_become_bars_highest_first() -> None:
    result = parse_classification(
        [[{"label": "POSITIVE", "score": 0.0021}, {"label": "NEGATIVE", "score": 0.9979}]]
    )
    rendered = SPEC.render(result, CALL, {})
    assert list(rendered["labels"].items()) == [("NEGATIVE", 0.9979), ("POSITIVE", 0.0021)]
    assert "sum to at most 1" in rendered["note"]
    label = shown(SPEC, rendered)["labels"]
    assert label.label == "NEGATIVE"
    assert [c.label for c in label.confidences] == ["NEGATIVE", "POSITIVE"]


def test_multi_label_scores_are_kept_and_said_to_be_independent() -> None:
    result = parse_classification(
        [{"label": "anger", "score": 0.7}, {"label": "disgust", "score": 0.6}]
    )
    rendered = SPEC.render(result, CALL, {})
    assert rendered["labels"] == {"anger": 0.7, "disgust": 0.6}  # not renormalised
    assert "multi-label" in rendered["note"]


@pytest.mark.parametrize("answer", [[], [[]]], ids=["flat", "nested"])
def test_an_empty_answer_draws_no_bars(answer: list[object]) -> None:
    """A server may answer `[]` or `[[]]`; the client accepts both."""
    rendered = SPEC.render(parse_classification(answer), CALL, {})
    assert rendered["labels"] is None
    assert rendered["note"] == "The model returned no labels."
    shown(SPEC, rendered)
