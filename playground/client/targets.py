"""Where a call goes: a model id, a URL or nothing becomes a URL, and a server family.

Families:
- `hf`: the HF inference protocol addressed by model id (`{base}/models/{id}`): the router's
  hf-inference provider by default, the legacy serverless host, our local server, a test server.
- `endpoint`: a URL used as given (a dedicated Inference Endpoint, TGI's or TEI's root route...).
- `tgi`, `tei`, `openai`: servers whose own routes we know; responses are normalised to the
  same return shapes as the HF protocol.

Each family's routes and request/response adaptations live in `families/`, one module each.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from .defaults import recommended_model
from .families import FAMILIES, Family, adapter_for, chat_completions_url
from .families.hf import HF_LEGACY_ENDPOINT, HF_ROUTER_ENDPOINT, PIPELINE_TASKS, pipeline_url

__all__ = [
    "HF_LEGACY_ENDPOINT",
    "HF_ROUTER_ENDPOINT",
    "PIPELINE_TASKS",
    "Family",
    "Target",
    "chat_completions_url",
    "default_inference_endpoint",
    "pipeline_url",
    "resolve_target",
    "split_server_url",
    "task_url",
]


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


_MODEL_PATH = re.compile(r"^(?P<base>.*)/models/(?P<id>[^/]+(?:/[^/]+)?)$")


def default_inference_endpoint() -> str:
    """The base that model ids resolve against: `HF_INFERENCE_ENDPOINT` or the HF router."""
    return os.environ.get("HF_INFERENCE_ENDPOINT", "").strip().rstrip("/") or HF_ROUTER_ENDPOINT


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _split_known_route(url: str) -> tuple[str, Family] | None:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    for family, adapter in FAMILIES.items():
        base_path = adapter.base_path(path)
        if base_path is not None:
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
    if family is not None and adapter_for(family).serves_at_base:
        return Target(url=base, family=family, model_id=chosen)
    return Target(
        url=f"{base}/models/{chosen}", family=Family.HF, model_id=chosen, inference_endpoint=base
    )


def task_url(target: Target, task: str, *, stream: bool = False) -> str:
    """The URL a task's request is posted to, for every family."""
    return adapter_for(target.family).task_url(target, task, stream=stream)
