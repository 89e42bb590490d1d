"""Request log, per-route counters and the ASGI middleware that records every request."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .payloads import NOT_JSON, parse_json

INTERNAL_PREFIX = "/_fake/"


@dataclass
class FakeState:
    requests: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    request_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def reset(self) -> None:
        self.requests.clear()
        self.counters.clear()

    def bump(self, key: str) -> int:
        """Increment the counter for `key` and return its new value (1 on the first call)."""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


def state_of(request: Request) -> FakeState:
    state: FakeState = request.app.state.fake
    return state


def describe(scope: Scope, body: bytes) -> dict[str, Any]:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    parsed = parse_json(body) if body else NOT_JSON
    return {
        "method": scope["method"],
        "path": scope["path"],
        "query": scope["query_string"].decode("latin-1"),
        "headers": headers,
        "body_size": len(body),
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "json": None if parsed is NOT_JSON else parsed,
    }


class RecorderMiddleware:
    """Reads the whole request body, logs the request, replays the body, tags the response."""

    def __init__(self, app: ASGIApp, state: FakeState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await _drain(receive)
        if not scope["path"].startswith(INTERNAL_PREFIX):
            self.state.requests.append(describe(scope, body))
        request_id = f"fake-{next(self.state.request_ids):06d}"
        await self.app(scope, _replay(body, receive), _tagging(send, request_id))


async def _drain(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _tagging(send: Send, request_id: str) -> Send:
    async def tagged(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            headers.append((b"x-request-id", request_id.encode("ascii")))
            message = {**message, "headers": headers}
        await send(message)

    return tagged


async def list_requests(request: Request) -> Response:
    return JSONResponse(state_of(request).requests)


async def reset(request: Request) -> Response:
    state_of(request).reset()
    return JSONResponse({"reset": True})


async def counters(request: Request) -> Response:
    return JSONResponse(state_of(request).counters)
