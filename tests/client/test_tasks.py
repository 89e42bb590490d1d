"""Every task through both clients, over real HTTP to the fake server: the return shape and
values, what went over the wire, and sync/async parity."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PIL import Image

from playground.client import AsyncInferenceClient, InferenceClient

from .media import png
from .task_cases import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_sync(
    case: Case, client: InferenceClient, sent: Callable[[], list[dict[str, Any]]]
) -> None:
    result = getattr(client, case.method)(*case.args, **case.kwargs)
    case.check(result)
    requests = sent()
    assert len(requests) == 1
    if case.sent:
        case.sent(requests[0])


def comparable(value: Any) -> Any:
    if isinstance(value, Image.Image):
        return ("image", value.mode, value.size, value.tobytes())
    if isinstance(value, np.ndarray):
        return ("array", value.shape, value.tobytes())
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key != "created"}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_async_matches_sync(
    case: Case, client: InferenceClient, aclient: AsyncInferenceClient
) -> None:
    expected = getattr(client, case.method)(*case.args, **case.kwargs)
    result = await getattr(aclient, case.method)(*case.args, **case.kwargs)
    case.check(result)
    if case.method != "chat_completion":
        assert comparable(result) == comparable(expected)


def test_both_clients_expose_the_same_methods() -> None:
    public = {name for name in dir(InferenceClient) if not name.startswith("_")}
    assert public - {"close"} == {n for n in dir(AsyncInferenceClient) if not n.startswith("_")} - {
        "close"
    }
    seed_methods = {
        "audio_classification",
        "automatic_speech_recognition",
        "conversational",
        "document_question_answering",
        "feature_extraction",
        "fill_mask",
        "get_model_status",
        "image_classification",
        "image_segmentation",
        "image_to_image",
        "image_to_text",
        "list_deployed_models",
        "object_detection",
        "post",
        "question_answering",
        "sentence_similarity",
        "summarization",
        "table_question_answering",
        "tabular_classification",
        "tabular_regression",
        "text_classification",
        "text_generation",
        "text_to_image",
        "text_to_speech",
        "token_classification",
        "translation",
        "visual_question_answering",
        "zero_shot_classification",
        "zero_shot_image_classification",
    }
    assert seed_methods <= public
    assert "chat_completion" in public


def test_image_url_input_is_fetched(
    client: InferenceClient, fake: str, sent: Callable[[], list[dict[str, Any]]]
) -> None:
    result = client.image_classification(f"{fake}/files/red.png", model="fake/image-classification")
    assert result[0].label == "red"
    fetch, call = sent()
    assert fetch["method"] == "GET"
    assert fetch["path"] == "/files/red.png"
    assert call["headers"]["content-type"] == "image/png"


@pytest.mark.anyio
async def test_audio_url_input_async(aclient: AsyncInferenceClient, fake: str) -> None:
    text = await aclient.automatic_speech_recognition(
        f"{fake}/files/tone.wav", model="fake/automatic-speech-recognition"
    )
    assert text == "hello from"


def test_url_input_errors(fake: str) -> None:
    from playground.client import InputError

    with InferenceClient(token=False, inference_endpoint=fake, max_input_bytes=1000) as small:
        with pytest.raises(InputError, match="larger than the 1000-byte limit"):
            small.image_classification(f"{fake}/files/large.bin", model="fake/image-classification")
        with pytest.raises(InputError, match="HTTP 404"):
            small.image_classification(f"{fake}/files/nope.png", model="fake/image-classification")


def test_pil_and_file_inputs(client: InferenceClient, tmp_path: Any) -> None:
    image = Image.open(io.BytesIO(png()))
    assert client.image_classification(image, model="fake/image-classification")[0].label == "red"
    path = tmp_path / "red.png"
    path.write_bytes(png())
    with path.open("rb") as handle:
        assert client.image_to_text(handle, model="fake/image-to-text").startswith("a red")
    assert client.image_to_text(path, model="fake/image-to-text").startswith("a red")
