"""The run handler: progress while loading, one sentence per failure, outputs rendered."""

from __future__ import annotations

from typing import Any

import pytest

from playground.client import (
    AuthenticationError,
    ConnectionFailedError,
    InferenceTimeoutError,
    ResponseFormatError,
    WaitInfo,
)
from playground.client.types import ClassificationOutput
from playground.tasks import TASKS
from playground.tasks.spec import CallArgs
from playground.ui.runner import error_sentence, parse_extra, with_extra
from playground.ui.save_run import LastRun
from playground.ui.tab import AppContext, make_rerender, make_runner
from playground.ui.target import TargetChoice
from tests.fakes.fake_client import FakeFactory

TARGET = ["hf", "", "", False, 30, False, "auto"]


async def run_all(spec_id: str, factory: FakeFactory, *values: Any) -> list[list[Any]]:
    spec = TASKS[spec_id]
    ctx = AppContext(factory=factory, target_inputs=[None] * 7)
    runner = make_runner(spec, ctx)
    return [update async for update in runner(None, *TARGET, *values)]


def positive() -> list[ClassificationOutput]:
    return [
        ClassificationOutput(label="POSITIVE", score=0.9),
        ClassificationOutput(label="NEGATIVE", score=0.1),
    ]


@pytest.mark.anyio
async def test_text_classification_renders_label_bars() -> None:
    factory = FakeFactory().answer("text_classification", positive())
    *_, final = await run_all("text-classification", factory, "", "I love it", 2, None, "")
    labels, note = final[0], final[1]
    assert labels == {"POSITIVE": 0.9, "NEGATIVE": 0.1}
    assert isinstance(note, str)
    method, args, kwargs = factory.calls[0]
    assert (method, args) == ("text_classification", ("I love it",))
    assert kwargs == {"top_k": 2, "model": TASKS["text-classification"].hub_models[0]}


@pytest.mark.anyio
async def test_empty_input_is_refused_before_any_call() -> None:
    factory = FakeFactory()
    *_, final = await run_all("text-classification", factory, "", "   ", None, None, "")
    status = final[3]
    assert "Give text first" in status
    assert factory.calls == []


@pytest.mark.anyio
async def test_bad_extra_json_is_one_sentence() -> None:
    factory = FakeFactory()
    *_, final = await run_all("text-classification", factory, "", "hi", None, None, "{oops")
    assert "Extra parameters must be a JSON object" in final[3]


@pytest.mark.anyio
async def test_loading_model_shows_progress_then_the_result() -> None:
    factory = FakeFactory().answer("text_classification", positive())
    factory.waits.append(
        WaitInfo(
            reason="loading",
            attempt=1,
            wait_seconds=1.3,
            elapsed=0,
            deadline_in=60,
            estimated_time=20.0,
        )
    )
    updates = await run_all("text-classification", factory, "", "hi", None, None, "")
    assert "waiting for the server" in updates[0][3]
    progress = [update[3] for update in updates[1:-1]]
    assert progress
    assert "model is loading" in progress[0]
    assert "attempt 1" in progress[0]
    assert updates[-1][0] == {"POSITIVE": 0.9, "NEGATIVE": 0.1}


@pytest.mark.anyio
@pytest.mark.parametrize(
    "error",
    [
        AuthenticationError("The server at h answered HTTP 401: bad token.", status_code=401),
        InferenceTimeoutError("Timed out trying to get an answer from http://h."),
        ConnectionFailedError("Could not connect to http://h: connection refused.", url="http://h"),
        ResponseFormatError("Expected a list."),
        RuntimeError("a bug"),
    ],
)
async def test_errors_become_one_sentence_and_clear_outputs(error: Exception) -> None:
    factory = FakeFactory().answer("text_classification", error)
    *_, final = await run_all("text-classification", factory, "", "hi", None, None, "")
    assert final[0] is None
    assert "status-error" in final[3]
    assert "Traceback" not in final[3]


def test_error_sentences() -> None:
    assert "HTTP 401" in error_sentence(
        AuthenticationError("The server at h answered HTTP 401: bad.", status_code=401)
    )
    assert error_sentence(ValueError("x")) == "Check the input: x"
    assert "inside the playground (KeyError)" in error_sentence(KeyError("k"))


def test_extra_parameters_merge() -> None:
    from playground.client import AsyncInferenceClient

    client = AsyncInferenceClient(token=False)
    merged = with_extra(client.summarization, CallArgs(("t",), {}), {"max_length": 30})
    assert merged.kwargs == {"parameters": {"max_length": 30}}
    direct = with_extra(client.text_classification, CallArgs(("t",), {}), {"top_k": 3})
    assert direct.kwargs == {"top_k": 3}
    passed_on = with_extra(client.text_classification, CallArgs(("t",), {}), {"nope": 1})
    assert passed_on.kwargs == {"parameters": {"nope": 1}}
    with pytest.raises(ValueError, match="Not a parameter of this task: nope"):
        with_extra(client.image_classification, CallArgs(("t",), {}), {"nope": 1})
    assert parse_extra("") == {}
    assert parse_extra('{"a": 1}') == {"a": 1}
    with pytest.raises(ValueError, match="JSON object"):
        parse_extra("[1]")


def test_detection_threshold_redraws_without_a_call(tmp_path: Any) -> None:
    from PIL import Image

    from playground.client.types import ObjectDetectionOutput

    path = tmp_path / "in.png"
    Image.new("RGB", (100, 80), "white").save(path)
    result = [
        ObjectDetectionOutput.parse(
            {"label": "cat", "score": 0.9, "box": {"xmin": 10, "ymin": 10, "xmax": 50, "ymax": 50}}
        ),
        ObjectDetectionOutput.parse(
            {"label": "dog", "score": 0.3, "box": {"xmin": 60, "ymin": 20, "xmax": 90, "ymax": 70}}
        ),
    ]
    rerender = make_rerender(TASKS["object-detection"])
    state = LastRun(
        "object-detection",
        CallArgs((str(path),), {}),
        None,
        result,
        0.1,
        TargetChoice(kind="local"),
    )
    image, count, table = rerender(state, 0.5)
    assert "1 of 2" in count
    assert len(table) == 1
    assert image.getpixel((10, 30)) != (255, 255, 255)  # the cat's box edge is drawn
