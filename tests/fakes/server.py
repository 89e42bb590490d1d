"""Run an ASGI app with uvicorn in a background thread on a free loopback port."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

STARTUP_TIMEOUT = 5.0
EXPECTED_ABORT = "ASGI callable returned without completing response."


class _DropExpectedAbort(logging.Filter):
    """The `stream-cut` fault ends a response early on purpose; don't log it as an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != EXPECTED_ABORT


def _listening_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    # An explicit IPPROTO_TCP makes asyncio set TCP_NODELAY on accepted connections;
    # with proto 0 every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


@contextmanager
def serving(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, *, tls: tuple[str, str] | None = None
) -> Iterator[str]:
    """Serve `app` on `host` (loopback by default) and yield its base URL (`http://HOST:PORT`,
    or https with `tls=(certfile, keyfile)`)."""
    sock = _listening_socket(host, port)
    certificate = {"ssl_certfile": tls[0], "ssl_keyfile": tls[1]} if tls else {}
    config = uvicorn.Config(
        app,
        lifespan="off",
        ws="none",
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=1,
        timeout_keep_alive=5,
        **certificate,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    log_filter = _DropExpectedAbort()
    logging.getLogger("uvicorn.error").addFilter(log_filter)
    thread.start()
    try:
        _wait_started(server, thread)
        host, port = sock.getsockname()[:2]
        yield f"{'https' if tls else 'http'}://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        logging.getLogger("uvicorn.error").removeFilter(log_filter)
        sock.close()


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fake inference server did not start")
        time.sleep(0.005)
