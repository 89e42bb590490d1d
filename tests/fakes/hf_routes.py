"""hf-inference routes: `/models/{org}/{task}`, pipelines, chat, status and framework listing."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .faults import fault_status
from .hf_render import render
from .hf_tasks import PIPELINES, TASKS, deployed, lookup
from .openai_compat import completions_response, make_dialect, openai_error, parse_openai
from .payloads import FakeHTTPError, error, read_body
from .tgi import parse_tgi_chat, tgi_chat_response, tgi_dialect

CHAT_TASKS = ("text-generation", "conversational")


def not_found(org: str, task: str) -> FakeHTTPError:
    return error(404, f"Model {org}/{task} does not exist")


async def model_route(request: Request) -> Response:
    org, task = request.path_params["org"], request.path_params["task"]
    spec = lookup(org, task)
    if spec is None:
        raise not_found(org, task)
    body = await read_body(request)
    return render(spec.run(body, org), body, spec, org)


async def run_pipeline(request: Request, org: str, task: str, pipeline: str) -> Response:
    if lookup(org, task) is None:
        raise not_found(org, task)
    if pipeline not in TASKS:
        raise error(404, f"Unknown task {pipeline}")
    if pipeline not in PIPELINES or task not in PIPELINES:
        raise error(400, f"Task {pipeline} is not supported for model {org}/{task}")
    spec = TASKS[pipeline]
    variant = org if org in spec.variants else "fake"
    body = await read_body(request)
    return render(spec.run(body, variant), body, spec, variant)


async def pipeline_route(request: Request) -> Response:
    p = request.path_params
    return await run_pipeline(request, p["org"], p["task"], p["pipeline"])


def _chat_model(request: Request) -> str:
    org, task = request.path_params["org"], request.path_params["task"]
    if lookup(org, task) is None:
        raise not_found(org, task)
    if task not in CHAT_TASKS or org == "transformers":
        raise error(400, f"Model {org}/{task} does not support chat completion")
    return f"{org}/{task}"


async def hf_chat(request: Request) -> Response:
    model_id = _chat_model(request)
    body = await parse_tgi_chat(request)
    return tgi_chat_response(body, tgi_dialect(model_id, "3.0.1-sha-0a1b2c3"))


async def hf_completions(request: Request) -> Response:
    dialect = make_dialect("vllm", openai_error, model_id=_chat_model(request))
    return completions_response(await parse_openai(request, dialect), dialect)


async def status(request: Request) -> Response:
    org, task = request.path_params["org"], request.path_params["task"]
    if org == "faults":
        return JSONResponse(fault_status(request, task))
    spec = lookup(org, task)
    if spec is None:
        raise not_found(org, task)
    return JSONResponse(
        {"loaded": True, "state": "Loaded", "compute_type": "cpu", "framework": spec.framework}
    )


async def framework(request: Request) -> Response:
    return JSONResponse(deployed(request.path_params["framework"]))


def hf_routes() -> list[Route]:
    return [
        Route("/models/{org}/{task}", model_route, methods=["POST"]),
        Route("/models/{org}/{task}/pipeline/{pipeline}", pipeline_route, methods=["POST"]),
        Route("/pipeline/{pipeline}/{org}/{task}", pipeline_route, methods=["POST"]),
        Route("/models/{org}/{task}/v1/chat/completions", hf_chat, methods=["POST"]),
        Route("/models/{org}/{task}/v1/completions", hf_completions, methods=["POST"]),
        Route("/status/{org}/{task}", status, methods=["GET"]),
        Route("/framework/{framework}", framework, methods=["GET"]),
    ]
