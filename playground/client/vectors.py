"""Embeddings as numpy arrays, and cosine similarity (numpy is imported on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ResponseFormatError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["cosine_similarities", "embedding_array"]


def embedding_array(data: Any) -> np.ndarray:
    """`data` as a float32 array; a ResponseFormatError if it is ragged, not numbers or empty."""
    import numpy as np

    try:
        array = np.asarray(data, dtype="float32")
    except (ValueError, TypeError) as exc:
        raise ResponseFormatError(
            f"The embedding is not a regular array of numbers: {exc}", body=data
        ) from None
    if array.ndim == 0 or array.size == 0:
        raise ResponseFormatError("The server returned an empty embedding.", body=data)
    return array


def cosine_similarities(vectors: list[Any]) -> list[float]:
    """Cosine similarity of vectors[0] with each of vectors[1:]."""
    import numpy as np

    matrix = embedding_array(vectors)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    return [float(score) for score in unit[1:] @ unit[0]]
