"""Each assertion kind, passing and failing, with the sentence it says."""

from __future__ import annotations

from typing import Any

import pytest

from playground.client.types import Transcription
from playground.qa.assertions import Outcome, check
from playground.qa.schema import Deviation

LABELS = [{"label": "positive", "score": 0.92}, {"label": "negative", "score": 0.08}]
FACES = [
    {"label": "face", "score": 0.99, "box": {"xmin": 177, "ymin": 66, "xmax": 272, "ymax": 161}}
]
ENTITIES = [{"entity_group": "PERSON", "word": "Clara Smith", "start": 0, "end": 11, "score": 1.0}]


def said(kind: str, spec: Any, result: Any, **extra: Any) -> tuple[bool, str]:
    found = check(kind, spec, Outcome(extra.pop("task", "x"), result, **extra))
    return found.passed, found.reason


CASES: list[tuple[str, Any, Any, dict[str, Any], bool, str]] = [
    ("label", "positive", LABELS, {}, True, "The top label is 'positive' (0.92)."),
    (
        "label",
        "negative",
        LABELS,
        {},
        False,
        "The top label is 'positive' (0.92); expected 'negative'.",
    ),
    (
        "labels",
        ["negative", "neutral"],
        LABELS,
        {},
        False,
        "Labels ['neutral'] are missing; the output has ['negative', 'positive'].",
    ),
    (
        "score",
        {"at_least": 0.9},
        LABELS,
        {},
        True,
        "The score of the top label 'positive' is 0.92.",
    ),
    (
        "score",
        {"label": "negative", "at_least": 0.5},
        LABELS,
        {},
        False,
        "The score of 'negative' is 0.08; expected ≥ 0.5.",
    ),
    (
        "score",
        {"index": 1, "at_most": 0.5},
        [0.9, 0.7],
        {},
        False,
        "Score 1 is 0.7; expected ≤ 0.5.",
    ),
    (
        "entities",
        [{"label": "PERSON", "word": "clara smith"}],
        ENTITIES,
        {},
        True,
        "All 1 expected entities are present.",
    ),
    (
        "entities",
        [{"label": "ORG", "word": "Clara Smith"}],
        ENTITIES,
        {},
        False,
        "Entities ['ORG:Clara Smith'] are missing; the output has ['PERSON:Clara Smith'].",
    ),
    (
        "boxes",
        {"iou_at_least": 0.5, "expected": [{"label": "face", "box": [180, 70, 270, 160]}]},
        FACES,
        {},
        True,
        "All 1 expected boxes matched with IoU ≥ 0.5.",
    ),
    (
        "boxes",
        {"iou_at_least": 0.5, "expected": [{"label": "face", "box": [0, 0, 50, 50]}]},
        FACES,
        {},
        False,
        "No detection matches face at [0, 0, 50, 50] (best IoU 0.00) with IoU ≥ 0.5.",
    ),
    (
        "wer",
        {"reference": "hello big world", "at_most": 0.4},
        Transcription("hello world"),
        {},
        True,
        "The word error rate is 0.333.",
    ),
    (
        "contains",
        ["Total", "$1,234.56"],
        "Total due: $1,234.56",
        {},
        True,
        "The text contains ['Total', '$1,234.56'].",
    ),
    (
        "matches",
        r"\d{4}",
        {"summary_text": "no digits"},
        {},
        False,
        "/\\d{4}/ is not found in 'no digits'.",
    ),
    (
        "equals",
        ["class_0", "class_1"],
        ["class_0", "class_1"],
        {},
        True,
        "The output equals the expected value.",
    ),
    ("equals", [151.0], [151.0000001], {}, True, "The output equals the expected value."),
    (
        "cosine",
        {"at_least": 0.99},
        [1.0, 0.0],
        {"observed": [1.0, 0.01]},
        True,
        "The cosine similarity is 1.0000.",
    ),
    ("dimensions", 3, [[0.1, 0.2]], {}, False, "The embedding has 2 dimensions; expected 3."),
    (
        "latency",
        {"at_most": 1},
        LABELS,
        {"latency": 1.5},
        False,
        "The call took 1.500 s; expected ≤ 1 s.",
    ),
    ("latency", 2, LABELS, {"latency": 1.5}, True, "The call took 1.500 s."),
    (
        "conforms",
        True,
        LABELS,
        {"deviations": [Deviation("$", "extra", "w", "warning")]},
        True,
        "The reply conforms to its schema.",
    ),
    (
        "conforms",
        "strict",
        LABELS,
        {"deviations": [Deviation("$", "extra", "w", "warning")]},
        False,
        "1 schema deviation(s): w.",
    ),
]


@pytest.mark.parametrize(("kind", "spec", "result", "extra", "passed", "reason"), CASES)
def test_assertions(
    kind: str, spec: Any, result: Any, extra: dict[str, Any], passed: bool, reason: str
) -> None:
    assert said(kind, spec, result, **extra) == (passed, reason)


def test_chat_replies_have_text() -> None:
    reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Paris"}}]}
    assert said("contains", "paris", reply) == (True, "The text contains ['paris'].")


def test_malformed_assertions_fail_saying_what_to_fix() -> None:
    assert said("score", 0.5, LABELS) == (
        False,
        "`score` can't be checked: give `at_least`/`at_most`, and `label` or `index` if not the "
        "top one",
    )
    assert (
        said("wer", {"at_most": 1}, "x")[1]
        == "`wer` can't be checked: give `reference: <text>` and `at_most`"
    )
    assert (
        said("contains", "x", LABELS, task="text-classification")[1]
        == "`contains` can't be checked: the text-classification output has no text"
    )
    assert said("matches", "(", "x")[0] is False
