"""What task methods promise to a type checker: read by mypy (tests/test_types.py), never run.

Each `ignore[call-overload]` below marks a call that must be rejected: strict mypy reports an
unused ignore, and so fails, if the call ever type-checks.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, assert_type

from playground.client import AsyncInferenceClient, InferenceClient
from playground.client.types import ClassificationOutput

Labels = list[ClassificationOutput]


def sync_methods(client: InferenceClient) -> None:
    assert_type(client.text_classification("great"), Labels)
    assert_type(client.text_classification("great", "some/model", top_k=2), Labels)
    assert_type(client.text_classification("great", options={"use_cache": False}), Labels)
    assert_type(client.health_check(), bool)
    client.text_classification(3)  # type: ignore[call-overload]  # text is a str
    client.text_classification("great", bogus=1)  # type: ignore[call-overload]  # no such keyword
    client.text_classification()  # type: ignore[call-overload]  # text is required


async def async_methods(client: AsyncInferenceClient) -> None:
    assert_type(client.text_classification("great"), Awaitable[Labels])
    assert_type(await client.text_classification("great"), Labels)
    assert_type(await client.text_classification("great", options=None), Labels)
    client.text_classification(3)  # type: ignore[call-overload]  # text is a str


def builders_with_kwargs(client: InferenceClient) -> Any:
    # A builder taking **kwargs (see task_method.__init__) still gets its parameters checked.
    client.text_to_image(3)  # type: ignore[call-overload]  # prompt is a str
    return client.text_to_image("a cat", guidance_scale=7.5, extra="passed through")
