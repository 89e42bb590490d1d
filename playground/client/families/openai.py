"""OpenAI-compatible servers (vLLM, llama.cpp, Ollama's `/v1`...): `/v1/completions`,
`/v1/embeddings`, bodies that name the model, no HF option headers."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..bodies import clean
from ..errors import ResponseFormatError
from ..vectors import embedding_array
from .base import FamilyAdapter

if TYPE_CHECKING:
    import numpy as np

__all__ = ["OpenAI", "openai_vectors"]

# What a completions body carries; every other given parameter is ignored there.
_GENERATION_MAPPED = frozenset(
    {
        "max_new_tokens",
        "temperature",
        "top_p",
        "seed",
        "stop",
        "details",
        "return_full_text",
        "frequency_penalty",
    }
)


def openai_vectors(data: Any) -> list[Any]:
    """The vectors of an OpenAI embeddings object, in input order."""
    if not isinstance(data, Mapping) or not isinstance(data.get("data"), list):
        raise ResponseFormatError(f"Expected an OpenAI embeddings object, got {data!r:.200}")
    rows = sorted(data["data"], key=lambda row: row.get("index", 0))
    return [row["embedding"] for row in rows]


class OpenAI(FamilyAdapter):
    routes = ("/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/v1")
    task_routes = MappingProxyType(
        {
            "text-generation": "/v1/completions",
            "feature-extraction": "/v1/embeddings",
            "sentence-similarity": "/v1/embeddings",
        }
    )
    serves_at_base = True
    option_headers = False
    needs_model_name = True
    chat_model_placeholder = None

    def chat_response_format(self, response_format: Any) -> Any:
        return response_format

    def embedding_body(self, text: str, options: Mapping[str, Any], name: str | None) -> Any:
        return clean({"input": text, "model": name, "dimensions": options.get("dimensions")})

    def similarity_body(self, sentence: str, others: list[str], name: str | None) -> Any:
        return clean({"input": [sentence, *others], "model": name})

    def parse_embedding(self, data: Any) -> np.ndarray:
        return embedding_array(openai_vectors(data)[0])

    def generation_body(
        self, prompt: str, params: Mapping[str, Any], name: str | None, *, stream: bool
    ) -> dict[str, Any]:
        return clean(
            {
                "model": name,
                "prompt": prompt,
                "max_tokens": params.get("max_new_tokens"),
                "temperature": params.get("temperature"),
                "top_p": params.get("top_p"),
                "seed": params.get("seed"),
                "stop": params.get("stop") or None,
                "logprobs": 1 if params.get("details") else None,
                "stream": stream or None,
                "echo": params.get("return_full_text") or None,
                "frequency_penalty": params.get("frequency_penalty"),
            }
        )

    def generation_ignores(self, params: Mapping[str, Any]) -> set[str]:
        return set(params) - _GENERATION_MAPPED
