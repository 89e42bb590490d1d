"""Clients pointed at the fake inference server, and a view of what it received."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from playground.client import AsyncInferenceClient, InferenceClient


@pytest.fixture
def fake(fake_server: str) -> str:
    """The fake server's base URL, with its request log and counters reset."""
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


@pytest.fixture
def sent(fake: str) -> Callable[[], list[dict[str, Any]]]:
    """The requests the fake server received since this test began."""
    return lambda: httpx.get(f"{fake}/_fake/requests").json()  # type: ignore[no-any-return]


@pytest.fixture
def client(fake: str) -> Iterator[InferenceClient]:
    with InferenceClient(token=False, inference_endpoint=fake, timeout=20) as sync_client:
        yield sync_client


@pytest.fixture
async def aclient(fake: str) -> AsyncIterator[AsyncInferenceClient]:
    async with AsyncInferenceClient(token=False, inference_endpoint=fake, timeout=20) as a:
        yield a
