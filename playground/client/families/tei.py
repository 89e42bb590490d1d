"""text-embeddings-inference: `/embed`, `/similarity`, `/predict`, one row per input."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .base import FamilyAdapter

if TYPE_CHECKING:
    import numpy as np

__all__ = ["TEI"]


class TEI(FamilyAdapter):
    routes = ("/embed_sparse", "/embed_all", "/embed", "/similarity", "/rerank")
    task_routes = MappingProxyType(
        {
            "feature-extraction": "/embed",
            "sentence-similarity": "/similarity",
            "text-classification": "/predict",
        }
    )
    serves_at_base = True

    def parse_embedding(self, data: Any) -> np.ndarray:
        """TEI answers one row per input: squeezed to 1-D, the shape the serverless API gives
        for pooled models (token-level outputs keep their shape)."""
        array = super().parse_embedding(data)
        return array[0] if array.ndim == 2 and array.shape[0] == 1 else array
