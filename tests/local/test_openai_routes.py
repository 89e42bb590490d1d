"""OpenAI-style routes for other clients: `/v1/embeddings`, `/v1/models`, and errors in the
shape the OpenAI SDK reads."""

from __future__ import annotations

import base64

import httpx
import numpy as np

from tests.local.helpers import need

E5 = "local/e5-small"
TEXTS = ["A man is eating pasta.", "A man eats food.", "Stocks fell sharply."]


def test_embeddings_as_floats_and_base64(client: httpx.Client) -> None:
    need(E5)
    plain = client.post("/v1/embeddings", json={"model": E5, "input": TEXTS}).json()
    assert plain["object"] == "list"
    assert plain["model"] == E5
    assert [row["index"] for row in plain["data"]] == [0, 1, 2]
    vectors = np.array([row["embedding"] for row in plain["data"]])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert plain["usage"]["prompt_tokens"] == plain["usage"]["total_tokens"] > 0
    body = {"model": E5, "input": TEXTS[0], "encoding_format": "base64"}
    packed = client.post("/v1/embeddings", json=body).json()["data"][0]["embedding"]
    unpacked = np.frombuffer(base64.b64decode(packed), dtype="<f4")
    np.testing.assert_allclose(unpacked, vectors[0], atol=1e-6)


def test_embeddings_under_the_model_path_and_with_a_foreign_model_name(
    client: httpx.Client,
) -> None:
    need(E5)
    direct = client.post(f"/models/{E5}/v1/embeddings", json={"input": "hello"}).json()
    foreign = client.post(
        "/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hello"}
    ).json()
    assert direct["model"] == foreign["model"] == E5
    assert direct["data"][0]["embedding"] == foreign["data"][0]["embedding"]


def test_openai_routes_answer_errors_in_openai_shape(client: httpx.Client) -> None:
    empty = client.post("/v1/embeddings", json={"input": []})
    assert empty.status_code == 422
    assert empty.json() == {
        "error": {
            "message": "'input' must be a string or a non-empty list of strings",
            "type": "invalid_request_error",
            "code": 422,
        }
    }
    sized = client.post("/v1/embeddings", json={"input": "x", "dimensions": 64})
    assert "fixed size" in sized.json()["error"]["message"]
    wizard = client.post("/v1/chat/completions", json={"messages": [{"role": "wizard"}]})
    assert wizard.status_code == 422
    assert wizard.json()["error"]["message"].startswith("Each message needs a role")
    # The HF routes keep the HF shape.
    hf = client.post(f"/models/{E5}", json={"inputs": ""})
    assert hf.json() == {"error": "The input text is empty"}


def test_models_lists_chat_then_embeddings(client: httpx.Client) -> None:
    ids = [model["id"] for model in client.get("/v1/models").json()["data"]]
    assert ids == ["local/smollm2-135m-instruct", E5]
