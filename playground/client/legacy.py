"""`InferenceApi`: huggingface_hub's legacy callable, as a thin wrapper over the client."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from .context import CallContext, send
from .error_mapping import error_from_response
from .plan import Job, Reply, Send, Steps, parse_json
from .sync_client import InferenceClient
from .targets import PIPELINE_TASKS, Family, Target, default_inference_endpoint, pipeline_url

__all__ = ["InferenceApi"]

HUB_MODELS_API = "https://huggingface.co/api/models"


def _pipeline_tag(ctx: CallContext, repo_id: str) -> Steps[str]:
    url = f"{HUB_MODELS_API}/{repo_id}"
    reply: Reply = yield Send(ctx.request(Target(url, Family.ENDPOINT), url, method="GET"))
    if reply.status >= 400:
        raise error_from_response(reply.status, reply.headers, reply.text, url)
    data = reply.json()
    tag = data.get("pipeline_tag") if isinstance(data, Mapping) else None
    if not tag:
        raise ValueError(f"{repo_id} has no pipeline tag on the Hub; pass `task=`.")
    return str(tag)


def _call(ctx: CallContext, url: str, payload: dict[str, Any], data: bytes | None) -> Steps[Reply]:
    target = Target(url, Family.ENDPOINT)
    if data is not None:
        return (
            yield from send(
                ctx,
                lambda wait: ctx.request(
                    target,
                    url,
                    content=data,
                    content_type="application/octet-stream",
                    wait_for_model=True,
                ),
            )
        )
    return (
        yield from send(
            ctx, lambda wait: ctx.request(target, url, json=payload, wait_for_model=True)
        )
    )


def _decode(reply: Reply) -> Any:
    kind = reply.content_type
    if kind.startswith("image"):
        from PIL import Image

        return Image.open(io.BytesIO(reply.content))
    if kind == "application/json":
        return parse_json(reply.content)
    raise NotImplementedError(
        f"{kind} output type is not implemented yet. You can pass `raw_response=True` to get the "
        "raw response and parse the output by yourself."
    )


class InferenceApi:
    """`InferenceApi(repo_id, task=None, token=None)(inputs, params, data, raw_response)`.

    Without `task`, the model's pipeline tag is read from the Hub (needs network); pass `task`
    to avoid that call. `raw_response=True` returns a `Reply` (status_code, headers, content,
    json())."""

    def __init__(
        self,
        repo_id: str,
        task: str | None = None,
        token: str | None = None,
        gpu: bool = False,
        *,
        client: InferenceClient | None = None,
    ) -> None:
        self.repo_id = repo_id
        self._client = client or InferenceClient(token=token)
        self.options: dict[str, Any] = {"wait_for_model": True, "use_gpu": gpu}
        self.task = task or self._run("model-info", lambda ctx: _pipeline_tag(ctx, repo_id))
        base = self._client._config.inference_endpoint or default_inference_endpoint()
        target = Target(f"{base}/models/{repo_id}", Family.HF, repo_id, base)
        self.api_url = (
            pipeline_url(target, self.task) if self.task in PIPELINE_TASKS else target.url
        )

    def __repr__(self) -> str:
        return f"InferenceApi(api_url={self.api_url!r}, task={self.task!r}, options={self.options})"

    def _run(self, task: str, steps: Any) -> Any:
        return self._client._run_job(Job(task, steps), None)

    def __call__(
        self,
        inputs: Any = None,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        raw_response: bool = False,
    ) -> Any:
        payload: dict[str, Any] = {"options": self.options}
        if inputs is not None:
            payload["inputs"] = inputs
        if params is not None:
            payload["parameters"] = params
        reply: Reply = self._run(self.task, lambda ctx: _call(ctx, self.api_url, payload, data))
        return reply if raw_response else _decode(reply)
