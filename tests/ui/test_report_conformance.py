"""The inspector lists where a reply departs from the task's published schema, for a server
that answers in a shape our client tolerates (unsorted scores, an extra field)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from playground.tasks import TASKS
from playground.ui.inspector import InspectorView
from playground.ui.tab import make_runner
from tests.fakes.server import serving
from tests.ui.streaming_helpers import NO_REQUEST, context, param_defaults

SPEC = TASKS["text-classification"]
LOOSE = [{"label": "NEGATIVE", "score": 0.1}, {"label": "POSITIVE", "score": 0.9, "rank": 1}]
STRICT = [{"label": "POSITIVE", "score": 0.9}, {"label": "NEGATIVE", "score": 0.1}]


def answering(body: Any) -> Starlette:
    async def classify(_request: Request) -> JSONResponse:
        return JSONResponse(body)

    return Starlette(routes=[Route("/models/org/m", classify, methods=["POST"])])


async def summary_for(body: Any) -> str:
    transport = httpx.AsyncHTTPTransport()
    runner = make_runner(SPEC, context(transport))
    with serving(answering(body)) as url:
        bar = ["custom", f"{url}/models/org/m", "", False, 30, False, "auto"]
        values = [*bar, None, "I love it", *param_defaults(SPEC), ""]
        updates = [update async for update in runner(NO_REQUEST, *values)]
    await transport.aclose()
    inspector = updates[-1][-len(InspectorView().values()) :]
    return str(inspector[0])


@pytest.mark.anyio
async def test_deviations_are_listed_under_the_shape_line() -> None:
    summary = await summary_for(LOOSE)
    assert "✓ The response has the shape" in summary  # our client reads it fine
    assert "deviation" in summary
    assert "unsorted" in summary
    assert "rank" in summary


@pytest.mark.anyio
async def test_a_conforming_reply_lists_none() -> None:
    summary = await summary_for(STRICT)
    assert "✓ The response has the shape" in summary
    assert "deviation" not in summary
