"""Running the local server with uvicorn, in a background thread or in the foreground."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from starlette.applications import Starlette

from .app import create_app


class LocalServer:
    """A uvicorn server on a background thread. `url` is its base URL; `stop()` shuts it down."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        app: Starlette | None = None,
    ) -> None:
        self.sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.host, self.port = host, self.sock.getsockname()[1]
        config = uvicorn.Config(
            app or create_app(), log_level=log_level, timeout_graceful_shutdown=5, lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self.sock]},
            daemon=True,
            name="playground-local-server",
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 30.0) -> LocalServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the local server did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(
    host: str = "127.0.0.1", port: int = 0, app: Starlette | None = None
) -> LocalServer:
    """Start the local server in a background thread (models load lazily) and return it."""
    return LocalServer(host, port, app=app).start()


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    log_level: str = "info",
    hold: float | None = None,
    fd: int | None = None,
) -> None:
    """Run the local server in the foreground until interrupted. `hold`: seconds a request
    for a cold model waits for it to load before a 503 (the app's default when None). `fd`:
    serve on this inherited listening socket instead of binding `host:port` (supervisor)."""
    app = create_app() if hold is None else create_app(hold=hold)
    if fd is None:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    config = uvicorn.Config(app, log_level=log_level, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[socket.socket(fileno=fd)])
