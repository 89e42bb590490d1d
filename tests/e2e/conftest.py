"""The real app launched over loopback: aimed at the fake server (Hugging Face target) and with
the embedded local server running real models."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from playground.ui.app import create_app
from playground.ui.launch import launch_options, start_local_server
from playground.ui.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def app_url(fake_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The playground, Hugging Face target pointed at the fake server, local server started."""
    os.environ["GRADIO_TEMP_DIR"] = str(tmp_path_factory.mktemp("gradio"))
    settings = Settings(port=free_port(), target="hf", hf_endpoint=fake_server, concurrency=8)
    settings, local = start_local_server(settings)
    app = create_app(settings)
    app.queue(default_concurrency_limit=settings.concurrency)
    options = {**launch_options(settings), "prevent_thread_lock": True, "quiet": True}
    app.launch(**options)
    try:
        yield f"http://127.0.0.1:{settings.port}/"
    finally:
        app.close()
        if local is not None:
            local.stop()


@pytest.fixture(scope="session")
def settings_for_tests(fake_server: str) -> Settings:
    return replace(Settings(), hf_endpoint=fake_server)
