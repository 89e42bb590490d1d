"""Per-visitor rate limits in front of the app (ASGI middleware), on the requests that cost the
server something whoever sends them: joining Gradio's queue and uploading files.

The queue is one for the whole app, capped in size: without a limit one visitor posting joins
in a loop fills it and every tab answers "Queue is full" for everyone; uploads (25 MB each) could
fill the disk. Requests beyond a visitor's rate get 429 at once, before Gradio sees them."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from .visitors import TokenBuckets, client_address

__all__ = ["RATES", "VisitorRateLimit"]

# path suffix → (requests per second, burst)
RATES: dict[str, tuple[float, int]] = {"/queue/join": (5.0, 20), "/upload": (2.0, 10)}


class VisitorRateLimit:
    def __init__(
        self,
        app: ASGIApp,
        trusted_hops: int = 0,
        rates: dict[str, tuple[float, int]] | None = None,
    ) -> None:
        self.app = app
        self.trusted_hops = trusted_hops
        self.buckets = {
            suffix: TokenBuckets(per_second, burst)
            for suffix, (per_second, burst) in (rates or RATES).items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        buckets = self._buckets_for(scope)
        if buckets is not None and not buckets.take(self._visitor(scope)):
            await _too_many(send)
            return
        await self.app(scope, receive, send)

    def _buckets_for(self, scope: Scope) -> TokenBuckets | None:
        if scope["type"] != "http":
            return None
        path = scope["path"].rstrip("/")
        return next((b for suffix, b in self.buckets.items() if path.endswith(suffix)), None)

    def _visitor(self, scope: Scope) -> str:
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        peer = scope.get("client")
        return client_address(headers, peer[0] if peer else None, self.trusted_hops)


async def _too_many(send: Send) -> None:
    payload = json.dumps({"detail": "Too many requests from your address; wait a moment."})
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
    await send({"type": "http.response.body", "body": payload.encode()})
