"""Drive the fake inference server over real loopback and check every route of its README."""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import time
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile
from PIL import Image

from tests.fakes import create_app, serving
from tests.fakes.errors import SHAPES
from tests.fakes.streams import FRAMING_NAMES, FRAMING_TEXT

CONTEXT = "My name is Clara and I live in Berkeley."
TABLE = {
    "Repository": ["Transformers", "Datasets", "Tokenizers"],
    "Stars": ["36542", "4512", "3934"],
}
CONTINUATION = (
    " The answer is 42. This fake model always gives the same reply, so tests can check"
    " every token."
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def shared_client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        yield c


@pytest.fixture
def client(shared_client: httpx.Client) -> httpx.Client:
    shared_client.post("/_fake/reset")
    return shared_client


def png(color: tuple[int, int, int] = (255, 0, 0), size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def audio(seconds: float = 1.0, fmt: str = "WAV", amplitude: float = 0.3) -> bytes:
    t = np.arange(int(16000 * seconds), dtype=np.float32) / 16000
    buffer = io.BytesIO()
    soundfile.write(buffer, amplitude * np.sin(2 * np.pi * 220 * t), 16000, format=fmt)
    return buffer.getvalue()


def sse_events(raw: bytes) -> list[str]:
    """A WHATWG-style parser (CR/LF/CRLF, comments, multi-line data, flush at EOF)."""
    events: list[str] = []
    data: list[str] = []
    for line in re.split(r"\r\n|\r|\n", raw.decode("utf-8")):
        if line == "":
            if data:
                events.append("\n".join(data))
            data = []
        elif line.startswith("data:"):
            value = line[5:]
            data.append(value[1:] if value.startswith(" ") else value)
    if data:
        events.append("\n".join(data))
    return events


def sse_json(raw: bytes) -> list[Any]:
    return [json.loads(e) for e in sse_events(raw) if e != "[DONE]"]


def chat_text(chunks: list[dict[str, Any]]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])


# -- server lifecycle and request log -------------------------------------------------------------


def test_serving_starts_fast_and_stops() -> None:
    app = create_app()
    start = time.monotonic()
    with serving(app) as url:
        assert time.monotonic() - start < 1.0
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert httpx.get(f"{url}/tgi/health").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/tgi/health", timeout=1)


def test_request_log_records_and_resets(client: httpx.Client) -> None:
    headers = {"Authorization": "Bearer hf_abc", "X-Custom": "1"}
    client.post("/models/fake/text-classification?x=1", json={"inputs": "hi"}, headers=headers)
    client.post("/models/fake/image-classification", content=png())
    log = client.get("/_fake/requests").json()
    assert [r["path"] for r in log] == [
        "/models/fake/text-classification",
        "/models/fake/image-classification",
    ]
    first, second = log
    assert first["method"] == "POST"
    assert first["query"] == "x=1"
    assert first["headers"]["authorization"] == "Bearer hf_abc"
    assert first["headers"]["x-custom"] == "1"
    assert first["json"] == {"inputs": "hi"}
    assert second["json"] is None
    assert second["body_size"] == len(png())
    assert "content-type" not in second["headers"]
    assert client.post("/_fake/reset").json() == {"reset": True}
    assert client.get("/_fake/requests").json() == []


def test_every_response_has_a_request_id(client: httpx.Client) -> None:
    response = client.get("/tgi/info")
    assert re.fullmatch(r"fake-\d{6}", response.headers["x-request-id"])


# -- hf-inference text tasks ----------------------------------------------------------------------


def test_text_classification_shapes(client: httpx.Client) -> None:
    nested = client.post("/models/fake/text-classification", json={"inputs": "I love this"})
    assert nested.status_code == 200
    assert nested.headers["x-compute-type"] == "cpu"
    assert nested.headers["x-compute-characters"] == "11"
    [scores] = nested.json()
    assert [s["label"] for s in scores] == ["POSITIVE", "NEGATIVE"]
    assert abs(sum(s["score"] for s in scores) - 1) < 1e-5
    flat = client.post("/models/flat/text-classification", json={"inputs": "terrible, I hate it"})
    assert flat.json()[0]["label"] == "NEGATIVE"
    raw = client.post("/models/fake/text-classification", content=b"I love it")
    assert raw.json()[0][0]["label"] == "POSITIVE"
    batch = client.post("/models/flat/text-classification", json={"inputs": ["good", "bad"]})
    assert [item[0]["label"] for item in batch.json()] == ["POSITIVE", "NEGATIVE"]
    top = client.post(
        "/models/fake/text-classification",
        json={"inputs": "ok", "parameters": {"top_k": 1}},
    )
    assert len(top.json()[0]) == 1


def test_unknown_org_is_404(client: httpx.Client) -> None:
    response = client.post("/models/acme/text-classification", json={"inputs": "x"})
    assert response.status_code == 404
    assert response.json() == {"error": "Model acme/text-classification does not exist"}


@pytest.mark.parametrize("org", ["fake", "none"])
def test_token_classification_offsets(client: httpx.Client, org: str) -> None:
    text = "My name is Clara Smith and I live in New York, working for Hugging Face."
    items = client.post(f"/models/{org}/token-classification", json={"inputs": text}).json()
    assert items
    for item in items:
        assert text[item["start"] : item["end"]] == item["word"]
    if org == "fake":
        assert [(i["entity_group"], i["word"]) for i in items] == [
            ("PER", "Clara Smith"),
            ("LOC", "New York"),
            ("ORG", "Hugging Face"),
        ]
    else:
        assert items[0]["entity"] == "B-PER"
        assert items[1]["entity"] == "I-PER"
        assert items[0]["index"] == 4
        assert "entity_group" not in items[0]


def test_token_classification_parameters(client: httpx.Client) -> None:
    body = {"inputs": "Clara lives in Paris", "parameters": {"aggregation_strategy": "none"}}
    assert "entity" in client.post("/models/fake/token-classification", json=body).json()[0]
    body["parameters"] = {"ignore_labels": ["PER"]}
    items = client.post("/models/fake/token-classification", json=body).json()
    assert [i["word"] for i in items] == ["Paris"]


def test_zero_shot_variants(client: httpx.Client) -> None:
    body = {
        "inputs": "I booked a flight to Paris",
        "parameters": {"candidate_labels": "flight, cooking"},
    }
    new = client.post("/models/fake/zero-shot-classification", json=body).json()
    assert [r["label"] for r in new] == ["flight", "cooking"]
    assert abs(sum(r["score"] for r in new) - 1) < 1e-5
    old = client.post("/models/old/zero-shot-classification", json=body).json()
    assert old["sequence"] == body["inputs"]
    assert old["labels"] == ["flight", "cooking"]
    body["parameters"] = {"candidate_labels": ["flight", "cooking", "sport"], "multi_label": True}
    multi = client.post("/models/fake/zero-shot-classification", json=body).json()
    assert sorted(r["label"] for r in multi) == ["cooking", "flight", "sport"]
    assert sum(r["score"] for r in multi) > 1.0


def test_zero_shot_validation(client: httpx.Client) -> None:
    missing = client.post("/models/fake/zero-shot-classification", json={"inputs": "x"})
    assert missing.status_code == 400
    assert missing.json() == {"error": ["Field required: `candidate_labels` in `parameters`"]}
    body = {"inputs": "x", "parameters": {"candidate_labels": ["a"], "hypothesis_template": "no"}}
    template = client.post("/models/fake/zero-shot-classification", json=body)
    assert template.status_code == 400
    assert "hypothesis_template" in template.json()["error"]


def test_fill_mask(client: httpx.Client) -> None:
    one = client.post("/models/fake/fill-mask", json={"inputs": "Paris is the [MASK] of France."})
    first = one.json()[0]
    assert first["token_str"] == "capital"
    assert first["sequence"] == "Paris is the capital of France."
    assert len(one.json()) == 5
    two = client.post(
        "/models/fake/fill-mask",
        json={"inputs": "<mask> is the [MASK].", "parameters": {"top_k": 2}},
    ).json()
    assert len(two) == 2
    assert all(len(inner) == 2 for inner in two)
    multi = client.post("/models/multi/fill-mask", json={"inputs": "the [MASK]"}).json()
    assert isinstance(multi[0], list)
    targets = {"inputs": "the <mask>", "parameters": {"targets": ["dog"]}}
    assert client.post("/models/fake/fill-mask", json=targets).json()[0]["token_str"] == "dog"
    none = client.post("/models/fake/fill-mask", json={"inputs": "no mask here"})
    assert none.status_code == 400
    assert none.json() == {"error": "No mask_token ([MASK]) found on the input"}


@pytest.mark.parametrize(
    ("question", "answer"), [("What is my name?", "Clara"), ("Where do I live?", "Berkeley")]
)
def test_question_answering_span(client: httpx.Client, question: str, answer: str) -> None:
    body = {"inputs": {"question": question, "context": CONTEXT}}
    result = client.post("/models/fake/question-answering", json=body).json()
    assert result["answer"] == answer
    assert CONTEXT[result["start"] : result["end"]] == answer
    legacy = client.post(
        "/models/list/question-answering", json={"question": question, "context": CONTEXT}
    )
    assert legacy.json() == [result]


def test_question_answering_top_k_and_errors(client: httpx.Client) -> None:
    body = {"inputs": {"question": "Who?", "context": CONTEXT}, "parameters": {"top_k": 3}}
    answers = client.post("/models/fake/question-answering", json=body).json()
    assert len(answers) == 3
    assert all(CONTEXT[a["start"] : a["end"]] == a["answer"] for a in answers)
    missing = client.post("/models/fake/question-answering", json={"inputs": {"question": "x"}})
    assert missing.status_code == 400


def test_table_question_answering(client: httpx.Client) -> None:
    query = "How many stars does the transformers repository have?"
    body = {"inputs": {"query": query, "table": TABLE}}
    result = client.post("/models/fake/table-question-answering", json=body).json()
    assert result == {
        "answer": "36542",
        "coordinates": [[0, 1]],
        "cells": ["36542"],
        "aggregator": "NONE",
    }
    listed = client.post("/models/list/table-question-answering", json=body).json()
    assert listed == [result]
    body = {"inputs": {"query": "What is the average stars?", "table": TABLE}}
    average = client.post("/models/fake/table-question-answering", json=body).json()
    assert average["aggregator"] == "AVERAGE"
    assert average["answer"].startswith("AVERAGE > ")
    assert average["coordinates"] == [[0, 1], [1, 1], [2, 1]]


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"question": "x", "table": TABLE}, "Field required: `query` in `parameters`"),
        (
            {"query": "x", "table": {"a": ["1"], "b": ["1", "2"]}},
            "Value error, All rows in the table must be the same length: `table` in `parameters`",
        ),
        (
            {"query": "x", "table": {"a": [1]}},
            "Input should be a valid string: `table` in `parameters`",
        ),
    ],
)
def test_table_question_answering_validation(
    client: httpx.Client, inputs: dict[str, Any], message: str
) -> None:
    response = client.post("/models/fake/table-question-answering", json={"inputs": inputs})
    assert response.status_code == 400
    assert response.json() == {"error": [message]}


def test_summarization(client: httpx.Client) -> None:
    text = "The tower is 324 metres tall. It is the tallest structure in Paris."
    result = client.post("/models/fake/summarization", json={"inputs": text}).json()
    assert result == [{"summary_text": "The tower is 324 metres tall."}]
    body = {"inputs": text, "parameters": {"max_length": 3}}
    assert (
        client.post("/models/fake/summarization", json=body).json()[0]["summary_text"]
        == "The tower is"
    )
    body["parameters"] = {"max_length": 501}
    invalid = client.post("/models/fake/summarization", json=body)
    assert invalid.json() == {
        "error": ["Input should be less than or equal to 500: `max_length` in `parameters`"]
    }


def test_translation(client: httpx.Client) -> None:
    default = client.post("/models/fake/translation", json={"inputs": "Hello world"})
    assert default.json() == [{"translation_text": "Bonjour monde"}]
    body = {"inputs": "Hello world", "parameters": {"src_lang": "en_XX", "tgt_lang": "deu_Latn"}}
    assert (
        client.post("/models/fake/translation", json=body).json()[0]["translation_text"]
        == "Hallo welt"
    )
    body["parameters"] = {"tgt_lang": "xx_YY"}
    assert client.post("/models/fake/translation", json=body).json() == {
        "error": "Unsupported language code: xx_YY"
    }
    missing = client.post("/models/multilingual/translation", json={"inputs": "Hello"})
    assert missing.status_code == 400
    assert "src_lang" in missing.json()["error"]


def test_conversational(client: httpx.Client) -> None:
    inputs = {"text": "Hi", "past_user_inputs": ["a"], "generated_responses": ["b"]}
    result = client.post("/models/fake/conversational", json={"inputs": inputs}).json()
    assert result["generated_text"] == "Echo: Hi"
    assert result["conversation"] == {
        "past_user_inputs": ["a", "Hi"],
        "generated_responses": ["b", "Echo: Hi"],
    }
    assert result["warnings"]


# -- hf-inference text generation -----------------------------------------------------------------


def test_text_generation_shapes(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"max_new_tokens": 4}}
    listed = client.post("/models/fake/text-generation", json=body).json()
    assert listed == [{"generated_text": " The answer is 42."}]
    obj = client.post("/models/object/text-generation", json=body).json()
    assert obj == {"generated_text": " The answer is 42."}
    body["parameters"] = {"return_full_text": True}
    assert client.post("/models/object/text-generation", json=body).json()["generated_text"] == (
        "Hi" + CONTINUATION
    )


def test_text_generation_details_and_stops(client: httpx.Client) -> None:
    body = {"inputs": "Hello there", "parameters": {"details": True, "decoder_input_details": True}}
    details = client.post("/models/object/text-generation", json=body).json()["details"]
    assert details["finish_reason"] == "eos_token"
    assert details["seed"] is None
    assert details["tokens"][-1] == {"id": 2, "text": "</s>", "logprob": -0.01, "special": True}
    assert details["generated_tokens"] == len(details["tokens"]) == 19
    assert [t["text"] for t in details["prefill"]] == ["<s>", "Hello", " there"]
    assert details["prefill"][0]["logprob"] is None
    body["parameters"] = {"details": True, "stop": ["42"]}
    stopped = client.post("/models/object/text-generation", json=body).json()
    assert stopped["generated_text"] == " The answer is 42."
    assert stopped["details"]["finish_reason"] == "stop_sequence"


def test_text_generation_sampling_is_seeded(client: httpx.Client) -> None:
    def run(seed: int) -> dict[str, Any]:
        params = {"do_sample": True, "seed": seed, "details": True, "max_new_tokens": 30}
        return client.post("/tgi/generate", json={"inputs": "x", "parameters": params}).json()

    assert run(1) == run(1)
    assert run(1)["generated_text"] != run(2)["generated_text"]
    assert run(5)["details"]["seed"] == 5


def test_text_generation_transformers_rejects_tgi_keys(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"watermark": True, "stop": ["x"], "max_new_tokens": 2}}
    response = client.post("/models/transformers/text-generation", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "The following `model_kwargs` are not used by the model: ['watermark', 'stop'] "
        "(note: typos in the generate arguments will also show up in this list)"
    }
    body = {
        "inputs": "Hi",
        "parameters": {"max_new_tokens": 2, "num_return_sequences": 2},
        "stream": True,
    }
    ok = client.post("/models/transformers/text-generation", json=body)
    assert ok.headers["content-type"] == "application/json"
    assert ok.json() == [{"generated_text": "Hi The answer"}] * 2


def test_text_generation_stream_on_models_route(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "stream": True, "parameters": {"max_new_tokens": 3, "details": True}}
    response = client.post("/models/fake/text-generation", json=body)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text.startswith("data: {")
    events = sse_json(response.content)
    assert [e["index"] for e in events] == [1, 2, 3]
    assert events[-1]["generated_text"] == " The answer is"
    assert events[-1]["details"] == {
        "finish_reason": "length",
        "generated_tokens": 3,
        "seed": None,
        "input_length": 1,
    }
    assert "[DONE]" not in response.text


def test_text_generation_missing_inputs_is_axum_text(client: httpx.Client) -> None:
    response = client.post("/models/fake/text-generation", json={"parameters": {}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == (
        "Failed to deserialize the JSON body into the target type: missing field `inputs` "
        "at line 1 column 17"
    )


# -- embeddings and similarity --------------------------------------------------------------------


def test_feature_extraction_shapes(client: httpx.Client) -> None:
    pooled = client.post("/models/fake/feature-extraction", json={"inputs": "hello world"}).json()
    assert len(pooled) == 32
    assert abs(sum(v * v for v in pooled) - 1) < 1e-4
    batch = client.post("/models/fake/feature-extraction", json={"inputs": ["a", "b c"]}).json()
    assert [len(row) for row in batch] == [32, 32]
    tokens = client.post("/models/tokens/feature-extraction", json={"inputs": "hello world"}).json()
    assert np.asarray(tokens).shape == (1, 4, 32)
    nested = client.post("/models/tokens/feature-extraction", json={"inputs": ["a", "b"]}).json()
    assert np.asarray(nested).shape == (2, 1, 3, 32)
    raw = client.post(
        "/models/fake/feature-extraction",
        json={"inputs": "x", "normalize": False, "dimensions": 8},
    )
    assert len(raw.json()) == 8


def test_sentence_similarity(client: httpx.Client) -> None:
    inputs = {"source_sentence": "a cat sat", "sentences": ["a cat sat", "dogs run", "a cat"]}
    scores = client.post("/models/fake/sentence-similarity", json={"inputs": inputs}).json()
    assert len(scores) == 3
    assert scores[0] == pytest.approx(1.0)
    assert scores[2] > scores[1]
    legacy_bug = {"inputs": None, "source_sentence": "a", "sentences": ["b"]}
    bug = client.post("/models/fake/sentence-similarity", json=legacy_bug)
    assert bug.status_code == 400
    assert bug.json() == {"error": "SentenceSimilarityInputsCheck expected dict not NoneType"}
    listed = client.post("/models/fake/sentence-similarity", json={"inputs": ["a", "b"]})
    assert listed.json() == {"error": "SentenceSimilarityInputsCheck expected dict not list"}
    missing = client.post("/models/fake/sentence-similarity", json={"inputs": {"sentences": []}})
    assert missing.json() == {"error": ["Field required: `source_sentence` in `parameters`"]}


@pytest.mark.parametrize(
    "path",
    [
        "/models/fake/sentence-similarity/pipeline/feature-extraction",
        "/pipeline/feature-extraction/fake/sentence-similarity",
    ],
)
def test_pipeline_feature_extraction(client: httpx.Client, path: str) -> None:
    vectors = client.post(path, json={"inputs": ["a", "b"]}).json()
    assert np.asarray(vectors).shape == (2, 32)


def test_pipeline_routes_errors_and_similarity(client: httpx.Client) -> None:
    inputs = {"source_sentence": "a", "sentences": ["a"]}
    path = "/models/fake/feature-extraction/pipeline/sentence-similarity"
    assert client.post(path, json={"inputs": inputs}).json() == [pytest.approx(1.0)]
    tokens = client.post(
        "/pipeline/feature-extraction/tokens/feature-extraction", json={"inputs": "a"}
    )
    assert np.asarray(tokens.json()).shape == (1, 3, 32)
    wrong = client.post("/models/fake/text-classification/pipeline/feature-extraction", json={})
    assert wrong.status_code == 400


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


# -- TGI ------------------------------------------------------------------------------------------


def test_tgi_generate_and_headers(client: httpx.Client) -> None:
    response = client.post(
        "/tgi/generate", json={"inputs": "Hi", "parameters": {"max_new_tokens": 2}}
    )
    assert response.json() == {"generated_text": " The answer"}
    assert response.headers["x-generated-tokens"] == "2"
    assert response.headers["x-prompt-tokens"] == "1"
    assert response.headers["x-compute-type"] == "gpu+optimized"
    compat = client.post("/tgi", json={"inputs": "Hi", "parameters": {"max_new_tokens": 2}})
    assert compat.json() == [{"generated_text": " The answer"}]


def test_tgi_generate_stream(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"details": True}}
    response = client.post("/tgi/generate_stream", json=body)
    assert response.headers["x-accel-buffering"] == "no"
    assert all(line.startswith("data: ") for line in response.text.split("\n\n") if line)
    events = sse_json(response.content)
    assert "[DONE]" not in response.text
    assert [e["index"] for e in events] == list(range(1, 20))
    assert all(e["generated_text"] is None for e in events[:-1])
    assert events[-1]["token"]["special"] is True
    assert events[-1]["generated_text"] == CONTINUATION
    assert events[-1]["details"]["finish_reason"] == "eos_token"
    no_details = sse_json(client.post("/tgi/", json={"inputs": "Hi", "stream": True}).content)
    assert no_details[-1]["details"] is None
    assert no_details[-1]["generated_text"] == CONTINUATION


def test_tgi_info_health_models(client: httpx.Client) -> None:
    info = client.get("/tgi/info").json()
    for key in (
        "model_id",
        "model_sha",
        "model_pipeline_tag",
        "max_concurrent_requests",
        "max_best_of",
        "max_stop_sequences",
        "max_input_tokens",
        "max_total_tokens",
        "max_client_batch_size",
        "validation_workers",
        "router",
        "version",
        "sha",
        "docker_label",
    ):
        assert key in info
    health = client.get("/tgi/health")
    assert health.status_code == 200
    assert health.content == b""
    models = client.get("/tgi/v1/models").json()
    assert models["data"][0]["id"] == "fake/tgi-model"


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"best_of": 2}, "you must use sampling when `best_of` is > 1"),
        ({"best_of": 3, "do_sample": True}, "`best_of` must be > 0 and <= 2. Given: 3"),
        ({"temperature": 0}, "`temperature` must be strictly positive"),
        ({"top_p": 1.0}, "`top_p` must be > 0.0 and < 1.0"),
        ({"top_k": -1}, "`top_k` must be strictly positive"),
        ({"max_new_tokens": 0}, "`max_new_tokens` must be strictly positive"),
        ({"stop": ["a", "b", "c", "d", "e"]}, "`stop` supports up to 4 stop sequences. Given: 5"),
        ({"best_of": 2, "do_sample": True, "seed": 1}, "`seed` must not be set when `best_of` > 1"),
        (
            {"max_new_tokens": 4096},
            "`inputs` tokens + `max_new_tokens` must be <= 4096. Given: 1 `inputs` tokens "
            "and 4096 `max_new_tokens`",
        ),
    ],
)
def test_tgi_validation_errors(
    client: httpx.Client, parameters: dict[str, Any], message: str
) -> None:
    response = client.post("/tgi/generate", json={"inputs": "Hi", "parameters": parameters})
    assert response.status_code == 422
    assert response.json() == {
        "error": f"Input validation error: {message}",
        "error_type": "validation",
    }


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        (
            {"best_of": 2, "do_sample": True},
            "`best_of` != 1 is not supported when streaming tokens",
        ),
        (
            {"decoder_input_details": True},
            "`decoder_input_details` == true is not supported when streaming tokens",
        ),
        ({"temperature": -1}, "`temperature` must be strictly positive"),
    ],
)
def test_tgi_stream_errors_are_events(
    client: httpx.Client, parameters: dict[str, Any], message: str
) -> None:
    response = client.post("/tgi/generate_stream", json={"inputs": "Hi", "parameters": parameters})
    assert response.status_code == 200
    assert sse_json(response.content) == [
        {"error": f"Input validation error: {message}", "error_type": "validation"}
    ]


def test_tgi_best_of_and_top_tokens(client: httpx.Client) -> None:
    params = {
        "best_of": 2,
        "do_sample": True,
        "details": True,
        "top_n_tokens": 2,
        "max_new_tokens": 2,
    }
    details = client.post("/tgi/generate", json={"inputs": "x", "parameters": params}).json()[
        "details"
    ]
    assert len(details["best_of_sequences"]) == 1
    assert details["best_of_sequences"][0]["seed"] == 1
    assert [len(top) for top in details["top_tokens"]] == [2, 2]
    assert details["top_tokens"][0][0]["text"] == details["tokens"][0]["text"]


def test_tgi_axum_rejections(client: httpx.Client) -> None:
    missing = client.post("/tgi/generate", json={"parameters": {"max_new_tokens": 5}})
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("text/plain")
    assert missing.text.endswith("missing field `inputs` at line 1 column 35")
    typed = client.post(
        "/tgi/generate",
        content=b'{"inputs": 5}',
        headers={"content-type": "application/json"},
    )
    assert typed.text == (
        "Failed to deserialize the JSON body into the target type: inputs: invalid type: "
        "integer `5`, expected a string at line 1 column 12"
    )
    no_type = client.post("/tgi/generate", content=b'{"inputs": "x"}')
    assert no_type.status_code == 415
    assert no_type.text == "Expected request with `Content-Type: application/json`"
    broken = client.post(
        "/tgi/generate", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.text.startswith("Failed to parse the request body as JSON")


def test_tgi_chat(client: httpx.Client) -> None:
    body: dict[str, Any] = {"messages": [{"role": "user", "content": "hi there"}], "max_tokens": 2}
    result = client.post("/tgi/v1/chat/completions", json=body).json()
    assert result["object"] == "chat.completion"
    assert result["id"] == ""
    assert result["choices"][0]["message"]["content"] == "Echo: hi"
    assert result["choices"][0]["finish_reason"] == "length"
    assert result["usage"]["completion_tokens"] == 2
    body = {**body, "stream": True, "stream_options": {"include_usage": True}, "logprobs": True}
    chunks = sse_json(client.post("/tgi/v1/chat/completions", json=body).content)
    assert chat_text(chunks) == "Echo: hi"
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[0]["choices"][0]["logprobs"]["content"][0]["token"] == "Echo:"
    assert chunks[-2]["choices"][0]["finish_reason"] == "length"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["total_tokens"] > 0


def test_chat_multimodal_content(client: httpx.Client) -> None:
    parts = [
        {"type": "text", "text": "what is this"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{b64(png())}"}},
    ]
    body = {"messages": [{"role": "user", "content": parts}]}
    result = client.post("/tgi/v1/chat/completions", json=body).json()
    assert result["choices"][0]["message"]["content"] == "Echo: what is this [1 image]"


def test_tgi_chat_tools_and_response_format(client: httpx.Client) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {
                "type": "object",
                "properties": {"location": {"type": "string"}, "days": {"type": "integer"}},
            },
        },
    }
    body = {"messages": [{"role": "user", "content": "Paris"}], "tools": [tool]}
    message = client.post("/tgi/v1/chat/completions", json=body).json()["choices"][0]["message"]
    call = message["tool_calls"][0]
    assert call["function"]["name"] == "get_weather"
    assert json.loads(call["function"]["arguments"]) == {"location": "Paris", "days": 42}
    chunks = sse_json(
        client.post("/tgi/v1/chat/completions", json={**body, "stream": True}).content
    )
    fragments = [
        c["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] for c in chunks[:-1]
    ]
    assert json.loads("".join(fragments)) == {"location": "Paris", "days": 42}
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    structured = {
        "messages": body["messages"],
        "response_format": {"type": "json", "value": schema},
    }
    content = client.post("/tgi/v1/chat/completions", json=structured).json()["choices"][0][
        "message"
    ]
    assert json.loads(content["content"]) == {"ok": True}


def test_tgi_chat_errors(client: httpx.Client) -> None:
    wrong = client.post("/tgi/v1/chat/completions", json={"messages": "hi"})
    assert wrong.status_code == 422
    assert "messages: invalid type: string" in wrong.text
    body = {"messages": [{"role": "user", "content": "x"}], "max_tokens": 5000}
    blocking = client.post("/tgi/v1/chat/completions", json=body)
    assert blocking.status_code == 422
    assert blocking.json()["error_type"] == "validation"
    streamed = client.post("/tgi/v1/chat/completions", json={**body, "stream": True})
    assert streamed.status_code == 200
    events = sse_events(streamed.content)
    assert json.loads(events[0])["error"]["http_status_code"] == 422
    assert events[-1] == "[DONE]"


def test_tgi_completions(client: httpx.Client) -> None:
    result = client.post("/tgi/v1/completions", json={"prompt": "Hi", "max_tokens": 2}).json()
    assert result["choices"] == [
        {"finish_reason": "length", "index": 0, "logprobs": None, "text": " The answer"}
    ]
    stream = client.post(
        "/tgi/v1/completions", json={"prompt": "Hi", "max_tokens": 2, "stream": True}
    )
    events = sse_events(stream.content)
    assert events[-1] == "[DONE]"
    assert json.loads(events[0])["choices"][0]["finish_reason"] == ""
    assert json.loads(events[1])["usage"]["completion_tokens"] == 2


def test_tgi_old_framing(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"max_new_tokens": 2, "details": True}}
    response = client.post("/tgi-old/generate_stream", json=body)
    assert response.text.startswith("data:{")
    assert "data: " not in response.text
    events = sse_json(response.content)
    assert all("index" not in e for e in events)
    assert "input_length" not in events[-1]["details"]
    chat = client.post("/tgi-old/v1/chat/completions", json={"messages": [], "stream": True})
    assert "[DONE]" not in chat.text
    assert chat.text.startswith("data:{")
    assert "max_input_length" in client.get("/tgi-old/info").json()


def test_tgi_auth(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"max_new_tokens": 1}}
    denied = client.post("/tgi-auth/generate", json=body)
    assert denied.status_code == 401
    assert denied.content == b""
    wrong = client.post("/tgi-auth/generate", json=body, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    allowed = client.post(
        "/tgi-auth/generate", json=body, headers={"authorization": "bearer SECRET-KEY"}
    )
    assert allowed.status_code == 200
    assert client.get("/tgi-auth/info").status_code == 200
    assert client.get("/tgi-auth/health").status_code == 200


# -- TEI ------------------------------------------------------------------------------------------


def test_tei_embed_routes(client: httpx.Client) -> None:
    single = client.post("/tei/embed", json={"inputs": "hello"}).json()
    assert np.asarray(single).shape == (1, 32)
    root = client.post("/tei", json={"inputs": ["hello", "world"]}).json()
    assert np.asarray(root).shape == (2, 32)
    assert root[0] == single[0]
    per_token = client.post("/tei/embed_all", json={"inputs": "hello world"}).json()
    assert np.asarray(per_token).shape == (1, 4, 32)
    similarity = client.post(
        "/tei/similarity",
        json={"inputs": {"source_sentence": "a", "sentences": ["a", "b"]}},
    ).json()
    assert similarity[0] == pytest.approx(1.0)
    assert len(similarity) == 2


def test_tei_predict_pair_quirk(client: httpx.Client) -> None:
    one = client.post("/tei/predict", json={"inputs": "I love it"}).json()
    assert one[0]["label"] == "POSITIVE"
    assert isinstance(one[0], dict)
    pair = client.post("/tei/predict", json={"inputs": ["good", "bad"]}).json()
    assert isinstance(pair[0], dict)
    batch = client.post("/tei/predict", json={"inputs": [["good"], ["bad"]]}).json()
    assert len(batch) == 2
    assert isinstance(batch[0], list)
    three = client.post("/tei/predict", json={"inputs": ["a", "b", "c"]}).json()
    assert len(three) == 3


def test_tei_rerank(client: httpx.Client) -> None:
    body = {"query": "cat food", "texts": ["dog toy", "cat food brands"], "return_text": True}
    ranked = client.post("/tei/rerank", json=body).json()
    assert [r["index"] for r in ranked] == [1, 0]
    assert ranked[0]["text"] == "cat food brands"
    empty = client.post("/tei/rerank", json={"query": "x", "texts": []})
    assert empty.status_code == 400
    assert empty.json()["error_type"] == "Empty"


def test_tei_errors(client: httpx.Client) -> None:
    long_text = "word " * 600
    too_long = client.post("/tei/embed", json={"inputs": long_text})
    assert too_long.status_code == 422
    assert too_long.json() == {
        "error": "`inputs` must have less than 512 tokens. Given: 602",
        "error_type": "Validation",
    }
    assert (
        client.post("/tei/embed", json={"inputs": long_text, "truncate": True}).status_code == 200
    )
    empty = client.post("/tei/embed", json={"inputs": []})
    assert empty.status_code == 400
    assert empty.json() == {"error": "`inputs` cannot be empty", "error_type": "Empty"}
    batch = client.post("/tei/embed", json={"inputs": ["x"] * 33})
    assert batch.json()["error"] == "batch size 33 > maximum allowed batch size 32"
    missing = client.post("/tei/embed", json={"input": "x"})
    assert missing.status_code == 422
    assert "missing field `inputs`" in missing.text
    openai = client.post("/tei/v1/embeddings", json={"input": long_text})
    assert openai.json() == {
        "message": "`inputs` must have less than 512 tokens. Given: 602",
        "code": 422,
        "error_type": "Validation",
    }


def test_tei_openai_embeddings_and_info(client: httpx.Client) -> None:
    result = client.post(
        "/tei/v1/embeddings", json={"input": ["a"], "encoding_format": "base64"}
    ).json()
    vector = struct.unpack("<32f", base64.b64decode(result["data"][0]["embedding"]))
    floats = client.post("/tei/embed", json={"inputs": "a"}).json()[0]
    assert vector == pytest.approx(floats, abs=1e-6)
    assert client.get("/tei/info").json()["model_type"] == {"embedding": {"pooling": "mean"}}
    assert client.get("/tei/health").content == b""


def test_tei_root_bindings(client: httpx.Client) -> None:
    classifier = client.post("/tei-classifier/", json={"inputs": "great"}).json()
    assert classifier[0]["label"] == "POSITIVE"
    assert "classifier" in client.get("/tei-classifier/info").json()["model_type"]
    reranked = client.post("/tei-reranker", json={"query": "a", "texts": ["b", "a"]}).json()
    assert reranked[0]["index"] == 1
    inputs = {"source_sentence": "a", "sentences": ["a"]}
    assert client.post("/tei-similarity", json={"inputs": inputs}).json() == [pytest.approx(1.0)]
    refused = client.post("/tei", json={"inputs": inputs})
    assert refused.status_code == 422


# -- OpenAI-compatible servers --------------------------------------------------------------------


def test_openai_chat(client: httpx.Client) -> None:
    body: dict[str, Any] = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    result = client.post("/openai/v1/chat/completions", json=body).json()
    assert result["id"].startswith("chatcmpl-")
    assert result["model"] == "m"
    assert result["choices"][0]["message"]["content"] == "Echo: hi"
    body = {**body, "stream": True, "stream_options": {"include_usage": True}}
    chunks = sse_json(client.post("/openai/v1/chat/completions", json=body).content)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert chunks[-2]["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "stop",
    }
    assert chunks[-1]["usage"]["completion_tokens"] == 2
    assert chat_text(chunks) == "Echo: hi"


@pytest.mark.parametrize(
    ("prefix", "body", "status", "expected"),
    [
        (
            "/openai",
            {"model": "m"},
            400,
            {
                "error": {
                    "message": "Missing required parameter: 'messages'.",
                    "type": "invalid_request_error",
                    "param": "messages",
                    "code": "missing_required_parameter",
                }
            },
        ),
        (
            "/vllm-old",
            {"model": "does-not-exist", "messages": []},
            404,
            {
                "object": "error",
                "message": "The model `does-not-exist` does not exist or you do not have "
                "access to it.",
                "type": "NotFoundError",
                "param": None,
                "code": 404,
            },
        ),
        (
            "/llamacpp",
            {"messages": [], "temperature": 3},
            400,
            {
                "error": {
                    "code": 400,
                    "type": "invalid_request_error",
                    "message": "Invalid 'temperature': decimal above maximum value. "
                    "Expected a value <= 2, "
                    "but got 3 instead.",
                }
            },
        ),
        (
            "/openai",
            {"messages": []},
            400,
            {
                "error": {
                    "message": "you must provide a model parameter",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                }
            },
        ),
    ],
)
def test_openai_error_shapes(
    client: httpx.Client, prefix: str, body: dict[str, Any], status: int, expected: dict[str, Any]
) -> None:
    response = client.post(f"{prefix}/v1/chat/completions", json=body)
    assert response.status_code == status
    assert response.json() == expected


def test_openai_context_length(client: httpx.Client) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 9000}
    response = client.post("/openai/v1/chat/completions", json=body)
    assert response.json()["error"]["code"] == "context_length_exceeded"


def test_llamacpp_stream_and_context(client: httpx.Client) -> None:
    body: dict[str, Any] = {"messages": [{"role": "user", "content": "hi"}], "stream": True}
    chunks = sse_json(client.post("/llamacpp/v1/chat/completions", json=body).content)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    assert chat_text(chunks) == "Echo: hi"
    body["messages"] = [{"role": "user", "content": "word " * 300}]
    streamed = client.post("/llamacpp/v1/chat/completions", json=body)
    assert streamed.status_code == 200
    assert streamed.text.startswith(
        'error: {"code":400,"message":"the request exceeds the available context'
    )
    assert streamed.text.endswith("data: [DONE]\n\n")
    blocking = client.post("/llamacpp/v1/chat/completions", json={**body, "stream": False})
    assert blocking.status_code == 400
    assert blocking.json()["error"]["type"] == "exceed_context_size_error"
    assert blocking.json()["error"]["n_ctx"] == 256


def test_openai_completions_embeddings_models(client: httpx.Client) -> None:
    result = client.post("/openai/v1/completions", json={"model": "m", "prompt": "Hi"}).json()
    assert result["object"] == "text_completion"
    assert result["choices"][0]["finish_reason"] == "length"
    assert result["usage"]["completion_tokens"] == 16
    stream = client.post(
        "/vllm-old/v1/completions",
        json={"model": "m", "prompt": "Hi", "max_tokens": 2, "stream": True},
    )
    texts = [e["choices"][0]["text"] for e in sse_json(stream.content)]
    assert texts == [" The", " answer", ""]
    embeddings = client.post(
        "/openai/v1/embeddings", json={"model": "m", "input": ["a", "b"]}
    ).json()
    assert [d["index"] for d in embeddings["data"]] == [0, 1]
    assert len(embeddings["data"][0]["embedding"]) == 32
    assert client.get("/openai/v1/models").json()["data"][0]["id"] == "fake-model"


def test_ollama_native_api(client: httpx.Client) -> None:
    body: dict[str, Any] = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    response = client.post("/ollama/api/chat", json=body)
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert "".join(line["message"]["content"] for line in lines) == "Echo: hi"
    assert [line["done"] for line in lines] == [False, False, True]
    assert lines[-1]["done_reason"] == "stop"
    single = client.post("/ollama/api/chat", json={**body, "stream": False}).json()
    assert single["message"]["content"] == "Echo: hi"
    assert single["done"] is True
    generated = client.post(
        "/ollama/api/generate",
        json={"model": "m", "prompt": "Hi", "options": {"num_predict": 2}},
    )
    parts = [json.loads(line) for line in generated.text.splitlines()]
    assert "".join(p["response"] for p in parts) == " The answer"
    assert parts[-1]["done_reason"] == "length"
    assert client.post("/ollama/api/chat", json={"messages": []}).json() == {
        "error": "model is required"
    }
    missing = client.post("/ollama/api/generate", json={"model": "not-pulled", "prompt": "x"})
    assert missing.status_code == 404


def test_ollama_openai_layer(client: httpx.Client) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    chunks = sse_json(client.post("/ollama/v1/chat/completions", json=body).content)
    assert all(c["choices"][0]["delta"]["role"] == "assistant" for c in chunks)
    assert chat_text(chunks) == "Echo: hi"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


# -- toolkit container ----------------------------------------------------------------------------


def test_toolkit_health_and_json(client: httpx.Client) -> None:
    for path in ("/endpoint/text-classification", "/endpoint/text-classification/health"):
        health = client.get(path)
        assert health.text == "Ok"
        assert health.headers["content-type"].startswith("text/plain")
    result = client.post("/endpoint/text-classification/predict", json={"inputs": "I love it"})
    assert result.json() == [{"label": "POSITIVE", "score": pytest.approx(0.989013)}]


@pytest.mark.parametrize(
    ("headers", "content", "fragment"),
    [
        ({}, b'{"inputs": "x"}', "No content type provided and no default one configured."),
        ({"content-type": "text/csv"}, b"a,b", 'Content type "text/csv" not supported.'),
        (
            {"content-type": "application/json"},
            b'{"input": "x"}',
            'Body needs to provide a inputs key, recieved: b\'{"input":"x"}\'',
        ),
    ],
)
def test_toolkit_request_errors(
    client: httpx.Client, headers: dict[str, str], content: bytes, fragment: str
) -> None:
    response = client.post("/endpoint/text-classification", content=content, headers=headers)
    assert response.status_code == 400
    assert fragment in response.json()["error"]


def test_toolkit_binary_and_strict_base64(client: httpx.Client) -> None:
    image = client.post(
        "/endpoint/image-classification",
        content=png(),
        headers={"content-type": "image/png"},
    )
    assert image.json()[0]["label"] == "red"
    strict = {"inputs": "not*base64", "parameters": {"return_timestamps": True}}
    refused = client.post("/endpoint/automatic-speech-recognition", json=strict)
    assert refused.status_code == 400
    assert refused.json() == {"error": "Only base64 data is allowed"}
    accepted = {"inputs": b64(audio(0.5)), "parameters": {"return_timestamps": True}}
    assert (
        client.post("/endpoint/automatic-speech-recognition", json=accepted).json()["text"]
        == "hello from"
    )
    queried = client.post("/endpoint/text-classification?top_k=2", json={"inputs": "x"}).json()
    assert len(queried) == 2


def test_toolkit_accept_negotiation(client: httpx.Client) -> None:
    body = {"inputs": "a cat", "parameters": {"width": 16, "height": 16}}
    as_json = client.post("/endpoint/text-to-image", json=body)
    assert as_json.headers["content-type"] == "application/json"
    assert base64.b64decode(as_json.json())[:4] == b"\x89PNG"
    raw = client.post("/endpoint/text-to-image", json=body, headers={"accept": "image/png"})
    assert raw.headers["content-type"] == "image/png"
    assert raw.content[:4] == b"\x89PNG"
    jpeg = client.post("/endpoint/text-to-image", json=body, headers={"accept": "image/jpeg"})
    assert jpeg.content[:2] == b"\xff\xd8"
    refused = client.post("/endpoint/text-to-image", json=body, headers={"accept": "text/html"})
    assert refused.status_code == 400
    assert 'Accept type "text/html" not supported.' in refused.json()["error"]


# -- faults ---------------------------------------------------------------------------------------


def test_loading_then_ok(client: httpx.Client) -> None:
    assert client.get("/status/faults/loading-then-ok").json()["loaded"] is False
    first = client.post("/models/faults/loading-then-ok", json={"inputs": "I love it"})
    assert first.status_code == 503
    assert first.json() == {
        "error": "Model faults/loading-then-ok is currently loading",
        "estimated_time": 0.2,
    }
    second = client.post("/models/faults/loading-then-ok", json={"inputs": "I love it"})
    assert second.status_code == 200
    assert second.json()[0][0]["label"] == "POSITIVE"
    assert client.get("/status/faults/loading-then-ok").json()["state"] == "Loaded"
    assert client.get("/_fake/counters").json() == {"/models/faults/loading-then-ok": 2}


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"headers": {"X-Wait-For-Model": "true"}, "json": {"inputs": "x"}},
        {"headers": {"x-wait-for-model": "1"}, "json": {"inputs": "x"}},
        {"json": {"inputs": "x", "options": {"wait_for_model": True}}},
    ],
)
def test_loading_wait_for_model(client: httpx.Client, request_kwargs: dict[str, Any]) -> None:
    start = time.monotonic()
    response = client.post("/models/faults/loading-then-ok", **request_kwargs)
    assert response.status_code == 200
    assert time.monotonic() - start >= 0.19


def test_loading_forever_and_unavailable(client: httpx.Client) -> None:
    for _ in range(2):
        response = client.post("/models/faults/loading-forever", json={"inputs": "x"})
        assert response.status_code == 503
        assert response.json()["estimated_time"] == 0.2
    unavailable = client.post("/models/faults/unavailable", json={})
    assert unavailable.status_code == 503
    assert unavailable.headers["content-type"].startswith("text/plain")
    assert unavailable.text == "Service Temporarily Unavailable"


@pytest.mark.parametrize(
    ("name", "retry_after", "recovers"),
    [
        ("rate-limited", "1", True),
        ("rate-limited-forever", "30", False),
        ("rate-limited-no-header", None, True),
    ],
)
def test_rate_limits(
    client: httpx.Client, name: str, retry_after: str | None, recovers: bool
) -> None:
    first = client.post(f"/models/faults/{name}", json={"inputs": "x"})
    assert first.status_code == 429
    assert first.json()["error"].startswith("Rate limit reached")
    assert first.headers.get("retry-after") == retry_after
    second = client.post(f"/models/faults/{name}", json={"inputs": "x"})
    assert second.status_code == (200 if recovers else 429)


@pytest.mark.parametrize(
    ("name", "status", "content_type", "check"),
    [
        ("unprocessable-text", 422, "text/plain", "missing field `inputs` at line 1 column 158"),
        ("bad-gateway-html", 502, "text/html", "<title>502 Bad Gateway</title>"),
        ("html-200", 200, "text/html", "<title>"),
        (
            "unauthorized",
            401,
            "application/json",
            '{"error":"Invalid credentials in Authorization header"}',
        ),
        ("not-found", 404, "application/json", '{"error":"Model faults/not-found does not exist"}'),
        ("overloaded", 429, "application/json", '"error_type":"overloaded"'),
        ("too-busy", 500, "application/json", "Model too busy"),
        ("generation-error", 424, "application/json", '"error_type":"generation"'),
        ("unknown-error", 500, "application/json", '{"error":"unknown error"}'),
        ("no-such-fault", 404, "application/json", "does not exist"),
    ],
)
def test_simple_faults(
    client: httpx.Client, name: str, status: int, content_type: str, check: str
) -> None:
    response = client.post(f"/models/faults/{name}", json={"inputs": "x"})
    assert response.status_code == status
    assert response.headers["content-type"].startswith(content_type)
    assert check in response.text
    if name == "bad-gateway-html":
        assert len(response.content) > 15000


def test_slow_fault_honours_delay_and_timeouts(client: httpx.Client) -> None:
    start = time.monotonic()
    response = client.post("/models/faults/slow?delay=0.2", json={"inputs": "x"})
    assert response.status_code == 200
    assert time.monotonic() - start >= 0.19
    with pytest.raises(httpx.ReadTimeout):
        client.post("/models/faults/slow?delay=1", json={"inputs": "x"}, timeout=0.2)


@pytest.mark.parametrize("suffix", ["", "/v1/chat/completions"])
def test_slow_stream(client: httpx.Client, suffix: str) -> None:
    arrivals = []
    start = time.monotonic()
    with client.stream(
        "POST", f"/models/faults/slow-stream{suffix}?delay=0.15", json={"stream": True}
    ) as response:
        for line in response.iter_lines():
            if line.startswith("data:"):
                arrivals.append(time.monotonic() - start)
    assert len(arrivals) == 3
    assert arrivals[0] < arrivals[1] - 0.1
    assert arrivals[2] >= 0.28


@pytest.mark.parametrize("suffix", ["", "/v1/chat/completions"])
def test_stream_cut_raises_remote_protocol_error(client: httpx.Client, suffix: str) -> None:
    received: list[str] = []
    path = f"/models/faults/stream-cut{suffix}"
    with client.stream("POST", path, json={"stream": True}) as response:
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):  # noqa: PT012
            for line in response.iter_lines():
                received.append(line)
    assert len([line for line in received if line]) == 3


@pytest.mark.parametrize("suffix", ["", "/v1/chat/completions"])
@pytest.mark.parametrize(
    ("name", "tokens", "tail"),
    [
        (
            "stream-error-tgi",
            2,
            [
                'data:{"error":"Request failed during generation: Server error: out of memory",'
                '"error_type":"generation"}'
            ],
        ),
        (
            "stream-error-openai",
            2,
            ['data: {"error":{"message":"Input validation error: `inputs` tokens', "data: [DONE]"],
        ),
        (
            "stream-error-object",
            2,
            ['data: {"object":"error","message":"This model', "data: [DONE]"],
        ),
        (
            "stream-error-llamacpp",
            0,
            [
                'error: {"code":400,"message":"the request exceeds the available context size",'
                '"type":"exceed_context_size_error"}',
                "data: [DONE]",
            ],
        ),
    ],
)
def test_stream_error_faults(
    client: httpx.Client, suffix: str, name: str, tokens: int, tail: list[str]
) -> None:
    response = client.post(f"/models/faults/{name}{suffix}", json={"stream": True})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    lines = [line for line in response.text.split("\n") if line]
    assert len(lines) == tokens + len(tail)
    for line, expected in zip(lines[tokens:], tail, strict=True):
        assert line.startswith(expected)
    key = "delta" if suffix else "token"
    for line in lines[:tokens]:
        assert key in line


def test_fault_ok_answer_for_other_task_and_chat(client: httpx.Client) -> None:
    client.post("/models/faults/rate-limited?task=summarization", json={"inputs": "A b. C d."})
    ok = client.post("/models/faults/rate-limited?task=summarization", json={"inputs": "A b. C d."})
    assert ok.json() == [{"summary_text": "A b."}]
    body = {"messages": [{"role": "user", "content": "hey"}]}
    path = "/models/faults/loading-then-ok/v1/chat/completions"
    assert client.post(path, json=body).status_code == 503
    assert client.post(path, json=body).json()["choices"][0]["message"]["content"] == "Echo: hey"


# -- error shapes and SSE framings ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_error_shapes(client: httpx.Client, name: str) -> None:
    shape = SHAPES[name]
    response = client.post(f"/errors/{name}")
    assert response.status_code == shape.status
    if shape.media_type == "application/json":
        assert response.json() == shape.body
    elif name == "empty":
        assert response.content == b""
        assert "content-type" not in response.headers
    else:
        assert response.headers["content-type"].startswith(shape.media_type.split(";")[0])
        body = response.json() if name == "problem-json" else response.text
        assert body == shape.body
    for header, value in shape.headers.items():
        assert response.headers[header] == value
    assert client.get(f"/errors/{name}?status=418").status_code == 418


@pytest.mark.parametrize("name", FRAMING_NAMES)
def test_framings_carry_the_same_content(client: httpx.Client, name: str) -> None:
    response = client.post(f"/framings/{name}/v1/chat/completions")
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.content)
    chunks = [json.loads(e) for e in events if e != "[DONE]"]
    assert len(chunks) == 8
    assert chat_text(chunks) == FRAMING_TEXT
    assert (events[-1] == "[DONE]") is (name != "no-done")


def test_framing_wire_details(client: httpx.Client) -> None:
    def raw(name: str) -> bytes:
        return client.post(f"/framings/{name}/v1/chat/completions").content

    assert raw("nospace").startswith(b"data:{")
    assert raw("nospace").endswith(b"data:[DONE]\n\n")
    assert raw("crlf").endswith(b"data: [DONE]\r\n\r\n")
    assert raw("done-nospace").endswith(b"}\n\ndata:[DONE]\n\n")
    assert raw("no-trailing-blank-line").endswith(b"data: [DONE]")
    assert b": keep-alive\n\n" in raw("comments-keepalive")
    assert raw("fields").startswith(b"retry: 3000\n\nevent: message\nid: 0\ndata: ")
    assert raw("multiline-data").count(b"data: ") > 8 * 5
    assert FRAMING_TEXT.encode() not in raw("space")
    assert "wörld".encode() in raw("space")


def test_tiny_chunks_split_multibyte_characters(client: httpx.Client) -> None:
    with client.stream("POST", "/framings/tiny-chunks/v1/chat/completions") as response:
        pieces = list(response.iter_raw())
    assert len(pieces) > 100
    assert all(len(p) <= 3 for p in pieces)
    undecodable = 0
    for piece in pieces:
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
    assert undecodable > 0
    assert b"".join(pieces) == client.post("/framings/space/v1/chat/completions").content
