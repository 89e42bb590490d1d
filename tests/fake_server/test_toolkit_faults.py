"""The fake server's toolkit faults routes, driven over real loopback."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx
import pytest

from .helpers import audio, b64, png

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
