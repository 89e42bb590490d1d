"""Ollama's native API: `/ollama/api/chat` and `/ollama/api/generate` stream NDJSON."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .chat import run_chat
from .payloads import FakeHTTPError
from .streams import ndjson_response
from .textgen import GenParams, count_tokens, generate

CREATED_AT = "2025-01-01T00:00:00.000000Z"
NOT_PULLED = "not-pulled"


async def parse(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError as exc:
        raise FakeHTTPError(
            400, {"error": "invalid character 'x' looking for beginning of value"}
        ) from exc
    if not isinstance(body, dict):
        raise FakeHTTPError(
            400, {"error": "json: cannot unmarshal into Go value of type api.ChatRequest"}
        )
    model = body.get("model")
    if not model:
        raise FakeHTTPError(400, {"error": "model is required"})
    if str(model).startswith(NOT_PULLED):
        raise FakeHTTPError(404, {"error": f'model "{model}" not found, try pulling it first'})
    return body


def stats(prompt_tokens: int, eval_tokens: int) -> dict[str, Any]:
    return {
        "total_duration": 12_000_000,
        "load_duration": 1_000_000,
        "prompt_eval_count": prompt_tokens,
        "prompt_eval_duration": 2_000_000,
        "eval_count": eval_tokens,
        "eval_duration": 9_000_000,
    }


def _limit(body: dict[str, Any]) -> int | None:
    options = body.get("options") if isinstance(body.get("options"), dict) else {}
    value = options.get("num_predict")
    return value if isinstance(value, int) and value > 0 else None


def chat_lines(body: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"model": body["model"], "created_at": CREATED_AT}
    if not body.get("messages"):
        return [
            {
                **base,
                "message": {"role": "assistant", "content": ""},
                "done_reason": "load",
                "done": True,
            }
        ]
    result = run_chat({**body, "max_tokens": _limit(body)})
    lines = [
        {**base, "message": {"role": "assistant", "content": t.text}, "done": False}
        for t in result.tokens
    ]
    final = {
        **base,
        "message": {"role": "assistant", "content": ""},
        "done_reason": result.finish_reason,
    }
    final.update(done=True, **stats(result.prompt_tokens, len(result.tokens)))
    return [*lines, final]


def generate_lines(body: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"model": body["model"], "created_at": CREATED_AT}
    prompt = body.get("prompt")
    if not prompt:
        return [{**base, "response": "", "done": True, "done_reason": "load"}]
    gen = generate(str(prompt), GenParams(max_new_tokens=_limit(body)))
    visible = [t for t in gen.tokens if not t.special]
    lines = [{**base, "response": t.text, "done": False} for t in visible]
    reason = "length" if gen.finish_reason == "length" else "stop"
    final = {**base, "response": "", "done": True, "done_reason": reason, "context": [1, 2, 3]}
    final.update(stats(count_tokens(str(prompt)), len(visible)))
    return [*lines, final]


def collapse(lines: list[dict[str, Any]], key: str) -> dict[str, Any]:
    final = dict(lines[-1])
    if key == "message":
        text = "".join(line["message"]["content"] for line in lines)
        final["message"] = {"role": "assistant", "content": text}
    else:
        final["response"] = "".join(line["response"] for line in lines)
    return final


async def api_chat(request: Request) -> Response:
    body = await parse(request)
    lines = chat_lines(body)
    if body.get("stream", True) is False:
        return JSONResponse(collapse(lines, "message"))
    return ndjson_response(lines)


async def api_generate(request: Request) -> Response:
    body = await parse(request)
    lines = generate_lines(body)
    if body.get("stream", True) is False:
        return JSONResponse(collapse(lines, "response"))
    return ndjson_response(lines)


async def api_tags(request: Request) -> Response:
    model = {
        "name": "fake-model:latest",
        "model": "fake-model:latest",
        "modified_at": CREATED_AT,
        "size": 1234567,
        "digest": "0" * 64,
        "details": {
            "format": "gguf",
            "family": "llama",
            "parameter_size": "1B",
            "quantization_level": "Q4_0",
        },
    }
    return JSONResponse({"models": [model]})


async def root(request: Request) -> Response:
    return PlainTextResponse("Ollama is running")


def ollama_routes() -> list[Route]:
    return [
        Route("/ollama/api/chat", api_chat, methods=["POST"]),
        Route("/ollama/api/generate", api_generate, methods=["POST"]),
        Route("/ollama/api/tags", api_tags, methods=["GET"]),
        Route("/ollama/", root, methods=["GET"]),
        Route("/ollama", root, methods=["GET"]),
    ]
