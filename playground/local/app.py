"""The local inference server as a Starlette app."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import generation_routes, routes
from .catalog import MODELS
from .errors import LocalError
from .manager import DEFAULT_HOLD, ModelManager
from .spec import ModelSpec

log = logging.getLogger(__name__)


def _openai_route(request: Request) -> bool:
    return "/v1/" in request.url.path


async def _local_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LocalError)
    return JSONResponse(exc.body(openai=_openai_route(request)), status_code=exc.status)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    error = LocalError(f"Internal error in the local server: {type(exc).__name__}: {exc}")
    return JSONResponse(error.body(openai=_openai_route(request)), status_code=500)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = f"{exc.detail}: {request.method} {request.url.path}"
    return JSONResponse({"error": message}, exc.status_code, headers=exc.headers)


async def _root(request: Request) -> JSONResponse:
    return JSONResponse({"server": "inference-playground local", "models": "/models"})


async def _health(request: Request) -> Response:
    return Response(status_code=200)


def create_app(
    models: Sequence[ModelSpec] = MODELS, workers: int = 4, hold: float = DEFAULT_HOLD
) -> Starlette:
    """The local server: HF inference, TGI and OpenAI routes over the given local models.

    Models load lazily on first use. A request for a cold model is held while it loads, up to
    `hold` seconds, then answered 503 + `estimated_time`; `x-wait-for-model: true` holds it
    until the model is loaded, `x-wait-for-model: false` answers that 503 at once (for clients
    that show their own countdown).
    """
    manager = ModelManager(models, workers=workers, hold=hold)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        manager.close()

    app = Starlette(
        routes=[
            Route("/", _root, methods=["GET"]),
            Route("/", routes.tgi, methods=["POST"]),
            Route("/health", _health, methods=["GET"]),
            Route("/info", generation_routes.tgi_info, methods=["GET"]),
            Route("/generate", routes.tgi, methods=["POST"]),
            Route("/generate_stream", routes.tgi, methods=["POST"]),
            Route("/v1/chat/completions", routes.chat, methods=["POST"]),
            Route("/v1/completions", routes.completions, methods=["POST"]),
            Route("/v1/embeddings", routes.embeddings, methods=["POST"]),
            Route("/v1/models", routes.openai_models, methods=["GET"]),
            Route("/models", routes.list_models, methods=["GET"]),
            Route("/tasks", routes.list_tasks, methods=["GET"]),
            Route("/status/{model_id:path}", routes.status, methods=["GET"]),
            Route("/models/{model_id:path}", routes.model_info, methods=["GET"]),
            Route("/models/{rest:path}", routes.models_post, methods=["POST"]),
            Route("/pipeline/{task}/{model_id:path}", routes.pipeline_post, methods=["POST"]),
        ],
        exception_handlers={
            LocalError: _local_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
        lifespan=lifespan,
    )
    app.state.manager = manager
    return app
