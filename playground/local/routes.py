"""Task routes in the HF inference wire format, model listing and status."""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from . import generation_routes
from .adapters.base import Binary
from .embeddings import openai_embeddings
from .errors import REMOTE_HINT, BadInput, LocalError, NotFound
from .manager import ModelManager
from .payload import read_payload

KNOWN_TASKS = (
    "audio-classification", "audio-to-audio", "automatic-speech-recognition", "conversational",
    "depth-estimation", "document-question-answering", "feature-extraction", "fill-mask",
    "image-classification", "image-segmentation", "image-text-to-text", "image-to-image",
    "image-to-text", "object-detection", "question-answering", "sentence-similarity",
    "summarization", "table-question-answering", "tabular-classification",
    "tabular-regression", "text-classification", "text-generation", "text-to-audio",
    "text-to-image", "text-to-speech", "text-to-video", "token-classification", "translation",
    "visual-question-answering", "zero-shot-classification", "zero-shot-image-classification",
    "zero-shot-object-detection",
)  # fmt: skip
CHAT_SUFFIX, COMPLETION_SUFFIX, PIPELINE = "/v1/chat/completions", "/v1/completions", "/pipeline/"
EMBEDDINGS_SUFFIX = "/v1/embeddings"


def manager_of(request: Request) -> ModelManager:
    manager: ModelManager = request.app.state.manager  # Starlette's app state is untyped
    return manager


def models_for(manager: ModelManager, task: str) -> list[str]:
    return [model_id for model_id, slot in manager.slots.items() if task in slot.spec.tasks]


def no_local_model(task: str) -> NotFound:
    return NotFound(f"There is no local model for {task}. {REMOTE_HINT}", task=task)


def unknown_model(manager: ModelManager, model_id: str) -> NotFound:
    task = model_id.removeprefix("local/")
    if task in KNOWN_TASKS:
        found = models_for(manager, task)
        if not found:
            return no_local_model(task)
        return NotFound(f"Model {model_id} does not exist; local models for {task}: {found}")
    return NotFound(
        f"Model {model_id} is not served by the local server (GET /models lists its models). "
        + REMOTE_HINT
    )


def spec_or_404(manager: ModelManager, model_id: str) -> Any:
    if model_id not in manager.slots:
        raise unknown_model(manager, model_id)
    return manager.spec(model_id)


async def list_models(request: Request) -> JSONResponse:
    manager = manager_of(request)
    return JSONResponse([slot.spec.describe(manager.state(i)) for i, slot in manager.slots.items()])


async def openai_models(request: Request) -> JSONResponse:
    manager = manager_of(request)
    served = models_for(manager, "conversational") + models_for(manager, "feature-extraction")
    data = [
        {"id": model_id, "object": "model", "created": 0, "owned_by": "playground-local"}
        for model_id in served
    ]
    return JSONResponse({"object": "list", "data": data})


async def list_tasks(request: Request) -> JSONResponse:
    manager = manager_of(request)
    return JSONResponse({task: models_for(manager, task) for task in KNOWN_TASKS})


async def model_info(request: Request) -> JSONResponse:
    manager = manager_of(request)
    model_id = request.path_params["model_id"]
    spec = spec_or_404(manager, model_id)
    return JSONResponse(spec.describe(manager.state(model_id)))


async def status(request: Request) -> JSONResponse:
    manager = manager_of(request)
    model_id = request.path_params["model_id"]
    spec_or_404(manager, model_id)
    return JSONResponse(manager.status(model_id))


async def models_post(request: Request) -> Response:
    """`POST /models/{id}[/pipeline/{task} | /v1/chat/completions | /v1/completions |
    /v1/embeddings]`."""
    rest: str = request.path_params["rest"].rstrip("/")
    for suffix, handler in (
        (CHAT_SUFFIX, generation_routes.openai_chat),
        (COMPLETION_SUFFIX, generation_routes.openai_completion),
        (EMBEDDINGS_SUFFIX, openai_embeddings),
    ):
        if rest.endswith(suffix):
            model_id = rest.removesuffix(suffix)
            spec_or_404(manager_of(request), model_id)
            return await handler(request, await _json_body(request), model_id)
    model_id, _, task = rest.partition(PIPELINE)
    return await run_task(request, model_id, task or None)


async def pipeline_post(request: Request) -> Response:
    """Legacy `POST /pipeline/{task}/{id}`."""
    return await run_task(request, request.path_params["model_id"], request.path_params["task"])


async def run_task(request: Request, model_id: str, task: str | None) -> Response:
    manager = manager_of(request)
    if model_id not in manager.slots and task and not models_for(manager, task):
        raise no_local_model(task)
    spec = spec_or_404(manager, model_id)
    payload = await read_payload(request)
    task = spec.pick_task(task, payload.inputs)
    if task == "text-generation":
        return await generation_routes.tgi_generate(request, payload, model_id, compat=True)
    if task == "conversational":
        return await generation_routes.conversational(request, payload, model_id)
    model = await manager.acquire(
        model_id, wait=generation_routes.wants_wait(request, payload.body)
    )
    started = time.perf_counter()
    try:
        result = await manager.run(
            model_id, model.predict, task, payload, request.headers.get("accept")
        )
    except LocalError:
        raise
    except Exception as exc:
        raise LocalError(f"{model_id} failed on {task}: {type(exc).__name__}: {exc}") from exc
    headers = {"x-compute-type": "cpu", "x-compute-time": f"{time.perf_counter() - started:.3f}"}
    if isinstance(result, Binary):
        return Response(result.content, media_type=result.media_type, headers=headers)
    return JSONResponse(result, headers=headers)


async def chat(request: Request) -> Response:
    body = await _json_body(request)
    return await generation_routes.openai_chat(request, body, None)


async def embeddings(request: Request) -> Response:
    return await openai_embeddings(request, await _json_body(request))


async def completions(request: Request) -> Response:
    body = await _json_body(request)
    return await generation_routes.openai_completion(request, body, None)


async def tgi(request: Request) -> Response:
    payload = await read_payload(request)
    compat = request.url.path.rstrip("/") == ""
    return await generation_routes.tgi_generate(request, payload, compat=compat)


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"The body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise BadInput("The body must be a JSON object")
    return body
