"""The real app launched over loopback: aimed at the fake server (Hugging Face target) and with
the embedded local server running real models."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from playground.ui.app import create_app
from playground.ui.launch import launch_options, start_local_server
from playground.ui.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _build_and_launch(settings: Settings) -> Any:
    """Built and launched inside a running loop, Gradio doesn't create (and leak) event loops
    of its own for its locks; its server runs on its own thread anyway."""
    app = create_app(settings)
    app.queue(default_concurrency_limit=settings.concurrency)
    app.launch(**{**launch_options(settings), "prevent_thread_lock": True, "quiet": True})
    return app


@dataclass(frozen=True)
class Running:
    url: str
    local_url: str | None
    fake_url: str


@pytest.fixture(scope="session")
def playground(fake_server: str) -> Iterator[Running]:
    """The playground, Hugging Face target pointed at the fake server, local server started."""
    settings = Settings(
        port=free_port(), target="hf", hf_endpoint=fake_server, concurrency=8, local_port=0
    )
    settings, local = start_local_server(settings)
    app = asyncio.run(_build_and_launch(settings))
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
