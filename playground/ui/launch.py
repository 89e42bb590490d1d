"""Command line → settings → (local server) → app → launch."""

from __future__ import annotations

import errno
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from starlette.middleware import Middleware

from .ratelimit import VisitorRateLimit
from .redacting import install_log_redaction
from .sessions import session_store_options
from .settings import Settings, parse_settings
from .theme import CSS, THEME

__all__ = ["exposure_warning", "launch_options", "main", "queue_options", "start_local_server"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

log = logging.getLogger(__name__)


def launch_options(settings: Settings) -> dict[str, Any]:
    """The launch() arguments every run uses (tests too): no run history, no share link,
    capped uploads, our theme, a bounded and lean session store (`sessions.py`), and in public
    mode per-visitor rate limits (`ratelimit.py`)."""
    sessions = session_store_options()
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
        **sessions,
        "app_kwargs": {"middleware": _middleware(settings), **sessions.get("app_kwargs", {})},
    }


def _middleware(settings: Settings) -> list[Middleware]:
    if not settings.public:
        return []
    return [Middleware(VisitorRateLimit, trusted_hops=settings.trusted_proxies)]


def queue_options(settings: Settings) -> dict[str, Any]:
    """The queue every run uses. Per-visitor limits (public mode) refuse extra calls at once, so
    the queue only ever holds calls about to run."""
    return {"default_concurrency_limit": settings.concurrency, "max_size": 1024}


def exposure_warning(settings: Settings) -> str | None:
    """A warning when the app listens beyond this machine without public mode's protections."""
    if settings.public or settings.host in LOOPBACK_HOSTS:
        return None
    return (
        f"Listening on {settings.host} without public mode: visitors can make this server call "
        "private addresses (loopback, your network, cloud metadata) and use its HF_TOKEN "
        "without limits. Set PLAYGROUND_PUBLIC=1 (or --public) unless every visitor is trusted."
    )


def start_local_server(settings: Settings) -> tuple[Settings, Any]:
    """Start the embedded local server unless told not to (or given one's URL)."""
    if settings.local_url or not settings.local_server:
        return settings, None
    try:
        from playground.local import start_supervised_server
    except ImportError as exc:  # the local tier is optional
        log.warning("The embedded local server is not available: %s", exc)
        return settings, None
    # Its own process, restarted if it dies: a model's native code can't take the app down.
    try:
        server = start_supervised_server(host="127.0.0.1", port=settings.local_port)
    except OSError as exc:  # the port is taken (another app, or a server already there)
        if not settings.local_port or exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            raise
        log.warning(
            "Port %d is taken, so the local server listens on a free port this time; snippets "
            "name that port. --local-port (PLAYGROUND_LOCAL_PORT) picks another.",
            settings.local_port,
        )
        server = start_supervised_server(host="127.0.0.1", port=0)
    log.info("Local server: %s", server.url)
    return replace(settings, local_url=server.url), server


def main(argv: Sequence[str] | None = None) -> None:
    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = parse_settings(argv)
    install_log_redaction([settings.hf_token or ""])
    warning = exposure_warning(settings)
    if warning:
        log.warning(warning)
    settings, server = start_local_server(settings)
    app = create_app(settings)
    app.queue(**queue_options(settings))
    try:
        app.launch(**launch_options(settings))
    finally:
        if server is not None:
            server.stop()
