"""Invalid parameters raise ValidationError before any request is sent; what the server
should judge is sent as given, and its own answer surfaces."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from playground.client import BadRequestError, InferenceClient, ValidationError
from playground.local import start_server


@pytest.fixture
def client() -> InferenceClient:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"a request was sent: {request.url}")

    return InferenceClient("http://127.0.0.1:9/generate", transport=httpx.MockTransport(refuse))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"best_of": 0}, "`best_of` must be strictly positive"),
        ({"best_of": 2, "do_sample": True, "seed": 1}, "`seed` must not be set"),
        ({"best_of": 2}, "you must use sampling"),
        ({"best_of": 2, "do_sample": True, "stream": True}, "not supported when `stream`"),
        ({"repetition_penalty": 0}, "`repetition_penalty` must be strictly positive"),
        ({"temperature": 0.0}, "`temperature` must be strictly positive"),
        ({"top_k": 0}, "`top_k` must be strictly positive"),
        ({"top_p": 1.0}, "`top_p` must be > 0.0 and < 1.0"),
        ({"typical_p": 0.0}, "`typical_p` must be > 0.0 and < 1.0"),
        ({"truncate": 0}, "`truncate` must be strictly positive"),
        ({"seed": -1}, "`seed` must be positive"),
        ({"max_new_tokens": 0}, "`max_new_tokens` must be strictly positive"),
        ({"decoder_input_details": True, "stream": True}, "`decoder_input_details`"),
    ],
)
def test_text_generation_parameters(
    client: InferenceClient, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        client.text_generation("hello", **kwargs)  # type: ignore[arg-type]


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.text_classification("  "),
        lambda c: c.zero_shot_classification("text", ["only one"]),
        lambda c: c.zero_shot_image_classification(b"\x89PNG", ["one"]),
        lambda c: c.translation("hi", src_lang="en"),
        lambda c: c.table_question_answering({"a": ["1"], "b": ["1", "2"]}, "q"),
        lambda c: c.tabular_classification({"a": ["1"], "b": ["1", "2"]}, model="m"),
        lambda c: c.sentence_similarity("a", []),
        lambda c: c.chat_completion([{"role": "user", "content": object()}]),
        lambda c: c.chat_completion([{"role": "user", "content": "hi"}], extra_body={"x": {1j}}),
        lambda c: c.question_answering("", "context"),
        lambda c: c.text_to_image(""),
    ],
)
def test_bad_inputs_are_refused_before_sending(client: InferenceClient, call: object) -> None:
    with pytest.raises(ValidationError):
        call(client)  # type: ignore[operator]


@pytest.fixture(scope="module")
def local_url() -> Iterator[str]:
    """The real local server (chat input is checked before any model loads)."""
    server = start_server()
    yield server.url
    server.stop()


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        ("a bare string", "'messages' must be a non-empty list"),
        ([{"role": "robot", "content": "hi"}], "Each message needs a role"),
        ([], "'messages' must be a non-empty list"),
        ([{"content": "no role"}], "Each message needs a role"),
    ],
)
def test_chat_messages_are_judged_by_the_server(
    local_url: str, messages: Any, message: str
) -> None:
    client = InferenceClient(local_url, timeout=30)
    with client, pytest.raises(BadRequestError, match=message) as caught:
        client.chat_completion(messages, max_tokens=5)
    assert caught.value.status_code == 422


def test_chat_sends_the_messages_as_given(fake: str, sent: Any) -> None:
    client = InferenceClient(f"{fake}/openai", token=False, timeout=20)
    with client, pytest.raises(BadRequestError, match="Invalid type for 'messages'"):
        client.chat_completion("a bare string", model="gpt-fake")  # type: ignore[arg-type]
    [request] = sent()
    assert request["json"]["messages"] == "a bare string"
