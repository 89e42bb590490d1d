"""The fake server's hf media routes, driven over real loopback."""

from __future__ import annotations

import base64
import io
from typing import Any

import httpx
import pytest
import soundfile
from PIL import Image

from .helpers import audio, b64, chat_text, png, sse_json

# -- images ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"content": png()},
        {"content": png(), "headers": {"content-type": "image/png"}},
        {"json": {"inputs": b64(png())}},
        {"json": {"image": b64(png())}},
    ],
)
def test_image_classification_input_forms(
    client: httpx.Client, request_kwargs: dict[str, Any]
) -> None:
    response = client.post("/models/fake/image-classification", **request_kwargs)
    assert response.status_code == 200
    assert response.headers["x-compute-images"] == "1"
    assert response.json()[0] == {"label": "red", "score": 1.0}


def test_image_tasks_reject_non_images(client: httpx.Client) -> None:
    response = client.post("/models/fake/object-detection", content=b"definitely not an image")
    assert response.status_code == 400
    assert response.json()["error"].startswith("cannot identify image file")


def test_object_detection_boxes_inside_image(client: httpx.Client) -> None:
    body = {"inputs": b64(png(size=(200, 100))), "parameters": {"threshold": 0.3}}
    detections = client.post("/models/fake/object-detection", json=body).json()
    assert [d["label"] for d in detections] == ["cat", "remote", "couch"]
    for detection in detections:
        box = detection["box"]
        assert 0 <= box["xmin"] < box["xmax"] <= 199
        assert 0 <= box["ymin"] < box["ymax"] <= 99
    default = client.post("/models/fake/object-detection", content=png()).json()
    assert len(default) == 2


@pytest.mark.parametrize(("org", "score"), [("fake", 0.99), ("semantic", None)])
def test_image_segmentation_masks(client: httpx.Client, org: str, score: float | None) -> None:
    segments = client.post(f"/models/{org}/image-segmentation", content=png(size=(40, 20))).json()
    assert [s["label"] for s in segments] == ["foreground", "background"]
    assert segments[0]["score"] == score
    mask = Image.open(io.BytesIO(base64.b64decode(segments[0]["mask"])))
    assert mask.mode == "L"
    assert mask.size == (40, 20)
    assert mask.getpixel((20, 10)) == 255
    assert mask.getpixel((0, 0)) == 0


def test_image_to_image_negotiates_format(client: httpx.Client) -> None:
    jpeg = client.post("/models/fake/image-to-image", content=png(size=(30, 20)))
    assert jpeg.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(jpeg.content))
    assert image.size == (30, 20)
    assert image.format == "JPEG"
    assert image.convert("RGB").getpixel((5, 5))[0] < 30
    as_png = client.post(
        "/models/fake/image-to-image", content=png(), headers={"accept": "image/png"}
    )
    assert as_png.headers["content-type"] == "image/png"
    assert as_png.content[:4] == b"\x89PNG"
    body = {"inputs": b64(png()), "parameters": {"target_size": {"width": 10, "height": 12}}}
    resized = client.post(
        "/models/jpeg-only/image-to-image", json=body, headers={"accept": "image/png"}
    )
    assert resized.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(resized.content)).size == (10, 12)


def test_image_to_text_shapes(client: httpx.Client) -> None:
    listed = client.post("/models/fake/image-to-text", content=png((0, 0, 255), (64, 48)))
    assert listed.json() == [{"generated_text": "a blue picture of 64 by 48 pixels"}]
    obj = client.post("/models/object/image-to-text", content=png((0, 0, 255), (64, 48)))
    assert obj.json() == {"generated_text": "a blue picture of 64 by 48 pixels"}


def test_text_to_image(client: httpx.Client) -> None:
    body = {"inputs": "a cat", "parameters": {"width": 64, "height": 32}}
    jpeg = client.post("/models/fake/text-to-image", json=body)
    assert jpeg.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(jpeg.content)).size == (64, 32)
    as_png = client.post("/models/fake/text-to-image", json=body, headers={"accept": "image/png"})
    assert as_png.headers["content-type"] == "image/png"
    forced = client.post(
        "/models/jpeg-only/text-to-image", json=body, headers={"accept": "image/png"}
    )
    assert forced.headers["content-type"] == "image/jpeg"
    other = client.post("/models/fake/text-to-image", json={**body, "inputs": "a dog"})
    assert other.content != jpeg.content


def test_zero_shot_image_classification(client: httpx.Client) -> None:
    body = {"inputs": b64(png()), "parameters": {"candidate_labels": ["a blue sky", "a red car"]}}
    result = client.post("/models/fake/zero-shot-image-classification", json=body).json()
    assert [r["label"] for r in result] == ["a red car", "a blue sky"]
    legacy = {"image": b64(png()), "parameters": {"candidate_labels": "x,y,z"}}
    labels = client.post("/models/fake/zero-shot-image-classification", json=legacy).json()
    assert sorted(r["label"] for r in labels) == ["x", "y", "z"]
    raw = client.post("/models/fake/zero-shot-image-classification", content=png())
    assert raw.status_code == 400


def test_visual_and_document_question_answering(client: httpx.Client) -> None:
    body = {"inputs": {"image": b64(png((0, 255, 0))), "question": "What color is it?"}}
    vqa = client.post("/models/fake/visual-question-answering", json=body).json()
    assert vqa[0]["answer"] == "green"
    assert len(vqa) == 5
    legacy = {"image": b64(png()), "question": "Is it red?", "parameters": {"top_k": 1}}
    assert client.post("/models/fake/visual-question-answering", json=legacy).json() == [
        {"score": 0.93, "answer": "yes"}
    ]
    body["inputs"]["question"] = "What is the total?"
    dqa = client.post("/models/fake/document-question-answering", json=body).json()
    assert dqa == [{"score": 0.98, "answer": "42.00", "start": 6, "end": 6}]
    donut = client.post("/models/donut/document-question-answering", json=body).json()
    assert donut == [{"answer": "42.00"}]


# -- audio ----------------------------------------------------------------------------------------


def test_speech_recognition_follows_duration(client: httpx.Client) -> None:
    one_second = client.post("/models/fake/automatic-speech-recognition", content=audio(1.0))
    assert one_second.json() == {"text": "hello from the fake"}
    flac = audio(0.5, "FLAC")
    body = {"inputs": b64(flac), "parameters": {"return_timestamps": True}}
    timed = client.post("/models/fake/automatic-speech-recognition", json=body).json()
    assert timed["text"] == "hello from"
    assert timed["chunks"] == [
        {"text": "hello", "timestamp": [0.0, 0.25]},
        {"text": "from", "timestamp": [0.25, 0.5]},
    ]
    mp3_like = client.post("/models/fake/automatic-speech-recognition", content=b"ID3" + b"\0" * 64)
    assert len(mp3_like.json()["text"].split()) == 16


@pytest.mark.parametrize(
    "task", ["automatic-speech-recognition", "audio-classification", "audio-to-audio"]
)
def test_audio_tasks_reject_non_audio(client: httpx.Client, task: str) -> None:
    response = client.post(f"/models/fake/{task}", content=b"this is not audio at all")
    assert response.status_code == 400
    assert response.json() == {"error": "Malformed soundfile"}


def test_audio_classification_loudness(client: httpx.Client) -> None:
    loud = client.post("/models/fake/audio-classification", content=audio(0.5)).json()
    assert loud[0]["label"] == "speech"
    quiet = client.post("/models/fake/audio-classification", content=audio(0.5, amplitude=0.0))
    assert quiet.json()[0] == {"label": "silence", "score": 1.0}


@pytest.mark.parametrize(
    ("accept", "kind"), [(None, "flac"), ("audio/wav", "wav"), ("audio/ogg", "ogg")]
)
def test_text_to_speech_formats(client: httpx.Client, accept: str | None, kind: str) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.post(
        "/models/fake/text-to-speech", json={"inputs": "Hello there"}, headers=headers
    )
    assert response.headers["content-type"] == f"audio/{kind}"
    samples, rate = soundfile.read(io.BytesIO(response.content))
    assert rate == 16000
    assert len(samples) == int(16000 * 0.55)


def test_audio_to_audio_blobs(client: httpx.Client) -> None:
    items = client.post("/models/fake/audio-to-audio", content=audio(0.5)).json()
    assert [i["label"] for i in items] == ["label_0", "label_1"]
    for item in items:
        assert item["content-type"] == "audio/flac"
        samples, rate = soundfile.read(io.BytesIO(base64.b64decode(item["blob"])))
        assert rate == 16000
        assert len(samples) == 8000


# -- tabular --------------------------------------------------------------------------------------


def test_tabular_tasks(client: httpx.Client) -> None:
    body = {"inputs": {"data": {"a": ["1", "2.5", "x"], "b": ["4", "5", "6"]}}}
    assert client.post("/models/fake/tabular-regression", json=body).json() == [5.0, 7.5, 6.0]
    assert client.post("/models/fake/tabular-classification", json=body).json() == [5, 7, 6]
    old = client.post("/models/fake/tabular-classification", json={"table": {"a": ["1"]}})
    assert old.json() == {"error": ["Field required: `data` in `parameters`"]}
    uneven = {"inputs": {"data": {"a": ["1"], "b": []}}}
    assert client.post("/models/fake/tabular-regression", json=uneven).json() == {
        "error": [
            "Value error, All rows in the data must be the same length: `data` in `parameters`"
        ]
    }


# -- hf-inference extras --------------------------------------------------------------------------


def test_status_and_framework(client: httpx.Client) -> None:
    status = client.get("/status/fake/feature-extraction").json()
    assert status == {
        "loaded": True,
        "state": "Loaded",
        "compute_type": "cpu",
        "framework": "sentence-transformers",
    }
    assert client.get("/status/acme/nothing").status_code == 404
    listed = client.get("/framework/text-generation-inference").json()
    assert {
        "model_id": "fake/text-generation",
        "task": "text-generation",
        "compute_type": "cpu",
    } in listed
    assert client.get("/framework/unknown").json() == []


def test_hf_chat_and_completions(client: httpx.Client) -> None:
    body = {"model": "tgi", "messages": [{"role": "user", "content": "hello there"}]}
    chat = client.post("/models/fake/text-generation/v1/chat/completions", json=body).json()
    assert chat["model"] == "fake/text-generation"
    assert chat["choices"][0]["message"] == {"role": "assistant", "content": "Echo: hello there"}
    stream = client.post(
        "/models/fake/text-generation/v1/chat/completions", json={**body, "stream": True}
    )
    assert chat_text(sse_json(stream.content)) == "Echo: hello there"
    assert stream.text.rstrip().endswith("data: [DONE]")
    refused = client.post("/models/fake/text-classification/v1/chat/completions", json=body)
    assert refused.status_code == 400
    completion = client.post(
        "/models/fake/text-generation/v1/completions",
        json={"prompt": "Hi", "max_tokens": 2},
    ).json()
    assert completion["choices"][0]["text"] == " The answer"
    assert completion["model"] == "fake/text-generation"
