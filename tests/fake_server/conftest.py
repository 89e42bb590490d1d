"""The fake inference server over real loopback, one per test module."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes import create_app, serving


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def shared_client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        yield c


@pytest.fixture
def client(shared_client: httpx.Client) -> httpx.Client:
    shared_client.post("/_fake/reset")
    return shared_client
