"""The application factory: every route family, the request recorder and error rendering."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import state
from .errors import error_routes
from .faults import fault_routes
from .files import file_routes
from .hf_routes import hf_routes
from .hostile import hostile_routes
from .ollama import ollama_routes
from .openai_compat import all_openai_routes
from .payloads import FakeHTTPError
from .streams import FRAMING_NAMES, framing_bytes, sse_response
from .tei import all_tei_routes
from .tgi import TgiConfig, tgi_routes
from .toolkit import toolkit_routes

TGI_CONFIGS = (
    TgiConfig("/tgi"),
    TgiConfig("/tgi-old", old=True),
    TgiConfig("/tgi-auth", api_key="secret-key"),
)


async def framing_route(request: Request) -> Response:
    name = request.path_params["name"]
    chunks = framing_bytes(name, "fake-model")
    if chunks is None:
        return JSONResponse(
            {"error": f"Unknown framing {name}", "framings": list(FRAMING_NAMES)}, 404
        )
    return sse_response(chunks)


async def fake_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FakeHTTPError)
    return exc.response()


def internal_routes() -> list[Route]:
    return [
        Route("/_fake/requests", state.list_requests, methods=["GET"]),
        Route("/_fake/counters", state.counters, methods=["GET"]),
        Route("/_fake/reset", state.reset, methods=["POST"]),
        Route("/framings/{name}/v1/chat/completions", framing_route, methods=["POST", "GET"]),
    ]


def all_routes() -> list[Route]:
    routes = [*internal_routes(), *file_routes(), *fault_routes(), *hf_routes(), *error_routes()]
    routes += hostile_routes()
    for cfg in TGI_CONFIGS:
        routes += tgi_routes(cfg)
    return routes + all_tei_routes() + all_openai_routes() + ollama_routes() + toolkit_routes()


def create_app() -> Starlette:
    """A fresh fake inference server (its own request log and counters)."""
    fake_state = state.FakeState()
    app = Starlette(
        routes=all_routes(),
        middleware=[Middleware(state.RecorderMiddleware, state=fake_state)],
        exception_handlers={FakeHTTPError: fake_http_error},
    )
    app.state.fake = fake_state
    return app
