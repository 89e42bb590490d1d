import pytest

from playground.assets import asset
from playground.client.types import ClassificationOutput
from playground.tasks.spec import CallArgs
from playground.tasks.zero_shot_image_classification import SPEC
from playground.ui.components import field_value

from .helpers import example_inputs, shown


def test_build_call_sends_the_image_and_the_labels_as_a_list() -> None:
    label_field = next(f for f in SPEC.inputs if f.name == "labels")
    labels = field_value(label_field, "cat, dog ,  bird")
    call = SPEC.build_call({"image": "a.png", "labels": labels}, {})
    assert call == CallArgs(("a.png", ["cat", "dog", "bird"]), {})


def test_the_hypothesis_template_is_sent_when_set() -> None:
    call = SPEC.build_call(
        {"image": "a.png", "labels": ["a", "b"]}, {"hypothesis_template": "a photo of {}."}
    )
    assert call.kwargs == {"hypothesis_template": "a photo of {}."}


def test_scores_become_bars() -> None:
    result = [
        ClassificationOutput.parse({"label": "astronaut", "score": 0.93}),
        ClassificationOutput.parse({"label": "chef", "score": 0.05}),
        ClassificationOutput.parse({"label": "cat", "score": 0.02}),
    ]
    rendered = SPEC.render(result, CallArgs(("a.png", ["astronaut", "chef", "cat"])), {})
    assert rendered["labels"] == {"astronaut": 0.93, "chef": 0.05, "cat": 0.02}
    assert shown(SPEC, rendered)["labels"].label == "astronaut"


def test_an_empty_answer_says_so() -> None:
    rendered = SPEC.render([], CallArgs(("a.png", ["a", "b"])), {})
    assert rendered == {"labels": None, "note": "The model returned no labels."}
    shown(SPEC, rendered)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_exist_and_build_a_call(example) -> None:
    inputs = example_inputs(SPEC, example)
    image, labels = SPEC.build_call(inputs, {}).args
    assert image == str(asset(example.values["image"]))
    assert len(labels) >= 2
