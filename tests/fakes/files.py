"""`GET /files/{name}`: inputs for URL-input tests (a PNG, a WAV, a large blob)."""

from __future__ import annotations

import io
import math
import struct
import wave

from PIL import Image
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def red_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (220, 20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def tone_wav(seconds: float = 0.5, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (
            int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(seconds * rate))
        )
        out.writeframes(b"".join(struct.pack("<h", frame) for frame in frames))
    return buffer.getvalue()


FILES = {
    "red.png": (red_png, "image/png"),
    "tone.wav": (tone_wav, "audio/wav"),
    "large.bin": (lambda: bytes(200_000), "application/octet-stream"),
}


async def file_route(request: Request) -> Response:
    entry = FILES.get(request.path_params["name"])
    if entry is None:
        return JSONResponse({"error": "No such file"}, 404)
    make, media_type = entry
    return Response(make(), media_type=media_type)


def file_routes() -> list[Route]:
    return [Route("/files/{name}", file_route, methods=["GET"])]
