"""The local server in its own process, restarted if it dies.

The local models run native code (llama.cpp, onnxruntime, Piper, spaCy...). In the app's
process, one model's crash or out-of-memory kill takes the whole app down. Supervised, the
server runs as `python -m playground.local` in a child process that serves a listening socket
the supervisor owns: the URL never changes, and requests that arrive while the child restarts
wait in the socket's backlog instead of being refused. A watcher thread restarts the child when
it exits, or when it stops answering `/health`.

    from playground.local import start_supervised_server
    server = start_supervised_server()   # like start_server(): .url, .stop()
    server.health()                      # True when /health answers 200
    server.restarts                      # how many times the child was restarted
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .manager import DEFAULT_HOLD

__all__ = ["SupervisedServer", "start_supervised_server"]

log = logging.getLogger(__name__)
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class SupervisedServer:
    """`python -m playground.local` in a child process, kept alive by a watcher thread.

    Args:
        host, port: where to listen (port 0: a free one, chosen once for every restart).
        hold: seconds a request for a cold model waits for it to load (see `create_app`).
        interval: seconds between health checks.
        failures: consecutive failed health checks after which a hung child is killed.
        log_level: the child's uvicorn log level.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        hold: float = DEFAULT_HOLD,
        interval: float = 5.0,
        failures: int = 3,
        log_level: str = "warning",
    ) -> None:
        self.sock = socket.create_server((host, port), backlog=256)
        self.host, self.port = host, self.sock.getsockname()[1]
        self.hold, self.interval, self.failures = hold, interval, failures
        self.log_level = log_level
        self.restarts = 0
        self.started = 0.0
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watcher = threading.Thread(
            target=self._watch, daemon=True, name="playground-local-supervisor"
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 60.0) -> SupervisedServer:
        """Start the child and wait until it answers; then watch it."""
        self._spawn()
        if not self._wait_healthy(timeout):
            self.stop()
            raise RuntimeError(f"the local server did not start on {self.url}")
        self._watcher.start()
        return self

    def health(self, timeout: float = 5.0) -> bool:
        """True when the server answers `/health` with 200 within `timeout` seconds."""
        try:
            return httpx.get(f"{self.url}/health", timeout=timeout).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        """Stop watching, stop the child (what it runs stops with it), close the socket."""
        self._stopping.set()
        if self._watcher.is_alive():
            self._watcher.join(timeout=30)
        self._end_child()
        self.sock.close()

    def __enter__(self) -> SupervisedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self) -> None:
        command = [sys.executable, "-m", "playground.local", "--fd", str(self.sock.fileno())]
        command += ["--parent", str(os.getpid()), "--log-level", self.log_level]
        command += ["--load-timeout", str(self.hold)]
        path = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            command,
            pass_fds=(self.sock.fileno(),),
            env={**os.environ, "PYTHONPATH": path},
            start_new_session=True,  # the app's Ctrl-C is the supervisor's to pass on
        )
        self.started = time.monotonic()

    def _wait_healthy(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self._stopping.is_set():
            if self.process is None or self.process.poll() is not None:
                return False
            if self.health(timeout=1.0):
                return True
            time.sleep(0.1)
        return False

    def _watch(self) -> None:
        failed = 0
        while not self._stopping.is_set():
            assert self.process is not None
            try:
                code = self.process.wait(timeout=self.interval)
            except subprocess.TimeoutExpired:
                failed = 0 if self.health(timeout=max(1.0, self.interval)) else failed + 1
                if failed < self.failures:
                    continue
                log.warning("the local server stopped answering; restarting it")
                self._end_child(force=True)
                code = None
            if self._stopping.is_set():
                return
            log.warning("the local server exited (code %s); restarting it", code)
            self._restart()
            failed = 0

    def _restart(self) -> None:
        uptime = time.monotonic() - self.started
        delay = 0.0 if uptime > 30 else min(30.0, 2.0 ** min(self.restarts, 5) / 2)
        if self._stopping.wait(delay):
            return
        self.restarts += 1
        self._spawn()
        self._wait_healthy(timeout=60.0)

    def _end_child(self, force: bool = False) -> None:
        """Terminate the child (kill it if it hangs, or at once with `force`)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        if not force:
            process.terminate()
            try:
                process.wait(timeout=10)
                return
            except subprocess.TimeoutExpired:
                pass
        process.kill()
        process.wait(timeout=10)


def start_supervised_server(
    host: str = "127.0.0.1", port: int = 0, hold: float = DEFAULT_HOLD
) -> SupervisedServer:
    """Start the local server in its own supervised process and return it (`.url`, `.stop()`,
    `.health()`), as `start_server()` does for the in-process server."""
    return SupervisedServer(host, port, hold=hold).start()
