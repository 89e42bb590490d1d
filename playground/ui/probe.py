""" "Test connection": is the target reachable, what server is it, which model does it serve."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import httpx

from playground.client import AsyncInferenceClient, InferenceError
from playground.client.plan import Reply
from playground.client.redaction import redact

from .servers import identify
from .target import ClientFactory, TargetChoice

__all__ = ["probe_target"]

WHOAMI = "https://huggingface.co/api/whoami-v2"


def _json(reply: Reply) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None


async def _probe_custom(client: AsyncInferenceClient, url: str) -> str:
    server = await identify(client, url)
    mark = "✓ Reachable" if server.family or "/health" in server.summary else "Reachable, but"
    return f"{mark}: {server.summary}."


async def _probe_local(client: AsyncInferenceClient, base: str) -> str:
    reply = await client.get(f"{base}/models")
    data = _json(reply)
    if reply.status != 200 or not isinstance(data, list):
        return f"The local server answered {reply.status}."
    ready = [item for item in data if item.get("state") != "Unavailable"]
    tasks = sorted({item.get("task") for item in ready})
    return (
        f"✓ Local server at {base}: {len(ready)} models ready for {len(tasks)} tasks "
        f"({len(data) - len(ready)} need extra packages; see MODELS.md)."
    )


async def _probe_hf(
    client: AsyncInferenceClient, target: TargetChoice, factory: ClientFactory
) -> str:
    endpoint = factory.settings.hf_endpoint
    if target.visitor_token:
        reply = await client.get(WHOAMI)
        data = _json(reply)
        if reply.status == 200 and isinstance(data, Mapping):
            return f"✓ Hugging Face reachable; your token belongs to **{data.get('name')}**."
        return f"Hugging Face answered {reply.status} for the token check: is the token valid?"
    reply = await client.get(str(httpx.URL(endpoint).copy_with(path="/v1/models", query=None)))
    if reply.status >= 500:
        return f"The Hugging Face endpoint {endpoint} answered {reply.status}."
    if factory.uses_host_token(target):  # never name the host's account
        left = (
            f" ({factory.host_budget.left_today(target.caller.visitor)} calls left today)"
            if factory.settings.public
            else ""
        )
        return f"✓ Hugging Face reachable ({endpoint}); calls use this demo's token{left}."
    return (
        f"✓ Hugging Face reachable ({endpoint}); no token, so only public, free-tier calls "
        "will work."
    )


async def probe_target(factory: ClientFactory, target: TargetChoice) -> str:
    """Test connection: one sentence (Markdown) saying what answers on the target."""
    try:
        with factory.admit(target):
            return redact(await _probe(factory, target), factory.secrets(target))
    except InferenceError as error:
        return redact(f"⚠ {html.escape(str(error))}", factory.secrets(target))


async def _probe(factory: ClientFactory, target: TargetChoice) -> str:
    url = target.url.strip()
    factory.check(target, url if target.kind == "custom" and url else None)
    async with factory.client(target) as client:
        if target.kind == "local":
            return await _probe_local(client, factory.local_url or "")
        if target.kind == "hf":
            return await _probe_hf(client, target, factory)
        return await _probe_custom(client, url)
