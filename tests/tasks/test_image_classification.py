from typing import Any

import pytest

from playground.assets import asset
from playground.client.types import ClassificationOutput
from playground.tasks.image_classification import SPEC
from playground.tasks.spec import CallArgs
from playground.ui.components import example_value, field_value, output_component


def shown(rendered: dict[str, Any]) -> dict[str, Any]:
    """Each output's value after the real component's postprocess."""
    return {
        o.name: output_component(o, "t").postprocess(rendered.get(o.name)) for o in SPEC.outputs
    }


def test_build_call_sends_the_image_and_only_the_set_parameters() -> None:
    call = SPEC.build_call({"image": "/tmp/cat.png"}, {"top_k": 3})
    assert call == CallArgs(("/tmp/cat.png",), {"top_k": 3})
    call = SPEC.build_call({"image": "/tmp/cat.png"}, {"function_to_apply": "sigmoid"})
    assert call.kwargs == {"function_to_apply": "sigmoid"}


def test_labels_become_bars_highest_first() -> None:
    result = [
        ClassificationOutput.parse({"label": "tabby", "score": 0.2}),
        ClassificationOutput.parse({"label": "tiger cat", "score": 0.7}),
    ]
    rendered = SPEC.render(result, CallArgs(("x.png",)), {})
    assert list(rendered["labels"]) == ["tiger cat", "tabby"]
    assert "sum to at most 1" in rendered["note"]
    label = shown(rendered)["labels"]
    assert label.label == "tiger cat"
    assert [c.label for c in label.confidences] == ["tiger cat", "tabby"]


def test_multi_label_scores_are_said_to_be_independent() -> None:
    result = [{"label": "outdoor", "score": 0.9}, {"label": "person", "score": 0.8}]
    rendered = SPEC.render(result, CallArgs(("x.png",)), {})
    assert rendered["labels"] == {"outdoor": 0.9, "person": 0.8}  # not renormalised
    assert "multi-label" in rendered["note"]


def test_an_empty_answer_says_so() -> None:
    rendered = SPEC.render([], CallArgs(("x.png",)), {})
    assert rendered["labels"] is None
    assert rendered["note"] == "The model returned no labels."
    shown(rendered)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_exist_and_build_a_call(example) -> None:
    inputs = {
        f.name: field_value(f, example_value(f, example.values.get(f.name))) for f in SPEC.inputs
    }
    assert asset(example.values["image"]).is_file()
    assert SPEC.build_call(inputs, {}).args == (str(asset(example.values["image"])),)
