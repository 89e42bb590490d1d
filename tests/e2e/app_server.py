"""The real app over loopback, for the browser and security tests: where screenshots go, a free
port, the app built and launched, and what a running playground exposes."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground.ui.app import create_app
from playground.ui.launch import launch_options
from playground.ui.settings import Settings

__all__ = ["ARTIFACTS", "Running", "free_port", "launch_app"]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def launch_app(settings: Settings) -> Any:
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
