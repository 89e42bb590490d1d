"""`/errors/{shape}`: one route per error-body shape seen in the wild (protocol §2.4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .streams import dumps


@dataclass(frozen=True)
class Shape:
    status: int
    body: Any
    media_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


VALIDATION = "`inputs` must have less than 512 tokens. Given: 1024"
SHAPES: dict[str, Shape] = {
    "error-string": Shape(
        400, {"error": "Input validation failed: `inputs` must be a non-empty string"}
    ),
    "error-list": Shape(
        400,
        {
            "error": [
                "Field required: `candidate_labels` in `parameters`",
                "Input should be a valid string: `inputs` in `parameters`",
            ],
            "warnings": ["Ignored unknown parameter `foo`"],
        },
    ),
    "error-object": Shape(
        400,
        {
            "error": {
                "message": "Invalid value for 'temperature': expected a value <= 2, "
                "but got 3 instead.",
                "type": "invalid_request_error",
                "param": "temperature",
                "code": "invalid_value",
            }
        },
    ),
    "object-error": Shape(
        400,
        {
            "object": "error",
            "message": "This model's maximum context length is 4096 tokens. "
            "However, you requested 5000 tokens.",
            "type": "BadRequestError",
            "param": None,
            "code": 400,
        },
    ),
    "detail-string": Shape(400, {"detail": "Image URL could not be fetched"}),
    "detail-list": Shape(
        422,
        {
            "detail": [
                {"loc": ["body", "prompt"], "msg": "field required", "type": "value_error.missing"},
            ]
        },
    ),
    "message": Shape(400, {"message": "Invalid model: fake/unknown-model"}),
    "problem-json": Shape(
        422,
        {
            "detail": "- input.prompt: Invalid type. Expected: string, given: integer",
            "status": 422,
            "title": "Input validation failed",
            "invalid_fields": [
                {
                    "type": "invalid_type",
                    "field": "input.prompt",
                    "description": "Invalid type. Expected: string, given: integer",
                }
            ],
        },
        "application/problem+json",
    ),
    "x-error-message": Shape(
        402,
        {"error": "Payment Required"},
        headers={
            "x-error-code": "CreditsExceeded",
            "x-error-message": "You have exceeded your monthly included credits "
            "for Inference Providers.",
        },
    ),
    "tei": Shape(422, {"error": VALIDATION, "error_type": "Validation"}),
    "tei-openai": Shape(422, {"message": VALIDATION, "code": 422, "error_type": "Validation"}),
    "tgi": Shape(
        422,
        {
            "error": "Input validation error: `temperature` must be strictly positive",
            "error_type": "validation",
        },
    ),
    "forwarded": Shape(
        422,
        {
            "error": "Error forwarded from backend: Input validation error: "
            "`temperature` must be strictly positive"
        },
    ),
    "error-description": Shape(
        401, {"error": "invalid_token", "error_description": "The access token expired"}
    ),
    "errors-list": Shape(400, {"errors": [{"message": "Invalid input: `prompt` is required"}]}),
    "html": Shape(
        504,
        "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
        "<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n",
        "text/html; charset=utf-8",
    ),
    "empty": Shape(500, ""),
    "plain-text": Shape(
        500,
        "upstream connect error or disconnect/reset before headers. "
        "reset reason: connection termination",
        "text/plain; charset=utf-8",
    ),
}


def shape_response(shape: Shape, status: int) -> Response:
    if shape.media_type == "application/json":
        return JSONResponse(shape.body, status, headers=shape.headers)
    content = shape.body if isinstance(shape.body, str) else dumps(shape.body)
    if not content:
        return Response(b"", status, headers=shape.headers)
    return Response(content, status, headers=shape.headers, media_type=shape.media_type)


async def error_route(request: Request) -> Response:
    name = request.path_params["shape"]
    shape = SHAPES.get(name)
    if shape is None:
        return JSONResponse({"error": f"Unknown error shape {name}", "shapes": list(SHAPES)}, 404)
    status = int(request.query_params.get("status", shape.status))
    return shape_response(shape, status)


def error_routes() -> list[Route]:
    return [Route("/errors/{shape}", error_route, methods=["GET", "POST"])]
