"""The real app launched over loopback: aimed at the fake server (Hugging Face target) and with
the embedded local server running real models."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from playground.ui.launch import start_local_server
from playground.ui.settings import Settings

from .app_server import Running, free_port, launch_app


@pytest.fixture(scope="session")
def playground(fake_server: str) -> Iterator[Running]:
    """The playground, Hugging Face target pointed at the fake server, local server started."""
    settings = Settings(
        port=free_port(), target="hf", hf_endpoint=fake_server, concurrency=8, local_port=0
    )
    settings, local = start_local_server(settings)
    app = asyncio.run(launch_app(settings))
    try:
        yield Running(f"http://127.0.0.1:{settings.port}/", settings.local_url, fake_server)
    finally:
        app.close()
        if local is not None:
            local.stop()


@pytest.fixture(scope="module")
def local_ready(playground: Running) -> set[str]:
    """Local models whose packages are installed here."""
    if not playground.local_url:
        return set()
    models = httpx.get(f"{playground.local_url}/models", timeout=30).json()
    return {model["id"] for model in models if model.get("state") != "Unavailable"}


@pytest.fixture(scope="session")
def app_url(playground: Running) -> str:
    return playground.url
