"""text-generation-inference routes under a prefix (`/tgi`, `/tgi-old`, `/tgi-auth`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .axum import check_types, invalid_type, json_body
from .chat import Dialect, completion, run_chat, stream_bytes
from .payloads import FakeHTTPError
from .streams import DONE, dumps, sse, sse_response
from .textgen import GenParams, count_tokens, generate
from .tgi_core import (
    MAX_TOTAL_TOKENS,
    PARAM_TYPES,
    TgiError,
    TgiRequest,
    check_best_of,
    check_stream,
    generate_reply,
    invalid,
    stream_events,
    timing_headers,
    validate,
)

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class TgiConfig:
    prefix: str
    old: bool = False
    api_key: str | None = None
    model_id: str = "fake/tgi-model"

    @property
    def version(self) -> str:
        return "1.4.5" if self.old else "3.0.1"

    @property
    def fingerprint(self) -> str:
        return f"{self.version}-sha-0a1b2c3"

    def dialect(self) -> Dialect:
        return tgi_dialect(self.model_id, self.fingerprint, self.old)


def tgi_error(status: int, message: str, *_: object, **__: object) -> FakeHTTPError:
    return FakeHTTPError(status, {"error": message, "error_type": "validation"})


def tgi_dialect(model_id: str, fingerprint: str, old: bool = False) -> Dialect:
    return Dialect(
        name="tgi-old" if old else "tgi",
        model_id=model_id,
        fingerprint=fingerprint,
        error=tgi_error,
        completion_object="text_completion" if old else "chat.completion",
        role_each_chunk=True,
        final_empty_chunk=False,
        tool_args_object=old,
        sse_space=not old,
        done=not old,
        empty_id=True,
        chunk_usage_null=not old,
    )


def info(cfg: TgiConfig) -> dict[str, Any]:
    data: dict[str, Any] = {
        "model_id": cfg.model_id,
        "model_sha": "5f2a6c1e0d9b8a7f6e5d4c3b2a1908f7e6d5c4b3",
        "model_pipeline_tag": "text-generation",
        "max_concurrent_requests": 128,
        "max_best_of": 2,
        "max_stop_sequences": 4,
        "max_input_tokens": MAX_TOTAL_TOKENS - 1,
        "max_total_tokens": MAX_TOTAL_TOKENS,
        "max_client_batch_size": 4,
        "validation_workers": 2,
        "router": "text-generation-router",
        "version": cfg.version,
        "sha": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
        "docker_label": "sha-0a1b2c3",
    }
    if cfg.old:
        data["max_input_length"] = data.pop("max_input_tokens")
        data.update(model_dtype="torch.float16", model_device_type="cuda", waiting_served_ratio=1.2)
    return data


async def parse_generate(request: Request) -> tuple[TgiRequest, dict[str, Any]]:
    obj, text = await json_body(request, ("inputs",))
    check_types(text, obj, {"inputs": str, "stream": bool})
    params = obj.get("parameters") or {}
    if not isinstance(params, dict):
        raise invalid_type(text, "parameters", params, "struct GenerateParameters")
    check_types(text, params, PARAM_TYPES, prefix="parameters.")
    return TgiRequest(obj["inputs"], params), obj


def validated(req: TgiRequest) -> GenParams:
    try:
        check_best_of(req)
        return validate(req)
    except TgiError as exc:
        raise exc.http() from exc


def generate_json(req: TgiRequest, as_list: bool, full_default: bool = False) -> Response:
    reply = generate_reply(req, validated(req), full_default)
    return JSONResponse([reply] if as_list else reply, headers=timing_headers(req, reply))


def generate_sse(req: TgiRequest, old: bool = False) -> Response:
    try:
        check_stream(req)
        events = stream_events(req, validate(req), old)
    except TgiError as exc:
        events = [exc.body()]
    response = sse_response([sse(event, space=not old) for event in events])
    response.headers["x-compute-type"] = "gpu+optimized"
    return response


def chat_limits(body: dict[str, Any], prompt_tokens: int) -> None:
    temperature = body.get("temperature")
    if temperature is not None and temperature < 0:
        raise invalid("`temperature` must be strictly positive")
    top_p = body.get("top_p")
    if top_p is not None and not 0 < top_p < 1:
        raise invalid("`top_p` must be > 0.0 and < 1.0")
    stop = body.get("stop") or []
    if isinstance(stop, list) and len(stop) > 4:
        raise invalid(f"`stop` supports up to 4 stop sequences. Given: {len(stop)}")
    max_tokens = body.get("max_tokens")
    if isinstance(max_tokens, int) and prompt_tokens + max_tokens > MAX_TOTAL_TOKENS:
        raise invalid(
            f"`inputs` tokens + `max_new_tokens` must be <= {MAX_TOTAL_TOKENS}. "
            f"Given: {prompt_tokens} `inputs` tokens and {max_tokens} `max_new_tokens`"
        )


async def parse_tgi_chat(request: Request) -> dict[str, Any]:
    body, text = await json_body(request, ("messages",))
    if not isinstance(body["messages"], list):
        raise invalid_type(text, "messages", body["messages"], "a sequence")
    return body


def tgi_chat_response(body: dict[str, Any], dialect: Dialect) -> Response:
    result = run_chat(body)
    try:
        chat_limits(body, result.prompt_tokens)
    except TgiError as exc:
        if not body.get("stream"):
            raise exc.http() from exc
        error = {"error": {"message": exc.message, "http_status_code": 422}}
        return sse_response([dialect.sse(dumps(error)), dialect.sse(DONE)])
    if body.get("stream"):
        return sse_response(stream_bytes(dialect, body, result))
    return JSONResponse(completion(dialect, body, result))


def tgi_completions(body: dict[str, Any], cfg: TgiConfig) -> Response:
    if body.get("suffix") is not None:
        message = "Suffix is not supported and can be achieved by preprocessing the prompt."
        raise FakeHTTPError(422, {"error": message, "error_type": "suffix not supported"})
    prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
    if len(prompts) > 4:
        message = "Number of prompts exceeds the maximum allowed batch size of 4"
        raise FakeHTTPError(422, {"error": message, "error_type": "batch size exceeded"})
    params = GenParams(max_new_tokens=body.get("max_tokens") or 100, stop=body.get("stop") or [])
    base = {"id": "", "created": int(time.time()), "model": cfg.model_id}
    base["system_fingerprint"] = cfg.fingerprint
    if body.get("stream"):
        return sse_response(_completion_stream(str(prompts[0]), params, base))
    return JSONResponse(_completion_final(prompts, params, base))


def _completion_final(
    prompts: list[Any], params: GenParams, base: dict[str, Any]
) -> dict[str, Any]:
    choices, prompt_total, completion_total = [], 0, 0
    for index, prompt in enumerate(prompts):
        generation = generate(str(prompt), params)
        prompt_total += count_tokens(str(prompt))
        completion_total += len(generation.tokens)
        choices.append(
            {
                "finish_reason": generation.finish_reason,
                "index": index,
                "logprobs": None,
                "text": generation.text,
            }
        )
    usage = {"prompt_tokens": prompt_total, "completion_tokens": completion_total}
    usage["total_tokens"] = prompt_total + completion_total
    return {**base, "choices": choices, "usage": usage}


def _completion_stream(prompt: str, params: GenParams, base: dict[str, Any]) -> list[bytes]:
    generation = generate(prompt, params)
    events = []
    for position, token in enumerate(generation.tokens):
        last = position == len(generation.tokens) - 1
        choice = {"finish_reason": generation.finish_reason if last else "", "index": 0}
        choice.update(logprobs=None, text="" if token.special else token.text)
        event: dict[str, Any] = {**base, "choices": [choice]}
        if last:
            prompt_tokens = count_tokens(prompt)
            total = prompt_tokens + len(generation.tokens)
            event["usage"] = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(generation.tokens),
                "total_tokens": total,
            }
        events.append(sse(event))
    return [*events, sse(DONE)]


def guarded(cfg: TgiConfig, handler: Handler) -> Handler:
    async def wrapper(request: Request) -> Response:
        if cfg.api_key is not None:
            header = request.headers.get("authorization", "")
            if header.lower() != f"bearer {cfg.api_key}".lower():
                return Response(b"", status_code=401)
        return await handler(request)

    return wrapper


def tgi_routes(cfg: TgiConfig) -> list[Route]:
    async def compat(request: Request) -> Response:
        req, obj = await parse_generate(request)
        return generate_sse(req, cfg.old) if obj.get("stream") else generate_json(req, as_list=True)

    async def generate_route(request: Request) -> Response:
        req, _ = await parse_generate(request)
        return generate_json(req, as_list=False)

    async def generate_stream(request: Request) -> Response:
        req, _ = await parse_generate(request)
        return generate_sse(req, cfg.old)

    async def chat(request: Request) -> Response:
        return tgi_chat_response(await parse_tgi_chat(request), cfg.dialect())

    async def completions(request: Request) -> Response:
        body, _ = await json_body(request, ("prompt",))
        return tgi_completions(body, cfg)

    async def info_route(request: Request) -> Response:
        return JSONResponse(info(cfg))

    async def health(request: Request) -> Response:
        return Response(b"", status_code=200)

    async def models(request: Request) -> Response:
        card = {
            "id": cfg.model_id,
            "object": "model",
            "created": 1700000000,
            "owned_by": cfg.model_id,
        }
        return JSONResponse({"object": "list", "data": [card]})

    async def metrics(request: Request) -> Response:
        return PlainTextResponse("# TYPE tgi_request_count counter\ntgi_request_count 0\n")

    p = cfg.prefix
    private = [
        (f"{p}", compat),
        (f"{p}/", compat),
        (f"{p}/generate", generate_route),
        (f"{p}/generate_stream", generate_stream),
        (f"{p}/v1/chat/completions", chat),
        (f"{p}/v1/completions", completions),
    ]
    public = [
        (f"{p}/info", info_route),
        (f"{p}/health", health),
        (f"{p}/ping", health),
        (f"{p}/", health),
        (f"{p}/v1/models", models),
        (f"{p}/metrics", metrics),
    ]
    routes = [Route(path, guarded(cfg, h), methods=["POST"]) for path, h in private]
    return routes + [Route(path, h, methods=["GET"]) for path, h in public]
