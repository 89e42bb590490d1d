"""The fake server's tgi routes, driven over real loopback."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from .helpers import CONTINUATION, b64, chat_text, png, sse_events, sse_json

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
