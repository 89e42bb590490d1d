"""Save a run as a test: real runs on the local server become a suite file that passes when
run again; media is copied next to the suite once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from playground.client import InferenceClient
from playground.qa.runner import RunOptions, run_suite
from playground.qa.save import default_assertions, run_as_test, save_test
from playground.qa.suite import load_suite

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def kinds(task: str, result: Any, latency: float | None = None) -> list[dict[str, Any]]:
    return [a.to_yaml() for a in default_assertions(task, result, latency)]


def test_default_assertions_per_task() -> None:
    labels = [{"label": "positive", "score": 0.92}, {"label": "negative", "score": 0.08}]
    assert kinds("text-classification", labels, 0.02) == [
        {"label": "positive"},
        {"score": {"at_least": 0.82}},
        {"conforms": True},
        {"latency": {"at_most": 5.0}},
    ]
    assert kinds("summarization", "Short one.")[0] == {"contains": "Short one."}
    long = "one two three four five six seven"
    assert kinds("automatic-speech-recognition", long)[0] == {
        "wer": {"reference": long, "at_most": 0.25}
    }
    assert kinds("sentence-similarity", [0.2, 0.9])[0] == {"score": {"index": 1, "at_least": 0.85}}
    assert kinds("feature-extraction", [[0.1, 0.2, 0.3]])[:2] == [
        {"dimensions": 3},
        {"cosine": {"at_least": 0.99}},
    ]
    assert kinds("tabular-classification", ["class_0"])[0] == {"equals": ["class_0"]}
    assert kinds("text-to-speech", b"RIFF....WAVE") == [{"conforms": True}]


@pytest.mark.slow
def test_saved_runs_pass_when_the_suite_runs_again(local_server: str, tmp_path: Path) -> None:
    suite_file = tmp_path / "saved" / "my-suite.yaml"
    runs: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = [
        ("text-classification", "local/vader-sentiment", ("What a great day!",), {"top_k": 2}),
        ("token-classification", "local/spacy-en-ner", ("Clara Smith lives in Paris.",), {}),
        ("object-detection", "local/opencv-face", (ASSETS / "portrait.jpg",), {}),
        (
            "automatic-speech-recognition",
            "local/pocketsphinx-en",
            ((ASSETS / "speech.wav").read_bytes(),),
            {},
        ),
        ("feature-extraction", "local/e5-small", ("A lighthouse at night",), {}),
    ]
    with InferenceClient(
        token=False, inference_endpoint=local_server, wait_for_model=True, timeout=120
    ) as client:
        for task, model, args, params in runs:
            result = getattr(client, task.replace("-", "_"))(*args, model=model, **params)
            save_test(run_as_test(task, args, params, result, 0.5, model=model), suite_file)
    suite = load_suite(suite_file)
    assert [t.task for t in suite.tests] == [task for task, *_ in runs]
    assert suite.tests[2].input == {
        "image": "media/" + sorted((suite_file.parent / "media").glob("*.jpg"))[0].name
    }
    assert len(list((suite_file.parent / "media").iterdir())) == 2
    assert "observed" in yaml.safe_load(suite_file.read_text())["tests"][0]
    report = run_suite(suite, RunOptions(target=local_server))
    assert [(r.name, r.status, r.reasons) for r in report.results if r.status != "passed"] == []
    again = run_as_test(
        "text-classification", {"text": "What a great day!"}, {}, [], name=suite.tests[0].name
    )
    save_test(again, suite_file)
    assert len(load_suite(suite_file).tests) == len(runs)
