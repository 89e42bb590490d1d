"""The dedicated-endpoint container (huggingface-inference-toolkit) under `/endpoint/{task}`."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .hf_tasks import TASKS
from .payloads import (
    IMAGE_FORMATS,
    NOT_JSON,
    AudioOut,
    Body,
    FakeHTTPError,
    ImageOut,
    b64,
    encode_audio,
    encode_image,
    parse_json,
)

CONTENT_TYPES = (
    "application/json",
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/tiff",
    "image/bmp",
    "image/gif",
    "image/webp",
    "image/x-image",
    "audio/x-flac",
    "audio/flac",
    "audio/mpeg",
    "audio/x-mpeg-3",
    "audio/wave",
    "audio/wav",
    "audio/x-wav",
    "audio/ogg",
    "audio/x-audio",
    "audio/webm",
    "audio/webm;codecs=opus",
    "audio/AMR",
    "audio/amr",
    "audio/AMR-WB",
    "audio/AMR-WB+",
    "audio/m4a",
    "audio/x-m4a",
)
NORMALIZED = {c.split(";")[0].strip().lower() for c in CONTENT_TYPES}
STRICT_AUDIO_TASKS = ("automatic-speech-recognition", "audio-classification")
VARIANTS = {"text-classification": "toolkit", "text-generation": "transformers"}


class ToolkitError(Exception):
    """Every failure in the toolkit becomes `400 {"error": str(exception)}`."""


def _normalize(media_type: str) -> str:
    return media_type.split(";", maxsplit=1)[0].strip().lower()


def _supported(kind: str, value: str, task: str = "") -> str:
    where = f" for task {task}" if task else ""
    return (
        f'\n                {kind} type "{value}" not supported{where}.\n'
        f"                Supported {kind.lower()} types are:\n"
        f"                {', '.join(CONTENT_TYPES)}\n            "
    )


def check_content_type(content_type: str, task: str) -> str:
    if not content_type:
        raise ToolkitError("No content type provided and no default one configured.")
    media = _normalize(content_type)
    if media == "application/octet-stream" and (
        "audio" in task or "speech" in task or "image" in task
    ):
        return "binary"
    if media not in NORMALIZED:
        raise ToolkitError(
            _supported("Content", content_type, task if media.endswith("octet-stream") else "")
        )
    return "json" if media == "application/json" else "binary"


def resolve_accept(accept: str) -> str:
    if not accept or accept == "*/*":
        return "application/json"
    for candidate in accept.split(","):
        media = _normalize(candidate)
        if media in NORMALIZED:
            return media
    raise ToolkitError(_supported("Accept", accept))


def json_request(raw: bytes, task: str, query: dict[str, str]) -> bytes:
    body = parse_json(raw)
    if body is NOT_JSON:
        raise ToolkitError("unexpected character: line 1 column 1 (char 0)")
    if not isinstance(body, dict) or ("inputs" not in body and "instances" not in body):
        compact = json.dumps(body, separators=(",", ":")).encode()
        raise ToolkitError(f"Body needs to provide a inputs key, recieved: {compact!r}")
    if query and "parameters" not in body:
        body["parameters"] = {k: _convert(v) for k, v in query.items()}
    if task in STRICT_AUDIO_TASKS and "parameters" in body and isinstance(body.get("inputs"), str):
        try:
            base64.b64decode(body["inputs"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ToolkitError(str(exc)) from exc
    return json.dumps(body).encode()


def _convert(value: str) -> Any:
    if value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return int(value) if value.lstrip("-").isdigit() else value


def serialize(result: Any, accept: str) -> Response:
    if isinstance(result, Response):
        return result
    subtype = accept.rsplit("/", maxsplit=1)[-1]
    if accept.startswith("image/") and isinstance(result, ImageOut):
        fmt = "jpeg" if subtype in {"jpg", "x-image"} else subtype
        if fmt not in IMAGE_FORMATS:
            raise ToolkitError(f"unknown file extension: .{subtype}")
        return Response(encode_image(result.image, fmt), media_type=accept)
    if accept.startswith("audio/") and isinstance(result, AudioOut):
        fmt = {"x-flac": "flac", "wave": "wav", "x-wav": "wav"}.get(subtype, subtype)
        if fmt not in {"flac", "wav", "ogg"}:
            raise ToolkitError(f"Unsupported audio format: {subtype}")
        return Response(encode_audio(result.samples, result.rate, fmt), media_type=accept)
    if accept != "application/json":
        raise ToolkitError(f"'{type(result).__name__}' object has no attribute 'save'")
    return JSONResponse(_jsonable(result))


def _jsonable(result: Any) -> Any:
    if isinstance(result, ImageOut):
        return b64(encode_image(result.image, "png"))
    if isinstance(result, AudioOut):
        return {"audio": [result.samples.tolist()], "sampling_rate": result.rate}
    return result


async def predict(request: Request) -> Response:
    task = request.path_params["task"]
    spec = TASKS.get(task)
    if spec is None:
        return JSONResponse({"error": f"Task {task} is not served by this endpoint"}, 404)
    try:
        raw = await request.body()
        mode = check_content_type(request.headers.get("content-type", ""), task)
        if mode == "json":
            raw = json_request(raw, task, dict(request.query_params))
        body = Body(raw=raw, content_type=request.headers.get("content-type", ""))
        result = spec.run(body, VARIANTS.get(task, "fake"))
        return serialize(result, resolve_accept(request.headers.get("accept", "")))
    except ToolkitError as exc:
        return JSONResponse({"error": str(exc)}, 400)
    except FakeHTTPError as exc:
        return JSONResponse({"error": _message(exc.body)}, 400)


def _message(body: Any) -> str:
    message = body.get("error", body) if isinstance(body, dict) else body
    return "; ".join(map(str, message)) if isinstance(message, list) else str(message)


async def health(request: Request) -> Response:
    return PlainTextResponse("Ok")


def toolkit_routes() -> list[Route]:
    return [
        Route("/endpoint/{task}", predict, methods=["POST"]),
        Route("/endpoint/{task}/predict", predict, methods=["POST"]),
        Route("/endpoint/{task}", health, methods=["GET"]),
        Route("/endpoint/{task}/health", health, methods=["GET"]),
    ]
