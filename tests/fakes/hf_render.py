"""How hf-inference answers: JSON with compute headers, or raw image/audio bytes."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .hf_tasks import TaskSpec
from .payloads import (
    IMAGE_FORMATS,
    AudioOut,
    Body,
    ImageOut,
    encode_audio,
    encode_image,
    negotiate,
)

AUDIO_OUT = ("flac", "wav", "ogg")
MODEL_SHA = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"


def characters(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(characters(v) for v in value)
    if isinstance(value, dict):
        return sum(characters(v) for v in value.values())
    return 0


def compute_headers(spec: TaskSpec, body: Body) -> dict[str, str]:
    headers = {"x-compute-type": "cpu", "x-compute-time": "0.010", "x-sha": MODEL_SHA}
    if spec.kind == "image":
        headers["x-compute-images"] = "1"
    elif spec.kind == "text":
        inputs = body.obj.get("inputs", body.json) if isinstance(body.json, dict) else body.json
        headers["x-compute-characters"] = str(characters(inputs))
    return headers


def render(result: Any, body: Body, spec: TaskSpec, org: str) -> Response:
    if isinstance(result, Response):
        return result
    headers = compute_headers(spec, body)
    if isinstance(result, ImageOut):
        fmt = "jpeg" if org == "jpeg-only" else negotiate(body.accept, IMAGE_FORMATS)
        return Response(encode_image(result.image, fmt), media_type=f"image/{fmt}", headers=headers)
    if isinstance(result, AudioOut):
        fmt = negotiate(body.accept, AUDIO_OUT)
        data = encode_audio(result.samples, result.rate, fmt)
        return Response(data, media_type=f"audio/{fmt}", headers=headers)
    return JSONResponse(result, headers=headers)
