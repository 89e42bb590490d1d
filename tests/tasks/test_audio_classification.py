from typing import Any

import pytest

from playground.assets import asset
from playground.client.types import ClassificationOutput
from playground.tasks.audio_classification import SPEC
from playground.tasks.spec import CallArgs
from playground.ui.components import example_value, field_value, output_component


def shown(rendered: dict[str, Any]) -> dict[str, Any]:
    return {
        o.name: output_component(o, "t").postprocess(rendered.get(o.name)) for o in SPEC.outputs
    }


def test_build_call_sends_the_audio_and_the_set_parameters() -> None:
    assert SPEC.build_call({"audio": "a.wav"}, {}) == CallArgs(("a.wav",), {})
    call = SPEC.build_call({"audio": "a.wav"}, {"top_k": 1, "function_to_apply": "softmax"})
    assert call.kwargs == {"top_k": 1, "function_to_apply": "softmax"}


def test_scores_become_bars() -> None:
    result = [
        ClassificationOutput.parse({"label": "speech", "score": 0.97}),
        ClassificationOutput.parse({"label": "non-speech", "score": 0.03}),
    ]
    rendered = SPEC.render(result, CallArgs(("a.wav",)), {})
    assert rendered["labels"] == {"speech": 0.97, "non-speech": 0.03}
    assert shown(rendered)["labels"].label == "speech"


def test_an_empty_answer_says_so() -> None:
    rendered = SPEC.render([], CallArgs(("a.wav",)), {})
    assert rendered == {"labels": None, "note": "The model returned no labels."}
    shown(rendered)


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_exist_and_build_a_call(example) -> None:
    inputs = {
        f.name: field_value(f, example_value(f, example.values.get(f.name))) for f in SPEC.inputs
    }
    assert SPEC.build_call(inputs, {}).args == (str(asset(example.values["audio"])),)
