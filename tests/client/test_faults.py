"""Every fault a real server produces reaches the caller as the right error, with retries where
they help and never forever."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from playground.client import (
    AsyncInferenceClient,
    AuthenticationError,
    BadRequestError,
    ConnectionFailedError,
    GenerationError,
    InferenceClient,
    InferenceTimeoutError,
    ModelLoadingError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    StreamInterruptedError,
    WaitInfo,
)

Sent = Callable[[], list[dict[str, Any]]]


def faulty(fake: str, **kwargs: Any) -> InferenceClient:
    return InferenceClient(token=False, inference_endpoint=fake, **kwargs)


def test_loading_then_ok_retries_with_wait_header(fake: str, sent: Sent) -> None:
    waits: list[WaitInfo] = []
    with faulty(fake, on_wait=waits.append) as client:
        result = client.text_classification("I love it", model="faults/loading-then-ok")
    assert result[0].label == "POSITIVE"
    first, second = sent()
    # a caller with a countdown asks not to be held at first (our local server would hold it)
    assert first["headers"]["x-wait-for-model"] == "false"
    assert second["headers"]["x-wait-for-model"] == "true"
    (wait,) = waits
    assert (wait.reason, wait.estimated_time, wait.attempt) == ("loading", 0.2, 1)


def test_wait_for_model_option_sends_the_header_first(fake: str, sent: Sent) -> None:
    with faulty(fake) as client:
        client.text_classification(
            "x",
            model="faults/loading-then-ok",
            options={"wait_for_model": True, "use_cache": False},
        )
    (request,) = sent()
    assert request["headers"]["x-wait-for-model"] == "true"
    assert request["headers"]["x-use-cache"] == "false"


def test_loading_forever_stops_at_the_deadline(fake: str) -> None:
    started = time.monotonic()
    with (
        faulty(fake, timeout=1.5) as client,
        pytest.raises(InferenceTimeoutError, match="still loading"),
    ):
        client.text_classification("x", model="faults/loading-forever")
    assert time.monotonic() - started < 4


def test_retry_on_error_off_raises_loading_at_once(fake: str, sent: Sent) -> None:
    with faulty(fake, retry_on_error=False) as client, pytest.raises(ModelLoadingError) as error:
        client.text_classification("x", model="faults/loading-then-ok")
    assert error.value.estimated_time == 0.2
    assert len(sent()) == 1


def test_rate_limit_honours_retry_after(fake: str) -> None:
    waits: list[WaitInfo] = []
    started = time.monotonic()
    with faulty(fake, on_wait=waits.append) as client:
        assert client.text_classification("good", model="faults/rate-limited")[0].label
    assert time.monotonic() - started >= 0.9
    assert [(w.reason, w.wait_seconds) for w in waits] == [("rate_limited", 1.0)]


def test_rate_limit_longer_than_the_deadline_raises(fake: str, sent: Sent) -> None:
    with faulty(fake, timeout=5) as client, pytest.raises(RateLimitError) as error:
        client.text_classification("x", model="faults/rate-limited-forever")
    assert error.value.retry_after == 30.0
    assert "Rate limit reached" in str(error.value)
    assert len(sent()) == 1


def test_rate_limit_without_header_backs_off(fake: str) -> None:
    with faulty(fake) as client:
        assert client.text_classification("x", model="faults/rate-limited-no-header")


def test_plain_503_is_retried_a_little_then_raised(fake: str, sent: Sent) -> None:
    with (
        faulty(fake) as client,
        pytest.raises(ServerError, match="Service Temporarily Unavailable") as error,
    ):
        client.text_classification("x", model="faults/unavailable")
    assert not isinstance(error.value, ModelLoadingError)
    assert len(sent()) == 3


@pytest.mark.parametrize(
    ("fault", "error_class", "message"),
    [
        ("unprocessable-text", BadRequestError, "missing field `inputs`"),
        ("bad-gateway-html", ServerError, "502 Bad Gateway"),
        ("unauthorized", AuthenticationError, "Invalid credentials"),
        ("not-found", NotFoundError, "Model faults/not-found does not exist"),
        ("too-busy", ServerError, "Model too busy"),
        ("generation-error", GenerationError, "CUDA out of memory"),
        ("overloaded", RateLimitError, "Model is overloaded"),
    ],
)
def test_error_statuses(fake: str, fault: str, error_class: type, message: str) -> None:
    with faulty(fake, retry_on_error=False) as client, pytest.raises(error_class) as error:
        client.text_classification("x", model=f"faults/{fault}")
    assert message in error.value.server_message
    assert error.value.request_id
    assert error.value.request_id.startswith("fake-")
    assert error.value.body


def test_html_with_200_is_a_format_error(fake: str) -> None:
    with faulty(fake) as client, pytest.raises(ResponseFormatError, match="text/html"):
        client.text_classification("x", model="faults/html-200")


def test_timeout(fake: str) -> None:
    with faulty(fake, timeout=0.5) as client, pytest.raises(InferenceTimeoutError) as error:
        client.post(json={"inputs": "x"}, model=f"{fake}/models/faults/slow?delay=3")
    assert isinstance(error.value, TimeoutError)


def test_connection_refused_names_the_url() -> None:
    with (
        InferenceClient("http://127.0.0.1:9/generate", token=False) as client,
        pytest.raises(ConnectionFailedError, match=r"127\.0\.0\.1:9.*connection refused"),
    ):
        client.text_generation("x")


def test_dns_failure_names_the_url() -> None:
    with (
        InferenceClient("http://no-such-host.invalid/x", token=False) as client,
        pytest.raises(ConnectionFailedError, match=r"no-such-host\.invalid"),
    ):
        client.text_classification("x")


def test_stream_cut_midway(fake: str) -> None:
    with faulty(fake) as client:
        stream = client.text_generation("x", model="faults/stream-cut", stream=True)
        received = []
        with pytest.raises(StreamInterruptedError):
            received.extend(stream)
    assert received == [" The", " answer", " is"]


@pytest.mark.parametrize(
    ("fault", "error_class", "message", "tokens"),
    [
        ("stream-error-tgi", GenerationError, "out of memory", 2),
        ("stream-error-openai", BadRequestError, "must be <= 4096", 2),
        ("stream-error-object", BadRequestError, "maximum context length", 2),
        ("stream-error-llamacpp", BadRequestError, "exceeds the available context size", 0),
    ],
)
def test_errors_inside_a_200_stream(
    fake: str, fault: str, error_class: type, message: str, tokens: int
) -> None:
    with faulty(fake) as client:
        for stream in (
            client.text_generation("x", model=f"faults/{fault}", stream=True),
            client.chat_completion(
                [{"role": "user", "content": "x"}], model=f"faults/{fault}", stream=True
            ),
        ):
            received = []
            with pytest.raises(error_class, match=message) as error:
                received.extend(stream)
            assert error.value.in_stream
            assert len(received) == tokens


def test_stream_validation_error_event_from_tgi(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", token=False)
    stream = client.chat_completion(
        [{"role": "user", "content": "x"}], stream=True, max_tokens=5000
    )
    with pytest.raises(BadRequestError, match="Input validation error"):
        list(stream)
    client.close()


def test_token_never_appears_in_errors(fake: str) -> None:
    secret = "hf_fake_secret_token_for_a_test_0001"
    with InferenceClient(token=secret, inference_endpoint=fake) as client:
        with pytest.raises(NotFoundError) as error:
            client.text_classification("x", model="faults/not-found")
        assert secret not in str(error.value)
        assert secret not in repr(error.value)
        assert secret not in repr(client)


@pytest.mark.anyio
async def test_async_faults(fake: str) -> None:
    async with AsyncInferenceClient(token=False, inference_endpoint=fake) as client:
        assert await client.text_classification("good", model="faults/loading-then-ok")
        with pytest.raises(AuthenticationError):
            await client.text_classification("x", model="faults/unauthorized")
        stream = await client.text_generation("x", model="faults/stream-cut", stream=True)
        with pytest.raises(StreamInterruptedError):
            _ = [token async for token in stream]
