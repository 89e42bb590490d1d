"""Per-visitor rate limits in front of the app (ASGI middleware), on the requests that cost the
server something whoever sends them: joining Gradio's queue and uploading files.

The queue is one for the whole app, capped in size: without a limit one visitor posting joins
in a loop fills it and every tab answers "Queue is full" for everyone; uploads (25 MB each) could
fill the disk. Requests beyond a visitor's rate get 429 at once, before Gradio sees them."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from .visitors import TokenBuckets, client_address

__all__ = ["CLOSED", "RATES", "VisitorRateLimit"]

# path suffix → (requests per second, burst)
RATES: dict[str, tuple[float, int]] = {"/queue/join": (5.0, 20), "/upload": (2.0, 10)}
# Routes a public app doesn't offer: Gradio's deep link builds every component's config of any
# session whose hash it is given and writes ~2 MB to disk per call (the app has no deep links).
CLOSED = ("/deep_link",)


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
        if scope["type"] == "http" and scope["path"].rstrip("/").endswith(CLOSED):
            await _refuse(send, 404, "Not available in this public demo.")
            return
        buckets = self._buckets_for(scope)
        if buckets is not None and not buckets.take(self._visitor(scope)):
            await _refuse(send, 429, "Too many requests from your address; wait a moment.")
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


async def _refuse(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload.encode()})
