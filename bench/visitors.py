"""Drive the app over HTTP the way a browser tab does, for the load and memory benchmarks.

- `App`: `app.py` launched as a subprocess on 127.0.0.1, its RSS read from /proc.
- `Page`: the app's /config: an event by API name, its inputs' default values by elem_id.
- `Visitor`: one browser tab: one `session_hash`, Gradio's queue protocol (`POST
  /gradio_api/queue/join`, then one `GET /gradio_api/queue/data` SSE stream per session,
  shared by all its events in flight, reopened when the server closes it), and an identity
  sent as a header (`X-Forwarded-For` by default: uvicorn trusts it from 127.0.0.1, so the app
  sees each visitor at its own client address, as behind a trusted proxy).
- `drip_server`: an HTTP server on 127.0.0.1 that answers 200 and then one byte every 2 s.

Used by bench/public_load.py and bench/session_memory.py; loopback only, every request has a
timeout, the subprocess is stopped on exit.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUIET_ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The app process --------------------------------------------------------------------------


@dataclass
class App:
    url: str
    process: subprocess.Popen[bytes]

    def rss_mb(self) -> float:
        """Resident memory of the app process (its embedded local server included)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/config", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not come up in {seconds:.0f} s")


@contextmanager
def running_app(
    flags: Sequence[str] = (), env: Mapping[str, str] | None = None, seconds: float = 120
) -> Iterator[App]:
    """`python app.py --host 127.0.0.1 --port <free> <flags>`, stopped on exit."""
    port = free_port()
    command = [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port), *flags]
    environ = {**os.environ, **QUIET_ENV, **(env or {})}
    process = subprocess.Popen(
        command, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, seconds)
        yield App(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# The page ---------------------------------------------------------------------------------


@dataclass
class Event:
    fn_index: int
    trigger_id: int | None
    inputs: list[dict[str, Any]]

    def data(self, **values: Any) -> list[Any]:
        """Each input's default value from the page, or `values[elem_id]`."""
        data = []
        for component in self.inputs:
            props = component["props"]
            data.append(values.get(props.get("elem_id", ""), props.get("value")))
        return data


class Page:
    def __init__(self, config: dict[str, Any]):
        self.config = config
        self.components = {c["id"]: c for c in config["components"]}

    @classmethod
    def load(cls, url: str) -> Page:
        return cls(httpx.get(f"{url}/config", timeout=30).raise_for_status().json())

    def event(self, api_name: str) -> Event:
        dependency = next(d for d in self.config["dependencies"] if d["api_name"] == api_name)
        trigger = dependency["targets"][0][0] if dependency["targets"] else None
        inputs = [self.components[block] for block in dependency["inputs"]]
        return Event(dependency["id"], trigger, inputs)


# Visitors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    seconds: float
    error: str | None = None


def _failure(message: dict[str, Any]) -> str | None:
    """A completed event's error: Gradio's, or the app's own error sentence in its status."""
    if not message.get("success", False):
        output = message.get("output") or {}
        return str(output.get("error") or message.get("msg"))[:200]
    data = (message.get("output") or {}).get("data") or []
    errors = [value for value in data if isinstance(value, str) and "status-error" in value]
    return errors[0][:200] if errors else None


@dataclass
class Visitor:
    http: httpx.AsyncClient
    session: str
    headers: dict[str, str] = field(default_factory=dict)
    _pending: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _reader: asyncio.Task[None] | None = None

    async def call(self, event: Event, data: list[Any]) -> Outcome:
        started = time.perf_counter()
        body = {
            "data": data,
            "fn_index": event.fn_index,
            "trigger_id": event.trigger_id,
            "session_hash": self.session,
            "event_data": None,
        }
        try:
            joined = await self.http.post("/gradio_api/queue/join", json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            return Outcome(time.perf_counter() - started, f"join: {exc!r}")
        if joined.status_code != 200:
            return Outcome(time.perf_counter() - started, f"join {joined.status_code}")
        future = asyncio.get_running_loop().create_future()
        self._pending[joined.json()["event_id"]] = future
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read())
        message = await future
        return Outcome(time.perf_counter() - started, _failure(message))

    async def _read(self) -> None:
        """The session's SSE stream, reopened while events are pending, as the browser does."""
        params = {"session_hash": self.session}
        while self._pending:
            try:
                async with self.http.stream(
                    "GET", "/gradio_api/queue/data", params=params, headers=self.headers
                ) as response:
                    if response.status_code != 200:
                        error = f"stream {response.status_code}"
                        self._fail_all({"success": False, "output": {"error": error}})
                        return
                    async for line in response.aiter_lines():
                        if line.startswith("data:") and self._dispatch(json.loads(line[5:])):
                            break
            except httpx.HTTPError as exc:
                self._fail_all({"success": False, "output": {"error": f"stream: {exc!r}"}})

    def _dispatch(self, message: dict[str, Any]) -> bool:
        """Hand a message to its event; True when the server ends the stream."""
        kind = message.get("msg")
        if kind == "process_completed":
            future = self._pending.pop(message.get("event_id", ""), None)
            if future is not None and not future.done():
                future.set_result(message)
        elif kind == "unexpected_error":
            self._fail_all({"success": False, "output": {"error": message.get("message")}})
        return kind in ("close_stream", "unexpected_error")

    def _fail_all(self, message: dict[str, Any]) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_result(message)
        self._pending.clear()

    async def close(self, grace: float = 5.0) -> None:
        """Let the stream end as the server ends it (right after the last result), so its
        connection goes back to the pool; cancel it only if it is still open after `grace`."""
        if self._reader is None:
            return
        _, still_open = await asyncio.wait({self._reader}, timeout=grace)
        for reader in still_open:
            reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)


def visitor_headers(index: int, header: str | None) -> dict[str, str]:
    """Visitor `index`'s identity: a distinct address 10.x.y.z in `header`, or none."""
    if not header:
        return {}
    return {header: f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256 + 1}"}


def http_client(url: str, connections: int = 400) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    timeout = httpx.Timeout(120.0, connect=10.0, pool=30.0)
    return httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits, trust_env=False)


# Figures ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# The slow-drip endpoint -------------------------------------------------------------------


@asynccontextmanager
async def drip_server(every: float = 2.0, port: int = 0) -> AsyncIterator[str]:
    """Answers any request with 200 and a promised 1 MB JSON body, then sends one space every
    `every` seconds, forever: each read succeeds, so a per-read timeout never fires."""
    writers: set[asyncio.StreamWriter] = set()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.add(writer)
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000000\r\n\r\n"
            )
            while True:
                await writer.drain()
                await asyncio.sleep(every)
                writer.write(b" ")
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writers.discard(writer)
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", port)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        for writer in list(writers):
            writer.close()
        await asyncio.sleep(0)
