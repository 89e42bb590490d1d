"""A real local server on 127.0.0.1 for the whole session: real models over real HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from playground.local import LocalServer, start_server
from tests.local.helpers import WAIT


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    running = start_server()
    yield running
    running.stop()
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session")
def client(server: LocalServer) -> Iterator[httpx.Client]:
    """Waits for cold models (x-wait-for-model), as the playground's client does on retry."""
    with httpx.Client(base_url=server.url, timeout=300, headers=WAIT) as http:
        yield http
