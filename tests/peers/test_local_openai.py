"""The OpenAI SDK against `python -m playground.local`: chat (plain, streamed), completions and
embeddings, called cold and without retries, and the server's errors as the SDK raises them."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from tests.local.helpers import need

openai = pytest.importorskip("openai", reason="test-only dependency")
CHAT_MODEL, EMBEDDING_MODEL = "local/smollm2-135m-instruct", "local/e5-small"
HELLO = [{"role": "user", "content": "Say hello."}]


@pytest.fixture(scope="module")
def sdk(local_process: str) -> Iterator[openai.OpenAI]:
    # No retries: the first call to a cold model must be answered, not retried.
    with openai.OpenAI(
        base_url=f"{local_process}/v1", api_key="not-needed", max_retries=0, timeout=120
    ) as client:
        yield client


def test_models_are_listed(sdk: openai.OpenAI) -> None:
    assert {CHAT_MODEL, EMBEDDING_MODEL} <= {model.id for model in sdk.models.list()}


def test_chat_plain_and_streamed(sdk: openai.OpenAI) -> None:
    need(CHAT_MODEL)
    reply = sdk.chat.completions.create(model=CHAT_MODEL, messages=HELLO, max_tokens=10)
    assert reply.choices[0].message.content.strip()
    assert reply.choices[0].finish_reason in ("stop", "length")
    assert reply.usage.completion_tokens <= 10
    stream = sdk.chat.completions.create(
        model=CHAT_MODEL,
        messages=HELLO,
        max_tokens=10,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert text.strip()
    assert chunks[-1].usage.completion_tokens <= 10


def test_completions(sdk: openai.OpenAI) -> None:
    need(CHAT_MODEL)
    completion = sdk.completions.create(model=CHAT_MODEL, prompt="Once upon a time", max_tokens=8)
    assert completion.choices[0].text.strip()
    assert completion.usage.completion_tokens <= 8


def test_embeddings(sdk: openai.OpenAI) -> None:
    """The SDK asks for base64 unless told otherwise: both encodings give the same vectors."""
    need(EMBEDDING_MODEL)
    texts = ["A man is eating pasta.", "A man eats food.", "Stocks fell sharply."]
    encoded = sdk.embeddings.create(model=EMBEDDING_MODEL, input=texts)
    plain = sdk.embeddings.create(model=EMBEDDING_MODEL, input=texts, encoding_format="float")
    vectors = np.array([row.embedding for row in encoded.data])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(vectors, [row.embedding for row in plain.data], atol=1e-6)
    similarity = vectors @ vectors[0]
    assert similarity[1] > similarity[2]


@pytest.mark.parametrize(
    ("messages", "says"),
    [
        ([{"role": "wizard", "content": "hi"}], "Each message needs a role"),
        ("hello", "'messages' must be a non-empty list"),
    ],
)
def test_the_servers_errors_reach_the_sdk(sdk: openai.OpenAI, messages: object, says: str) -> None:
    with pytest.raises(openai.UnprocessableEntityError, match=says):
        sdk.chat.completions.create(model=CHAT_MODEL, messages=messages)  # type: ignore[arg-type]
