"""`/models/faults/{name}` (and `.../v1/chat/completions`): loading, rate limits, broken streams."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .chat import ChatResult, ChunkBuilder
from .hf_render import render
from .hf_tasks import TASKS
from .payloads import Body, error, read_body
from .state import state_of
from .streams import DONE, AbortedStream, dumps, sse, sse_response
from .textgen import GenParams, generate
from .tgi import tgi_chat_response, tgi_dialect
from .tgi_core import TgiRequest, stream_events

RATE_LIMIT_MESSAGE = (
    "Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan "
    "at https://huggingface.co/pricing to use the API at this rate"
)
TGI_STREAM_ERROR = {
    "error": "Request failed during generation: Server error: out of memory",
    "error_type": "generation",
}
OPENAI_STREAM_ERROR = {
    "error": {
        "message": "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. "
        "Given: 4000 `inputs` tokens and 200 `max_new_tokens`",
        "http_status_code": 422,
    }
}
OBJECT_STREAM_ERROR = {
    "object": "error",
    "message": "This model's maximum context length is 4096 tokens. However, you requested "
    "5000 tokens. Please reduce the length of the messages or completion.",
    "type": "BadRequestError",
    "code": 400,
}
LLAMACPP_STREAM_ERROR = {
    "code": 400,
    "message": "the request exceeds the available context size",
    "type": "exceed_context_size_error",
}
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n"
    + "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" * 300
    + "</body>\r\n</html>\r\n"
)
HOME_HTML = (
    "<!doctype html>\n<html><head><title>Hugging Face – The AI community building the future."
    "</title></head><body><h1>Welcome</h1><p>This is not an API response.</p></body></html>\n"
)


@dataclass
class Fault:
    request: Request
    name: str
    chat: bool
    body: Body
    count: int

    @property
    def model(self) -> str:
        return f"faults/{self.name}"

    def ok(self) -> Response:
        if self.chat:
            body = self.body.obj if "messages" in self.body.obj else {"messages": []}
            return tgi_chat_response(body, tgi_dialect(self.model, "3.0.1-sha-0a1b2c3"))
        task = self.request.query_params.get("task", "text-classification")
        spec = TASKS.get(task, TASKS["text-classification"])
        return render(spec.run(self.body, "fake"), self.body, spec, "fake")

    def events(self) -> list[bytes]:
        """Well-formed stream events: TGI token events, or chat chunks on the chat route."""
        if self.chat:
            tokens = [t for t in generate("", GenParams()).tokens if not t.special]
            result = ChatResult(tokens, "stop", prompt_tokens=1)
            builder = ChunkBuilder(tgi_dialect(self.model, "3.0.1-sha-0a1b2c3"), self.body.obj)
            return [sse(chunk) for chunk in builder.all_chunks(result)[:-1]]
        req = TgiRequest("fault", {"details": True})
        return [sse(event) for event in stream_events(req, GenParams())]

    @property
    def delay(self) -> float:
        default = "1" if self.name == "slow-stream" else "3"
        return min(30.0, float(self.request.query_params.get("delay", default)))


def wants_to_wait(fault: Fault) -> bool:
    header = fault.request.headers.get("x-wait-for-model", "").strip().lower()
    options = fault.body.obj.get("options")
    in_body = isinstance(options, dict) and options.get("wait_for_model") is True
    return header in {"true", "1"} or in_body


def loading(fault: Fault) -> Response:
    body = {"error": f"Model {fault.model} is currently loading", "estimated_time": 0.2}
    return JSONResponse(body, status_code=503)


def rate_limited(retry_after: int | None) -> Response:
    headers: dict[str, str] = {}
    if retry_after is not None:
        headers = {
            "retry-after": str(retry_after),
            "ratelimit": f'"api";r=0;t={retry_after}',
            "ratelimit-policy": '"fixed window";"api";q=1000;w=300',
        }
    return JSONResponse({"error": RATE_LIMIT_MESSAGE}, status_code=429, headers=headers)


async def loading_then_ok(fault: Fault) -> Response:
    if wants_to_wait(fault):
        await asyncio.sleep(0.2)
        return fault.ok()
    return loading(fault) if fault.count == 1 else fault.ok()


async def loading_forever(fault: Fault) -> Response:
    if wants_to_wait(fault):
        await asyncio.sleep(0.2)
    return loading(fault)


async def slow(fault: Fault) -> Response:
    await asyncio.sleep(fault.delay)
    return fault.ok()


async def slow_stream(fault: Fault) -> Response:
    return sse_response(fault.events()[:3], delay=fault.delay)


async def stream_cut(fault: Fault) -> Response:
    return AbortedStream(fault.events()[:3])


async def stream_error(fault: Fault, keep: int, tail: list[bytes]) -> Response:
    return sse_response([*fault.events()[:keep], *tail])


def simple(status: int, body: Any, kind: str = "json") -> Callable[[Fault], Awaitable[Response]]:
    async def respond(fault: Fault) -> Response:
        if kind == "json":
            payload = body(fault) if callable(body) else body
            return JSONResponse(payload, status_code=status)
        if kind == "html":
            return HTMLResponse(body, status_code=status)
        return PlainTextResponse(body, status_code=status)

    return respond


FAULTS: dict[str, Callable[[Fault], Awaitable[Response]]] = {
    "loading-then-ok": loading_then_ok,
    "loading-forever": loading_forever,
    "unavailable": simple(503, "Service Temporarily Unavailable", "text"),
    "rate-limited": lambda f: _once(f, rate_limited(1)),
    "rate-limited-forever": lambda f: _always(rate_limited(30)),
    "rate-limited-no-header": lambda f: _once(f, rate_limited(None)),
    "unprocessable-text": simple(
        422,
        "Failed to deserialize the JSON body into the target type: "
        "missing field `inputs` at line 1 column 158",
        "text",
    ),
    "bad-gateway-html": simple(502, BAD_GATEWAY_HTML, "html"),
    "html-200": simple(200, HOME_HTML, "html"),
    "slow": slow,
    "slow-stream": slow_stream,
    "stream-cut": stream_cut,
    "stream-error-tgi": lambda f: stream_error(f, 2, [sse(TGI_STREAM_ERROR, space=False)]),
    "stream-error-openai": lambda f: stream_error(f, 2, [sse(OPENAI_STREAM_ERROR), sse(DONE)]),
    "stream-error-object": lambda f: stream_error(f, 2, [sse(OBJECT_STREAM_ERROR), sse(DONE)]),
    "stream-error-llamacpp": lambda f: stream_error(
        f, 0, [f"error: {dumps(LLAMACPP_STREAM_ERROR)}\n\n".encode(), sse(DONE)]
    ),
    "unauthorized": simple(401, {"error": "Invalid credentials in Authorization header"}),
    "not-found": simple(404, lambda f: {"error": f"Model {f.model} does not exist"}),
    "overloaded": simple(429, {"error": "Model is overloaded", "error_type": "overloaded"}),
    "too-busy": simple(
        500, {"error": "Model too busy, unable to get response in less than 120 second(s)"}
    ),
    "generation-error": simple(
        424,
        {
            "error": "Request failed during generation: Server error: CUDA out of memory",
            "error_type": "generation",
        },
    ),
    "unknown-error": simple(500, {"error": "unknown error"}),
}


async def _once(fault: Fault, failure: Response) -> Response:
    return failure if fault.count == 1 else fault.ok()


async def _always(failure: Response) -> Response:
    return failure


async def fault_route(request: Request) -> Response:
    name = request.path_params["name"]
    handler = FAULTS.get(name)
    if handler is None:
        raise error(404, f"Model faults/{name} does not exist")
    count = state_of(request).bump(request.url.path)
    chat = request.url.path.endswith("/v1/chat/completions")
    fault = Fault(request, name, chat, await read_body(request), count)
    return await handler(fault)


def fault_status(request: Request, name: str) -> dict[str, Any]:
    if name not in FAULTS:
        raise error(404, f"Model faults/{name} does not exist")
    seen = state_of(request).counters.get(f"/models/faults/{name}", 0)
    loaded = name != "loading-forever" and (name != "loading-then-ok" or seen > 0)
    return {
        "loaded": loaded,
        "state": "Loaded" if loaded else "Loadable",
        "compute_type": "cpu",
        "framework": "transformers",
    }


def fault_routes() -> list[Route]:
    return [
        Route("/models/faults/{name}", fault_route, methods=["POST"]),
        Route("/models/faults/{name}/v1/chat/completions", fault_route, methods=["POST"]),
    ]
