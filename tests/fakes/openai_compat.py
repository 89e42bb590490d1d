"""OpenAI-compatible servers: `/openai`, `/vllm-old`, `/llamacpp` and `/ollama/v1`."""

from __future__ import annotations

import json
import struct
import time
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .chat import Dialect, completion, run_chat, stream_bytes
from .hf_structured import embed
from .payloads import FakeHTTPError, b64
from .streams import DONE, dumps, sse, sse_response
from .textgen import GenParams, count_tokens, generate

MISSING_MODEL = "does-not-exist"


def openai_error(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> FakeHTTPError:
    kind = {401: "authentication_error", 429: "rate_limit_error"}.get(
        status, "invalid_request_error"
    )
    kind = "server_error" if status >= 500 else kind
    return FakeHTTPError(
        status, {"error": {"message": message, "type": kind, "param": param, "code": code}}
    )


def vllm_old_error(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> FakeHTTPError:
    kind = {400: "BadRequestError", 404: "NotFoundError"}.get(status, "InternalServerError")
    body = {"object": "error", "message": message, "type": kind, "param": param, "code": status}
    return FakeHTTPError(status, body)


def llamacpp_error(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> FakeHTTPError:
    kind = "not_found_error" if status == 404 else "invalid_request_error"
    return FakeHTTPError(status, {"error": {"code": status, "message": message, "type": kind}})


@dataclass(frozen=True)
class OpenAIConfig:
    prefix: str
    dialect: Dialect
    context: int = 8192
    requires_model: bool = True
    llamacpp: bool = False


def make_dialect(name: str, error: Any, **overrides: Any) -> Dialect:
    base: dict[str, Any] = {
        "model_id": "fake-model",
        "fingerprint": "fp_fake",
        "error": error,
        "first_delta": {"role": "assistant", "content": ""},
    }
    return Dialect(name=name, **{**base, **overrides})


CONFIGS = (
    OpenAIConfig("/openai", make_dialect("openai", openai_error)),
    OpenAIConfig("/vllm-old", make_dialect("vllm-old", vllm_old_error)),
    OpenAIConfig(
        "/llamacpp",
        make_dialect(
            "llamacpp",
            llamacpp_error,
            fingerprint="b4000-fake",
            first_delta={"role": "assistant", "content": None},
        ),
        context=256,
        requires_model=False,
        llamacpp=True,
    ),
    OpenAIConfig(
        "/ollama",
        make_dialect(
            "ollama", openai_error, fingerprint="fp_ollama", first_delta=None, role_each_chunk=True
        ),
    ),
)


async def parse_openai(request: Request, dialect: Dialect) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise dialect.error(400, "We could not parse the JSON body of your request.")
    return body


def check_model(body: dict[str, Any], cfg: OpenAIConfig) -> None:
    model = body.get("model")
    if cfg.requires_model and not model:
        raise cfg.dialect.error(400, "you must provide a model parameter")
    if model == MISSING_MODEL:
        message = f"The model `{model}` does not exist or you do not have access to it."
        raise cfg.dialect.error(404, message, None, "model_not_found")


def check_chat(body: dict[str, Any], cfg: OpenAIConfig) -> None:
    check_model(body, cfg)
    err = cfg.dialect.error
    if "messages" not in body:
        raise err(
            400, "Missing required parameter: 'messages'.", "messages", "missing_required_parameter"
        )
    if not isinstance(body["messages"], list):
        message = (
            "Invalid type for 'messages': expected an array of objects, but got a string instead."
        )
        raise err(400, message, "messages", "invalid_type")
    temperature = body.get("temperature")
    if isinstance(temperature, int | float) and temperature > 2:
        message = (
            "Invalid 'temperature': decimal above maximum value. "
            f"Expected a value <= 2, but got {temperature} instead."
        )
        raise err(400, message, "temperature", "decimal_above_max_value")
    if isinstance(temperature, int | float) and temperature < 0:
        message = (
            "Invalid 'temperature': decimal below minimum value. "
            f"Expected a value >= 0, but got {temperature} instead."
        )
        raise err(400, message, "temperature", "decimal_below_min_value")


def context_error(prompt: int, requested: int, cfg: OpenAIConfig) -> FakeHTTPError | None:
    if cfg.llamacpp:
        if prompt <= cfg.context:
            return None
        body = {
            "code": 400,
            "message": "the request exceeds the available context size, try increasing it",
            "type": "exceed_context_size_error",
            "n_prompt_tokens": prompt,
            "n_ctx": cfg.context,
        }
        return FakeHTTPError(400, {"error": body})
    if prompt + requested <= cfg.context:
        return None
    message = (
        f"This model's maximum context length is {cfg.context} tokens. However, you requested "
        f"{prompt + requested} tokens ({prompt} in the messages, {requested} in the completion). "
        "Please reduce the length of the messages or completion."
    )
    return cfg.dialect.error(400, message, "messages", "context_length_exceeded")


def chat_response(body: dict[str, Any], cfg: OpenAIConfig) -> Response:
    check_chat(body, cfg)
    result = run_chat(body)
    failure = context_error(result.prompt_tokens, int(body.get("max_tokens") or 0), cfg)
    if failure is not None and cfg.llamacpp and body.get("stream"):
        inner = {k: v for k, v in failure.body["error"].items() if k in {"code", "message", "type"}}
        return sse_response([f"error: {dumps(inner)}\n\n".encode(), sse(DONE)])
    if failure is not None:
        raise failure
    if body.get("stream"):
        return sse_response(stream_bytes(cfg.dialect, body, result))
    return JSONResponse(completion(cfg.dialect, body, result))


def _finish(reason: str) -> str:
    return "length" if reason == "length" else "stop"


def completions_response(
    body: dict[str, Any], dialect: Dialect, check: OpenAIConfig | None = None
) -> Response:
    if check is not None:
        check_model(body, check)
    if "prompt" not in body:
        raise dialect.error(
            400, "Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter"
        )
    prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
    params = GenParams(
        max_new_tokens=int(body.get("max_tokens") or 16), stop=body.get("stop") or []
    )
    base = {
        "id": "cmpl-fake",
        "object": "text_completion",
        "created": int(time.time()),
        "model": dialect.model(body.get("model")),
    }
    if body.get("stream"):
        return sse_response(_completion_chunks(str(prompts[0]), params, base))
    choices, used = [], 0
    for index, prompt in enumerate(prompts):
        gen = generate(str(prompt), params)
        text = (str(prompt) if body.get("echo") else "") + gen.text
        used += len(gen.tokens)
        choices.append(
            {
                "index": index,
                "text": text,
                "logprobs": None,
                "finish_reason": _finish(gen.finish_reason),
            }
        )
    prompt_tokens = sum(count_tokens(str(p)) for p in prompts)
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": used,
        "total_tokens": prompt_tokens + used,
    }
    return JSONResponse({**base, "choices": choices, "usage": usage})


def _completion_chunks(prompt: str, params: GenParams, base: dict[str, Any]) -> list[bytes]:
    gen = generate(prompt, params)
    visible = [t for t in gen.tokens if not t.special]
    events = [
        sse(
            {
                **base,
                "choices": [{"index": 0, "text": t.text, "logprobs": None, "finish_reason": None}],
            }
        )
        for t in visible
    ]
    final = {"index": 0, "text": "", "logprobs": None, "finish_reason": _finish(gen.finish_reason)}
    return [*events, sse({**base, "choices": [final]}), sse(DONE)]


def embeddings_response(body: dict[str, Any], cfg: OpenAIConfig) -> Response:
    check_model(body, cfg)
    err = cfg.dialect.error
    if "input" not in body:
        raise err(
            400, "Missing required parameter: 'input'.", "input", "missing_required_parameter"
        )
    raw = body["input"]
    items = raw if isinstance(raw, list) and raw and not isinstance(raw[0], int) else [raw]
    texts = [" ".join(map(str, i)) if isinstance(i, list) else str(i) for i in items]
    dim = body.get("dimensions") or 32
    data = []
    for index, text in enumerate(texts):
        vector: Any = embed(text, dim=dim)
        if body.get("encoding_format") == "base64":
            vector = b64(struct.pack(f"<{len(vector)}f", *vector))
        data.append({"object": "embedding", "index": index, "embedding": vector})
    tokens = sum(count_tokens(t) for t in texts)
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return JSONResponse(
        {
            "object": "list",
            "data": data,
            "model": cfg.dialect.model(body.get("model")),
            "usage": usage,
        }
    )


def openai_routes(cfg: OpenAIConfig) -> list[Route]:
    async def chat(request: Request) -> Response:
        return chat_response(await parse_openai(request, cfg.dialect), cfg)

    async def completions(request: Request) -> Response:
        return completions_response(await parse_openai(request, cfg.dialect), cfg.dialect, cfg)

    async def embeddings(request: Request) -> Response:
        return embeddings_response(await parse_openai(request, cfg.dialect), cfg)

    async def models(request: Request) -> Response:
        card = {
            "id": cfg.dialect.model_id,
            "object": "model",
            "created": 1700000000,
            "owned_by": "fake",
        }
        return JSONResponse({"object": "list", "data": [card]})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    p = cfg.prefix
    return [
        Route(f"{p}/v1/chat/completions", chat, methods=["POST"]),
        Route(f"{p}/v1/completions", completions, methods=["POST"]),
        Route(f"{p}/v1/embeddings", embeddings, methods=["POST"]),
        Route(f"{p}/v1/models", models, methods=["GET"]),
        Route(f"{p}/health", health, methods=["GET"]),
    ]


def all_openai_routes() -> list[Route]:
    return [route for cfg in CONFIGS for route in openai_routes(cfg)]
