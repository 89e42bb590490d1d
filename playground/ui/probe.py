""" "Test connection": is the target reachable, what server is it, which model does it serve."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import httpx

from playground.client import AsyncInferenceClient, InferenceError
from playground.client.plan import Job, Reply, Send
from playground.client.redaction import redact
from playground.client.targets import Family
from playground.client.targets import Target as ClientTarget

from .target import ClientFactory, Target

__all__ = ["describe_info", "probe_target"]

WHOAMI = "https://huggingface.co/api/whoami-v2"


async def _get(client: AsyncInferenceClient, url: str) -> Reply:
    def steps(ctx: Any) -> Any:
        reply = yield Send(ctx.request(ClientTarget(url, Family.ENDPOINT), url, method="GET"))
        return reply

    return await client._run_job(Job("probe", steps), None)  # type: ignore[no-any-return]


def _json(reply: Reply) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None


def describe_info(info: Mapping[str, Any]) -> str:
    """One line from a TGI or TEI `/info`."""
    if "model_type" in info:
        kind = (
            next(iter(info["model_type"]), "model")
            if isinstance(info["model_type"], dict)
            else info["model_type"]
        )
        return (
            f"TEI {info.get('version', '')} serving **{info.get('model_id')}** ({kind}, "
            f"max input {info.get('max_input_length')} tokens)"
        )
    if "max_total_tokens" in info or "router" in info:
        return (
            f"TGI {info.get('version', '')} serving **{info.get('model_id')}** (max total "
            f"{info.get('max_total_tokens')} tokens, max input "
            f"{info.get('max_input_tokens', info.get('max_input_length'))})"
        )
    return f"a server reporting model **{info.get('model_id', 'unknown')}**"


async def _probe_custom(client: AsyncInferenceClient, url: str) -> str:
    base = url.rstrip("/")
    info = await _get(client, f"{base}/info")
    data = _json(info)
    if info.status == 200 and isinstance(data, Mapping):
        return f"✓ Reachable: {describe_info(data)}."
    models = await _get(client, f"{base.removesuffix('/v1')}/v1/models")
    data = _json(models)
    if models.status == 200 and isinstance(data, Mapping) and isinstance(data.get("data"), list):
        names = ", ".join(str(item.get("id")) for item in data["data"][:5])
        return f"✓ Reachable: an OpenAI-compatible server serving {names}."
    health = await _get(client, f"{base}/health")
    if health.status == 200:
        return "✓ Reachable: an inference endpoint (its /health answers 200)."
    root = await _get(client, base)
    return f"Reachable, but not a known inference server: GET {base} answered {root.status}."


async def _probe_local(client: AsyncInferenceClient, base: str) -> str:
    reply = await _get(client, f"{base}/models")
    data = _json(reply)
    if reply.status != 200 or not isinstance(data, list):
        return f"The local server answered {reply.status}."
    ready = [item for item in data if item.get("state") != "Unavailable"]
    tasks = sorted({item.get("task") for item in ready})
    return (
        f"✓ Local server at {base}: {len(ready)} models ready for {len(tasks)} tasks "
        f"({len(data) - len(ready)} need extra packages; see MODELS.md)."
    )


async def _probe_hf(client: AsyncInferenceClient, target: Target, factory: ClientFactory) -> str:
    endpoint = factory.settings.hf_endpoint
    if target.visitor_token:
        reply = await _get(client, WHOAMI)
        data = _json(reply)
        if reply.status == 200 and isinstance(data, Mapping):
            return f"✓ Hugging Face reachable; your token belongs to **{data.get('name')}**."
        return f"Hugging Face answered {reply.status} for the token check: is the token valid?"
    reply = await _get(client, str(httpx.URL(endpoint).copy_with(path="/v1/models", query=None)))
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


async def probe_target(factory: ClientFactory, target: Target) -> str:
    """Test connection: one sentence (Markdown) saying what answers on the target."""
    try:
        with factory.admit(target):
            return redact(await _probe(factory, target), factory.secrets(target))
    except InferenceError as error:
        return redact(f"⚠ {html.escape(str(error))}", factory.secrets(target))


async def _probe(factory: ClientFactory, target: Target) -> str:
    url = target.url.strip()
    factory.check(target, url if target.kind == "custom" and url else None)
    async with factory.client(target) as client:
        if target.kind == "local":
            return await _probe_local(client, factory.local_url or "")
        if target.kind == "hf":
            return await _probe_hf(client, target, factory)
        return await _probe_custom(client, url)
