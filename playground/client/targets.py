"""Where a call goes: a model id, a URL or nothing becomes a URL, and a server family.

Families:
- `hf`: the HF inference protocol addressed by model id (`{base}/models/{id}`): the router's
  hf-inference provider by default, the legacy serverless host, our local server, a test server.
- `endpoint`: a URL used as given (a dedicated Inference Endpoint, TGI's or TEI's root route...).
- `tgi`, `tei`, `openai`: servers whose own routes we know; responses are normalised to the
  same return shapes as the HF protocol.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from .defaults import recommended_model

__all__ = [
    "HF_LEGACY_ENDPOINT",
    "HF_ROUTER_ENDPOINT",
    "Family",
    "Target",
    "chat_completions_url",
    "default_inference_endpoint",
    "resolve_target",
    "split_server_url",
    "task_url",
]

HF_ROUTER_ENDPOINT = "https://router.huggingface.co/hf-inference"
HF_LEGACY_ENDPOINT = "https://api-inference.huggingface.co"
PIPELINE_TASKS = ("feature-extraction", "sentence-similarity")


class Family(StrEnum):
    HF = "hf"
    ENDPOINT = "endpoint"
    TGI = "tgi"
    TEI = "tei"
    OPENAI = "openai"


@dataclass(frozen=True)
class Target:
    """A resolved destination. `url` is the model URL (hf), the URL as given (endpoint) or the
    server's base URL (tgi, tei, openai)."""

    url: str
    family: Family
    model_id: str | None = None
    inference_endpoint: str | None = None

    @property
    def is_url(self) -> bool:
        return self.family is not Family.HF


_TGI_ROUTES = ("/generate_stream", "/generate")
_TEI_ROUTES = ("/embed_sparse", "/embed_all", "/embed", "/similarity", "/rerank")
_OPENAI_ROUTES = ("/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/v1")
_OLLAMA_NATIVE_ROUTES = ("/api/generate", "/api/chat")
_MODEL_PATH = re.compile(r"^(?P<base>.*)/models/(?P<id>[^/]+(?:/[^/]+)?)$")


def default_inference_endpoint() -> str:
    """The base that model ids resolve against: `HF_INFERENCE_ENDPOINT` or the HF router."""
    return os.environ.get("HF_INFERENCE_ENDPOINT", "").strip().rstrip("/") or HF_ROUTER_ENDPOINT


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _split_known_route(url: str) -> tuple[str, Family] | None:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith(_OLLAMA_NATIVE_ROUTES):
        return None
    for family, routes in (
        (Family.TGI, _TGI_ROUTES),
        (Family.TEI, _TEI_ROUTES),
        (Family.OPENAI, _OPENAI_ROUTES),
    ):
        for route in routes:
            if path.endswith(route):
                base_path = path[: -len(route)]
                return urlunsplit((parts.scheme, parts.netloc, base_path, "", "")), family
    return None


def split_server_url(url: str) -> tuple[str, Family | None]:
    """A server URL as its base and the family its route shows (`http://h/v1` → `http://h`,
    OPENAI); a URL with no known route is its own base, family unknown (None)."""
    known = _split_known_route(url)
    if known is not None:
        return known
    return url.rstrip("/"), None


def _url_target(url: str, backend: Family | None) -> Target:
    url = url.rstrip("/") if urlsplit(url).path not in ("", "/") else url
    if backend not in (None, Family.HF):
        known = _split_known_route(url)
        base = known[0] if known and known[1] is backend else url.rstrip("/")
        return Target(url=base, family=backend)
    known = _split_known_route(url)
    if known is not None:
        return Target(url=known[0], family=known[1])
    match = _MODEL_PATH.match(urlsplit(url).path)
    if match and not urlsplit(url).query:
        parts = urlsplit(url)
        base = urlunsplit((parts.scheme, parts.netloc, match["base"], "", ""))
        return Target(url=url, family=Family.HF, model_id=match["id"], inference_endpoint=base)
    return Target(url=url, family=Family.ENDPOINT)


def resolve_target(
    task: str,
    model: str | None,
    *,
    client_model: str | None = None,
    inference_endpoint: str | None = None,
    backend: Family | str | None = None,
) -> Target:
    """Resolve the model of a call (or of the client, or the task's recommended model)."""
    chosen = model or client_model or recommended_model(task)
    family = Family(backend) if backend else None
    base = "" if is_url(chosen) else inference_endpoint or default_inference_endpoint()
    return _resolve(chosen, family, base.rstrip("/"))


@functools.lru_cache(maxsize=512)
def _resolve(chosen: str, family: Family | None, base: str) -> Target:
    if is_url(chosen):
        return _url_target(chosen, family)
    if family in (Family.TGI, Family.TEI, Family.OPENAI):
        return Target(url=base, family=family, model_id=chosen)
    return Target(
        url=f"{base}/models/{chosen}", family=Family.HF, model_id=chosen, inference_endpoint=base
    )


def _is_legacy_host(base: str) -> bool:
    return urlsplit(base).netloc == urlsplit(HF_LEGACY_ENDPOINT).netloc


def pipeline_url(target: Target, pipeline: str) -> str:
    """hf-inference's route that forces a pipeline (feature extraction vs sentence similarity)."""
    base = target.inference_endpoint or ""
    if _is_legacy_host(base):
        return f"{base}/pipeline/{pipeline}/{target.model_id}"
    return f"{target.url}/pipeline/{pipeline}"


def chat_completions_url(url: str) -> str:
    """The URL rule both official clients use for OpenAI-style chat (protocol §3.3)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions" if path.endswith("/v1") else "/v1/chat/completions"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


_TEI_TASK_ROUTES = {
    "feature-extraction": "/embed",
    "sentence-similarity": "/similarity",
    "text-classification": "/predict",
}


_OPENAI_TASK_ROUTES = {
    "text-generation": "/v1/completions",
    "feature-extraction": "/v1/embeddings",
    "sentence-similarity": "/v1/embeddings",
}


def task_url(target: Target, task: str, *, stream: bool = False) -> str:
    """The URL a task's request is posted to, for every family."""
    if task == "chat-completion":
        return chat_completions_url(target.url)
    family = target.family
    if family is Family.HF:
        return pipeline_url(target, task) if task in PIPELINE_TASKS else target.url
    if family is Family.TGI and task == "text-generation":
        return target.url + ("/generate_stream" if stream else "/generate")
    if family is Family.TEI and task in _TEI_TASK_ROUTES:
        return target.url + _TEI_TASK_ROUTES[task]
    if family is Family.OPENAI and task in _OPENAI_TASK_ROUTES:
        return target.url + _OPENAI_TASK_ROUTES[task]
    return target.url
