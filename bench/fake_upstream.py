"""The fake inference server (tests/fakes) as a cheap upstream for benchmarks, in its own process
so that it does not share the measured code's GIL: every request waits `--latency` s before it
is answered (an I/O-bound server: time passes, no CPU is spent), and every SSE event of a
response after the first waits `--token-delay` s (a token stream at 1/delay tokens/s).

`with fake_upstream(latency=0.1) as url: ...` starts it on a free loopback port and stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class Slowed:
    """ASGI middleware: `latency` s before each request reaches the app; `token_delay` s before
    each SSE body message after a response's first."""

    def __init__(self, app: Any, latency: float = 0.0, token_delay: float = 0.0) -> None:
        self.app, self.latency, self.token_delay = app, latency, token_delay

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.latency:
            await asyncio.sleep(self.latency)
        streaming, sent = False, 0

        async def paced(message: Any) -> None:
            nonlocal streaming, sent
            if message["type"] == "http.response.start":
                kinds = [v for k, v in message.get("headers", []) if k.lower() == b"content-type"]
                streaming = any(v.startswith(b"text/event-stream") for v in kinds)
            elif message["type"] == "http.response.body" and streaming and message.get("body"):
                if sent and self.token_delay:
                    await asyncio.sleep(self.token_delay)
                sent += 1
            await send(message)

        await self.app(scope, receive, paced)


def serve(latency: float, token_delay: float) -> None:
    """The child process: prints its base URL, then serves until terminated."""
    sys.path.insert(0, str(ROOT))
    from tests.fakes import create_app, serving

    with serving(Slowed(create_app(), latency, token_delay)) as url:
        print(url, flush=True)
        while True:
            time.sleep(3600)


@contextmanager
def fake_upstream(latency: float = 0.0, token_delay: float = 0.0) -> Iterator[str]:
    """The fake server in a child process on 127.0.0.1; yields its base URL."""
    command = [sys.executable, __file__, "--latency", str(latency),
               "--token-delay", str(token_delay)]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().decode().strip()  # "" if the child died
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError("the fake inference server did not start")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--token-delay", type=float, default=0.0)
    arguments = parser.parse_args()
    serve(arguments.latency, arguments.token_delay)
