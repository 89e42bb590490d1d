"""The fake server's tei openai routes, driven over real loopback."""

from __future__ import annotations

import base64
import json
import struct
from typing import Any

import httpx
import numpy as np
import pytest

from .helpers import chat_text, sse_json

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
