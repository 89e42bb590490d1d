"""Every error-body shape of protocol §2.4 gives the server's own message and the right class."""

from __future__ import annotations

import json

import httpx
import pytest

from playground.client.error_mapping import (
    error_from_response,
    error_from_stream_event,
    extract_server_message,
    parse_retry_after,
    transport_errors,
)
from playground.client.errors import (
    AuthenticationError,
    BadRequestError,
    ConnectionFailedError,
    GenerationError,
    HTTPError,
    InferenceTimeoutError,
    ModelLoadingError,
    NotFoundError,
    RateLimitError,
    ServerError,
    StreamInterruptedError,
)

URL = "https://router.huggingface.co/hf-inference/models/org/model"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": "Input is too long"}, "Input is too long"),
        ({"error": ["field a: required", "field b: bad"]}, "field a: required; field b: bad"),
        ({"error": {"message": "bad key", "type": "invalid_request_error"}}, "bad key"),
        ({"object": "error", "message": "vllm said no", "type": "BadRequestError"}, "vllm said no"),
        ({"detail": "Not authenticated"}, "Not authenticated"),
        ({"detail": [{"loc": ["body"], "msg": "field required"}]}, "field required"),
        ({"message": "mistral gateway"}, "mistral gateway"),
        ({"detail": "Invalid input", "status": 422, "title": "Unprocessable"}, "Invalid input"),
        (
            {"error": "Input validation error: x", "error_type": "Validation"},
            "Input validation error: x",
        ),
        ({"message": "batch too big", "code": 422, "error_type": "Validation"}, "batch too big"),
        ({"error_description": "token expired"}, "token expired"),
        ({"errors": [{"message": "first"}, {"message": "second"}]}, "first; second"),
    ],
)
def test_json_error_shapes(body: object, message: str) -> None:
    assert extract_server_message(json.dumps(body)) == message


def test_x_error_message_header_wins() -> None:
    assert extract_server_message('{"error": "body"}', {"x-error-message": "header"}) == "header"


def test_html_is_reduced_to_its_title() -> None:
    html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" + "x" * 5000
    assert extract_server_message(html + "</body></html>") == "502 Bad Gateway"


def test_plain_text_and_empty_bodies() -> None:
    text = "Failed to deserialize the JSON body into the target type: missing field `inputs`"
    assert extract_server_message(text) == text
    assert extract_server_message("") == ""


def test_long_messages_are_shortened() -> None:
    assert len(extract_server_message(json.dumps({"error": "y" * 5000}))) <= 500


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (413, BadRequestError),
        (422, BadRequestError),
        (424, GenerationError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (418, HTTPError),
    ],
)
def test_status_classes(status: int, error_class: type[HTTPError]) -> None:
    error = error_from_response(status, {"x-request-id": "req-1"}, '{"error": "nope"}', URL)
    assert type(error) is error_class
    assert error.status_code == status
    assert error.request_id == "req-1"
    assert error.server_message == "nope"
    assert "router.huggingface.co" in str(error)
    assert "nope" in str(error)


def test_loading_503_carries_estimate() -> None:
    body = '{"error": "Model org/model is currently loading", "estimated_time": 20.5}'
    error = error_from_response(503, {}, body, URL)
    assert isinstance(error, ModelLoadingError)
    assert error.estimated_time == 20.5


def test_503_without_loading_body_is_not_loading() -> None:
    error = error_from_response(503, {}, "Service Temporarily Unavailable", URL)
    assert type(error) is ServerError


def test_429_retry_after() -> None:
    error = error_from_response(429, {"Retry-After": "3"}, '{"error": "slow down"}', URL)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 3.0
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert parse_retry_after({"retry-after": "soon"}) is None


@pytest.mark.parametrize(
    ("event", "error_class", "message"),
    [
        ({"error": "out of memory", "error_type": "generation"}, GenerationError, "out of memory"),
        (
            {"error": "Input validation error", "error_type": "validation"},
            BadRequestError,
            "Input validation error",
        ),
        (
            {"error": "Model is overloaded", "error_type": "overloaded"},
            RateLimitError,
            "Model is overloaded",
        ),
        (
            {"error": {"message": "too many tokens", "http_status_code": 422}},
            BadRequestError,
            "too many tokens",
        ),
        (
            {"object": "error", "message": "bad", "type": "BadRequestError", "code": 400},
            BadRequestError,
            "bad",
        ),
    ],
)
def test_stream_error_events(event: dict[str, object], error_class: type, message: str) -> None:
    error = error_from_stream_event(event, URL)
    assert isinstance(error, error_class)
    assert error.in_stream
    assert error.server_message == message


def test_normal_events_are_not_errors() -> None:
    assert error_from_stream_event({"token": {"text": "a"}, "error": None}, URL) is None


def _raise(exc: Exception) -> None:
    with transport_errors("http://127.0.0.1:9/x"):
        raise exc


def test_transport_errors_are_mapped_with_the_url() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:9/x")
    with pytest.raises(InferenceTimeoutError) as timeout:
        _raise(httpx.ReadTimeout("slow", request=request))
    assert isinstance(timeout.value, TimeoutError)
    with pytest.raises(ConnectionFailedError, match="connection refused") as refused:
        _raise(httpx.ConnectError("[Errno 111] Connection refused", request=request))
    assert refused.value.url == "http://127.0.0.1:9/x"
    with pytest.raises(ConnectionFailedError, match="DNS"):
        _raise(httpx.ConnectError("[Errno -2] Name or service not known", request=request))
    with pytest.raises(ConnectionFailedError, match="TLS"):
        _raise(
            httpx.ConnectError(
                "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", request=request
            )
        )
    with pytest.raises(StreamInterruptedError):
        _raise(httpx.RemoteProtocolError("peer closed connection", request=request))


@pytest.mark.parametrize(
    ("server_message", "ending"),
    [
        ("No local model for this task.", "for this task. Check"),
        ("Is it there?", "there? Check"),
        ("no full stop", "no full stop. Check"),
    ],
)
def test_one_full_stop_after_the_servers_own_sentence(server_message: str, ending: str) -> None:
    body = json.dumps({"error": server_message})
    error = error_from_response(404, {}, body, "http://127.0.0.1:8080/models/x")
    assert ending in str(error)
    assert ".." not in str(error)
    streamed = error_from_stream_event({"error": server_message}, "http://h/x")
    assert streamed is not None
    assert ".." not in str(streamed)
