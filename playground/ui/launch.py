"""Command line → settings → (local server) → app → launch."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .sessions import session_store_options
from .settings import Settings, parse_settings
from .theme import CSS, THEME

__all__ = ["launch_options", "main", "start_local_server"]

log = logging.getLogger(__name__)


def launch_options(settings: Settings) -> dict[str, Any]:
    """The launch() arguments every run uses (tests too): no run history, no share link,
    capped uploads, our theme, a bounded and lean session store (`sessions.py`)."""
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "run_history": False,
        "share": False,
        "max_file_size": f"{settings.max_upload_mb}mb",
        "footer_links": ["api", "settings"],
        "enable_monitoring": False,
        "theme": THEME,
        "css": CSS,
        "ssr_mode": False,
        "show_error": False,
        **session_store_options(),
    }


def start_local_server(settings: Settings) -> tuple[Settings, Any]:
    """Start the embedded local server unless told not to (or given one's URL)."""
    if settings.local_url or not settings.local_server:
        return settings, None
    try:
        from playground.local import start_server
    except ImportError as exc:  # the local tier is optional
        log.warning("The embedded local server is not available: %s", exc)
        return settings, None
    server = start_server(host="127.0.0.1", port=0)
    return replace(settings, local_url=server.url), server


def main(argv: Sequence[str] | None = None) -> None:
    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings, server = start_local_server(parse_settings(argv))
    app = create_app(settings)
    app.queue(default_concurrency_limit=settings.concurrency, max_size=256)
    try:
        app.launch(**launch_options(settings))
    finally:
        if server is not None:
            server.stop()
