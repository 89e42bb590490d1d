"""text-generation-inference: `/generate` and `/generate_stream`, its Messages API for chat."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .base import FamilyAdapter

if TYPE_CHECKING:
    from ..targets import Target

__all__ = ["TGI"]


class TGI(FamilyAdapter):
    routes = ("/generate_stream", "/generate")
    foreign_routes = ("/api/generate",)  # Ollama's native API, not TGI
    serves_at_base = True

    def task_url(self, target: Target, task: str, *, stream: bool = False) -> str:
        if task == "text-generation":
            return target.url + ("/generate_stream" if stream else "/generate")
        return super().task_url(target, task, stream=stream)

    def generation_body(
        self, prompt: str, params: Mapping[str, Any], name: str | None, *, stream: bool
    ) -> dict[str, Any]:
        body = super().generation_body(prompt, params, name, stream=stream)
        del body["stream"]  # the route says it
        return body
