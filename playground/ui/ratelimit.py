"""A per-visitor rate limit on joining Gradio's queue, in front of the app (ASGI middleware).

The queue is one for the whole app, capped in size: without a limit one visitor posting joins
in a loop fills it and every tab answers "Queue is full" for everyone. Joins beyond a visitor's
rate get 429 at once, before Gradio sees them."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from .visitors import TokenBuckets, client_address

__all__ = ["JoinRateLimit"]

JOIN_SUFFIX = "/queue/join"


class JoinRateLimit:
    def __init__(
        self, app: ASGIApp, per_second: float = 5.0, burst: int = 20, trusted_hops: int = 0
    ) -> None:
        self.app = app
        self.buckets = TokenBuckets(per_second, burst)
        self.trusted_hops = trusted_hops

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        joining = scope["type"] == "http" and scope["path"].endswith(JOIN_SUFFIX)
        if joining and not self.buckets.take(self._visitor(scope)):
            await _too_many(send)
            return
        await self.app(scope, receive, send)

    def _visitor(self, scope: Scope) -> str:
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        peer = scope.get("client")
        return client_address(headers, peer[0] if peer else None, self.trusted_hops)


async def _too_many(send: Send) -> None:
    body: dict[str, Any] = {"detail": "Too many requests from your address; wait a moment."}
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
