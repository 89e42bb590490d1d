"""Invalid parameters raise ValidationError before any request is sent."""

from __future__ import annotations

import httpx
import pytest

from playground.client import InferenceClient, ValidationError


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
        lambda c: c.chat_completion("a bare string"),
        lambda c: c.chat_completion([{"role": "robot", "content": "hi"}]),
        lambda c: c.question_answering("", "context"),
        lambda c: c.text_to_image(""),
    ],
)
def test_bad_inputs_are_refused_before_sending(client: InferenceClient, call: object) -> None:
    with pytest.raises(ValidationError):
        call(client)  # type: ignore[operator]
