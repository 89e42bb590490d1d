from playground.client.types import ClassificationOutput
from playground.tasks.image_classification import SPEC
from playground.tasks.spec import CallArgs

from .helpers import shown


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
    label = shown(SPEC, rendered)["labels"]
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
    shown(SPEC, rendered)
