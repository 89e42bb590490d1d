"""`FamilyAdapter`: how calls to one server family are routed and adapted. Its defaults are the
HF inference protocol's (`{"inputs", "parameters"}` bodies, `x-wait-for-model` headers, TGI's
grammar form); each family's module overrides only what its servers do differently."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from ..bodies import given
from ..vectors import embedding_array

if TYPE_CHECKING:
    import numpy as np

    from ..targets import Target

__all__ = ["FamilyAdapter", "chat_completions_url"]


def chat_completions_url(url: str) -> str:
    """The URL rule both official clients use for OpenAI-style chat (protocol §3.3)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions" if path.endswith("/v1") else "/v1/chat/completions"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


class FamilyAdapter:
    """One server family: its routes, headers, request bodies and response quirks."""

    # Path endings that show a URL points at this family's server (`http://h/v1` → OpenAI).
    routes: ClassVar[tuple[str, ...]] = ()
    # Path endings that look like ours but belong to another server: never taken as ours.
    foreign_routes: ClassVar[tuple[str, ...]] = ()
    # task → route under the server's base URL; tasks not listed are posted to the base.
    task_routes: ClassVar[Mapping[str, str]] = MappingProxyType({})
    # A model id names a model served at the base URL (not `{base}/models/{id}`).
    serves_at_base: ClassVar[bool] = False
    # The server reads the HF options headers (`x-use-cache`, `x-wait-for-model`).
    option_headers: ClassVar[bool] = True
    # Request bodies must name the model: when none is given, ask the server (`/v1/models`).
    needs_model_name: ClassVar[bool] = False
    # The model name a chat body carries when none is known (TGI ignores it but wants one).
    chat_model_placeholder: ClassVar[str | None] = "tgi"

    def base_path(self, path: str) -> str | None:
        """The server's base path if `path` ends with one of this family's routes, else None."""
        if path.endswith(self.foreign_routes):
            return None
        for route in self.routes:
            if path.endswith(route):
                return path[: -len(route)]
        return None

    def task_url(self, target: Target, task: str, *, stream: bool = False) -> str:
        """The URL a task's request is posted to."""
        if task == "chat-completion":
            return chat_completions_url(target.url)
        return target.url + self.task_routes.get(task, "")

    def chat_response_format(self, response_format: Any) -> Any:
        """OpenAI's json_schema form becomes TGI's grammar form for HF-protocol servers."""
        if not isinstance(response_format, Mapping):
            return response_format
        if response_format.get("type") == "json_schema" and "json_schema" in response_format:
            schema = response_format["json_schema"]
            value = schema.get("schema", schema) if isinstance(schema, Mapping) else schema
            return {"type": "json", "value": value}
        return response_format

    def embedding_body(self, text: str, options: Mapping[str, Any], name: str | None) -> Any:
        return {"inputs": text, **options}

    def similarity_body(self, sentence: str, others: list[str], name: str | None) -> Any:
        return {"inputs": {"source_sentence": sentence, "sentences": others}}

    def parse_embedding(self, data: Any) -> np.ndarray:
        """One text's embedding, as the server answered it."""
        return embedding_array(data)

    def generation_body(
        self, prompt: str, params: Mapping[str, Any], name: str | None, *, stream: bool
    ) -> dict[str, Any]:
        sent = {key: value for key, value in params.items() if given(value)}
        sent["return_full_text"] = bool(params.get("return_full_text"))
        sent["do_sample"] = bool(params.get("do_sample"))
        return {"inputs": prompt, "parameters": sent, "stream": stream}

    def generation_ignores(self, params: Mapping[str, Any]) -> set[str]:
        """Text-generation parameters this family's body can't carry (named in a warning)."""
        return set()
