"""`/hostile/*`: what an attacker's server does to a public playground. Each route answers any
method; paths may continue (`/hostile/echo/v1/chat/completions`) so the client's URL rules for
every server family land on them.

- `drip?interval=2&count=1000`: 200 JSON, then one byte every `interval` s (never finishes in
  time: a slot held forever by a per-read timeout).
- `huge?mb=64&declared=1`: 200 JSON of `mb` MiB, generated lazily (with Content-Length when
  `declared=1`, chunked otherwise).
- `echo/...`: answers in the shape the path asks for with every request header echoed back, the
  Authorization header first: text classification labels (default), an OpenAI model list
  (`.../v1/models`), a chat completion (`.../chat/completions`, streamed if asked), `?shape=odd`
  a JSON object no task expects, `?status=401` the echo as an error body.
- `redirect?to=URL&status=302`: a redirect to anywhere.
- `media?to=URL`: a text-to-image style JSON envelope naming an image URL to fetch.
- `deep?depth=100000`: 200 with a deeply nested JSON array.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from .streams import sse_response

METHODS = ["GET", "POST"]


def _query_number(request: Request, name: str, default: float) -> float:
    try:
        return float(request.query_params.get(name, default))
    except ValueError:
        return default


async def drip(request: Request) -> Response:
    interval = _query_number(request, "interval", 2.0)
    count = int(_query_number(request, "count", 1000))

    async def body() -> AsyncIterator[bytes]:
        yield b"["
        for _ in range(count):
            await asyncio.sleep(interval)
            yield b" "

    return StreamingResponse(body(), media_type="application/json")


async def huge(request: Request) -> Response:
    size = int(_query_number(request, "mb", 64) * 1024 * 1024)
    chunk = b"0," * 32768

    async def body() -> AsyncIterator[bytes]:
        yield b"["
        sent = 1
        while sent + len(chunk) < size - 1:
            yield chunk
            sent += len(chunk)
        yield b"0" * max(0, size - 1 - sent) + b"]"

    headers = {"content-length": str(size)} if request.query_params.get("declared") == "1" else {}
    return StreamingResponse(body(), media_type="application/json", headers=headers)


def _echoed(request: Request) -> list[str]:
    auth = request.headers.get("authorization", "no authorization header")
    others = [f"{name}: {value}" for name, value in request.headers.items()]
    return [auth, *others]


def _chat(echo: list[str], stream: bool) -> Response:
    text = " | ".join(echo)
    if not stream:
        message = {"role": "assistant", "content": text}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return JSONResponse({"id": "echo", "object": "chat.completion", "choices": [choice]})
    chunk = {
        "id": "echo",
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}}],
    }
    end = {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    return sse_response([f"data: {json.dumps(c)}\n\n".encode() for c in (chunk, end)])


async def echo(request: Request) -> Response:
    echoed = _echoed(request)
    path = request.url.path
    status = int(_query_number(request, "status", 200))
    if status >= 400:
        return JSONResponse({"error": f"Echo: {' | '.join(echoed)}"}, status)
    if request.query_params.get("shape") == "odd":
        return JSONResponse({"echo": echoed})
    if path.endswith("/v1/models"):
        return JSONResponse({"object": "list", "data": [{"id": e} for e in echoed]})
    if path.endswith("/chat/completions"):
        body: Any = await request.json() if await request.body() else {}
        return _chat(echoed, bool(isinstance(body, dict) and body.get("stream")))
    scores = [1.0 / (index + 1) for index in range(len(echoed))]
    return JSONResponse([[{"label": e, "score": s} for e, s in zip(echoed, scores, strict=True)]])


async def redirect(request: Request) -> Response:
    status = int(_query_number(request, "status", 302))
    return RedirectResponse(request.query_params.get("to", "/"), status_code=status)


async def media(request: Request) -> Response:
    return JSONResponse({"image": request.query_params.get("to", "")})


async def deep(request: Request) -> Response:
    depth = int(_query_number(request, "depth", 100_000))
    return Response(b"[" * depth + b"]" * depth, media_type="application/json")


def hostile_routes() -> list[Route]:
    handlers = {"drip": drip, "huge": huge, "echo": echo, "redirect": redirect}
    handlers |= {"media": media, "deep": deep}
    routes = []
    for name, handler in handlers.items():
        routes.append(Route(f"/hostile/{name}", handler, methods=METHODS))
        routes.append(Route(f"/hostile/{name}/{{rest:path}}", handler, methods=METHODS))
    return routes
