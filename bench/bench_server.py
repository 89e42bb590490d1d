"""A minimal inference server for the client benchmarks, run in its own process so the client
being measured has a core to itself: `python bench/bench_server.py PORT`."""

from __future__ import annotations

import json
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

CLASSIFICATION = json.dumps(
    [[{"label": "POSITIVE", "score": 0.99}, {"label": "NEGATIVE", "score": 0.01}]]
)


def _token_event(index: int, last: bool, text: str) -> bytes:
    event = {
        "index": index,
        "token": {"id": index, "text": " tok", "logprob": -0.5, "special": False},
        "generated_text": text if last else None,
        "details": None,
    }
    return b"data:" + json.dumps(event).encode() + b"\n\n"


async def classify(request: Request) -> Response:
    await request.body()
    return Response(CLASSIFICATION, media_type="application/json")


async def generate_stream(request: Request) -> Response:
    body = await request.json()
    count = int(body.get("parameters", {}).get("max_new_tokens", 20))

    async def events():  # type: ignore[no-untyped-def]
        batch: list[bytes] = []
        for index in range(count):
            batch.append(_token_event(index, index == count - 1, " tok" * count))
            if len(batch) == 16:
                yield b"".join(batch)
                batch = []
        if batch:
            yield b"".join(batch)

    return StreamingResponse(events(), media_type="text/event-stream")


app = Starlette(
    routes=[
        Route("/", generate_stream, methods=["POST"]),
        Route("/models/{org}/{name}", classify, methods=["POST"]),
        Route("/generate_stream", generate_stream, methods=["POST"]),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
