from playground.client.types import ClassificationOutput
from playground.tasks.audio_classification import SPEC
from playground.tasks.spec import CallArgs

from .helpers import shown


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
    assert shown(SPEC, rendered)["labels"].label == "speech"


def test_an_empty_answer_says_so() -> None:
    rendered = SPEC.render([], CallArgs(("a.wav",)), {})
    assert rendered == {"labels": None, "note": "The model returned no labels."}
    shown(SPEC, rendered)
