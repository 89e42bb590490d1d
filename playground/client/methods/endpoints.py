"""Raw `post`, model status, deployed models, and endpoint probes (`/info`, `/health`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CallContext, send
from ..error_mapping import error_from_response
from ..errors import ResponseFormatError, ValidationError
from ..media import resolve_media
from ..method import task_method
from ..plan import Job, Reply, Send, Steps, Streamed
from ..targets import HF_LEGACY_ENDPOINT, HF_ROUTER_ENDPOINT, Family, Target, is_url, task_url
from ..types import ModelStatus
from .job_shapes import reply_json
from .stream_handlers import RawLinesHandler

__all__ = ["EndpointMethods"]

MAIN_FRAMEWORKS = [
    "text-generation-inference",
    "sentence-transformers",
    "transformers",
    "diffusers",
]
ALL_FRAMEWORKS = [
    *MAIN_FRAMEWORKS,
    "adapter-transformers",
    "allennlp",
    "asteroid",
    "bertopic",
    "doctr",
    "espnet",
    "fairseq",
    "fastai",
    "fasttext",
    "flair",
    "k2",
    "keras",
    "mindspore",
    "nemo",
    "open_clip",
    "paddlenlp",
    "peft",
    "pyannote-audio",
    "sklearn",
    "spacy",
    "span-marker",
    "speechbrain",
    "stanza",
    "timm",
]


def _status_base(ctx: CallContext) -> str:
    """Status and framework listings live on the serverless host, not on the router."""
    base = (ctx.config.inference_endpoint or "").rstrip("/")
    from ..targets import default_inference_endpoint

    base = base or default_inference_endpoint()
    return HF_LEGACY_ENDPOINT if base == HF_ROUTER_ENDPOINT else base


def _get(ctx: CallContext, target: Target, url: str) -> Steps[Reply]:
    reply: Reply = yield Send(ctx.request(target, url, method="GET"))
    return reply


def _checked(reply: Reply) -> Reply:
    if reply.status >= 400:
        raise error_from_response(reply.status, reply.headers, reply.text, reply.url)
    return reply


def _model_status(ctx: CallContext, model: str | None) -> Steps[ModelStatus]:
    chosen = model or ctx.config.model
    if not chosen:
        raise ValueError("Give a model id to check its status.")
    if chosen.startswith(("http://", "https://")):
        raise ValueError(
            "Model status is only available for model ids on the Inference API, not for URLs."
        )
    target = Target(url=_status_base(ctx), family=Family.HF)
    reply = _checked((yield from _get(ctx, target, f"{target.url}/status/{chosen}")))
    data = reply_json(reply, "model status")
    if not isinstance(data, Mapping) or "loaded" not in data:
        raise ResponseFormatError(f"Unexpected model status: {data!r:.200}", body=data)
    return ModelStatus(
        loaded=bool(data["loaded"]),
        state=str(data.get("state", "")),
        compute_type=data.get("compute_type"),
        framework=str(data.get("framework", "")),
    )


def _deployed(ctx: CallContext, frameworks: Any) -> Steps[dict[str, list[str]]]:
    if frameworks is None:
        frameworks = MAIN_FRAMEWORKS
    elif frameworks == "all":
        frameworks = ALL_FRAMEWORKS
    elif isinstance(frameworks, str):
        frameworks = [frameworks]
    target = Target(url=_status_base(ctx), family=Family.HF)
    models: dict[str, set[str]] = {}
    for framework in frameworks:
        reply = _checked((yield from _get(ctx, target, f"{target.url}/framework/{framework}")))
        for item in reply_json(reply, "deployed models"):
            if isinstance(item, Mapping) and "task" in item and "model_id" in item:
                models.setdefault(item["task"], set()).add(item["model_id"])
    return {task: sorted(ids) for task, ids in sorted(models.items())}


def _url_target(ctx: CallContext, model: str | None, what: str) -> Target:
    target = ctx.target("text-generation", model or ctx.config.model or "")
    if not target.is_url:
        raise ValueError(f"{what} needs an endpoint URL (a TGI, TEI or Inference Endpoint).")
    return target


def _post(
    ctx: CallContext, json: Any, data: Any, model: str | None, task: str | None, stream: bool
) -> Steps[Any]:
    if json is None and data is None:
        raise ValueError("Give `json` or `data` to post.")
    if model is None and task is None and ctx.config.model is None:
        raise ValueError("Give a `model` or a `task` to post to.")
    chosen = model or ctx.config.model
    if chosen and is_url(chosen):
        target, url = Target(chosen, Family.ENDPOINT), chosen
    else:
        target = ctx.target(task or "", chosen)
        url = task_url(target, task or "")
    content = content_type = None
    if data is not None:
        media = yield from resolve_media(data, ctx.config.max_input_bytes)
        content, content_type = media.data, media.content_type
        json = None
    reply: Reply = yield from send(
        ctx,
        lambda wait: ctx.request(
            target,
            url,
            json=json,
            content=content,
            content_type=content_type,
            stream=stream,
            wait_for_model=wait,
        ),
    )
    return Streamed(RawLinesHandler(), reply) if stream else reply.content


class EndpointMethods:
    """Methods that are not tasks: raw post and status queries."""

    @task_method
    def post(
        self,
        json: Any = None,
        data: Any = None,
        model: str | None = None,
        task: str | None = None,
        stream: bool = False,
    ) -> Job[Any]:
        """Send any request to a model or endpoint and get the raw answer back.

        The same retries as the task methods (503 "loading", 429) apply.

        Args:
            json: a JSON-serialisable body (e.g. `{"inputs": ..., "parameters": ...}`).
            data: a binary body: bytes, a file path, an open binary file, or a URL (fetched
                by the client); it wins over `json`.
            model: a Hub model id or a URL (posted to as is); None uses the client's model or
                `task`'s recommended one.
            task: the task, to pick the recommended model and the route when `model` is a
                Hub id.
            stream: iterate the response's lines instead of reading it whole.

        Returns:
            `bytes`: the response body; with `stream=True` an iterator of its non-empty lines
            (bytes), as huggingface_hub 0.17 gave them.

        Raises:
            ValueError: neither `json` nor `data`, or neither `model` nor `task`, is given.
            InputError: `data` can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.

        Example:
            >>> import json
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> raw = client.post(json={"inputs": "I like you"}, task="text-classification")
            >>> json.loads(raw)
            [[{'label': 'POSITIVE', 'score': 0.9998}, {'label': 'NEGATIVE', 'score': 0.0001}]]
        """
        return Job(task or "post", lambda ctx: _post(ctx, json, data, model, task, stream))

    @task_method
    def get_model_status(self, model: str | None = None) -> Job[ModelStatus]:
        """Ask the serverless Inference API about a model, without running it.

        Args:
            model: a Hub model id (not a URL); None uses the client's model.

        Returns:
            `ModelStatus`: `loaded`, `state` ("Loaded", "Loadable", "TooBig"...),
            `compute_type` and `framework`.

        Raises:
            ValueError: no model is given, or it is a URL.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a model status.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.get_model_status("bigcode/starcoder")
            ModelStatus(loaded=True, state='Loaded', compute_type='gpu',
                        framework='text-generation-inference')
        """
        return Job("model-status", lambda ctx: _model_status(ctx, model))

    @task_method
    def list_deployed_models(self, frameworks: Any = None) -> Job[dict[str, list[str]]]:
        """List the models the serverless Inference API has deployed, by task.

        Args:
            frameworks: None for the main frameworks (TGI, sentence-transformers,
                transformers, diffusers), "all", one framework name, or a list of names.

        Returns:
            `dict[str, list[str]]`: task → sorted model ids.

        Raises:
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.list_deployed_models("text-generation-inference")
            {'text-generation': ['bigcode/starcoder', 'meta-llama/Llama-2-70b-chat-hf', ...]}
        """
        return Job("deployed-models", lambda ctx: _deployed(ctx, frameworks))

    @task_method
    def get_endpoint_info(self, model: str | None = None) -> Job[dict[str, Any]]:
        """Ask a TGI or TEI endpoint about itself (`GET {url}/info`).

        Args:
            model: the endpoint URL; None uses the client's model.

        Returns:
            `dict`: what the server says: model id, limits (`max_input_tokens`...), version.

        Raises:
            ValueError: the target is a Hub model id, not an endpoint URL.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient("http://localhost:8080")
            >>> info = client.get_endpoint_info()
            >>> info["model_id"]
            'HuggingFaceTB/SmolLM2-135M-Instruct'
        """

        def steps(ctx: CallContext) -> Steps[dict[str, Any]]:
            target = _url_target(ctx, model, "get_endpoint_info")
            reply = _checked((yield from _get(ctx, target, f"{target.url.rstrip('/')}/info")))
            data = reply_json(reply, "endpoint info")
            return dict(data) if isinstance(data, Mapping) else {"info": data}

        return Job("endpoint-info", steps)

    @task_method
    def health_check(self, model: str | None = None) -> Job[bool]:
        """Check that an endpoint is up (`GET {url}/health` answers 200).

        Args:
            model: the endpoint URL; None uses the client's model.

        Returns:
            `bool`: True on 200, False on any other status.

        Raises:
            ValueError: the target is a Hub model id, not an endpoint URL.
            ConnectionFailedError: nothing answers at that address.
            InferenceTimeoutError: the endpoint did not answer in time.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient("http://localhost:8080")
            >>> client.health_check()
            True
        """

        def steps(ctx: CallContext) -> Steps[bool]:
            target = _url_target(ctx, model, "health_check")
            reply = yield from _get(ctx, target, f"{target.url.rstrip('/')}/health")
            return reply.status == 200

        return Job("health", steps)

    @task_method
    def get(self, url: str) -> Job[Reply]:
        """GET any URL of a server (`/info`, `/v1/models`, `/health`...) and return its reply
        whatever the status: for probing what a server is. The token policy applies as usual.

        Args:
            url: an absolute http(s) URL.

        Returns:
            `Reply`: `.status`, `.headers` (lower-cased), `.content`, `.text`, `.json()`.

        Raises:
            ValidationError: `url` is not an http(s) URL.
            ConnectionFailedError: nothing answers at that address.
            InferenceTimeoutError: the server did not answer in time.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.get("http://localhost:8080/info").json()["model_id"]
            'HuggingFaceTB/SmolLM2-135M-Instruct'
        """
        if not url.startswith(("http://", "https://")):
            raise ValidationError(f"{url!r} is not an http(s) URL.")

        def steps(ctx: CallContext) -> Steps[Reply]:
            return (yield from _get(ctx, Target(url, Family.ENDPOINT), url))

        return Job("get", steps)
