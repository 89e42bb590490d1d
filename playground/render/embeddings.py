"""Feature extraction: shape, norms, a numeric preview and long-form data for a plot."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

NORMALIZED_TOLERANCE = 1e-3
NORMS_LISTED = 32  # the summary lists at most this many per-vector norms


def as_vectors(embedding: Any) -> tuple[np.ndarray, list[str]]:
    """The embedding as a 2-D `(vectors, dimensions)` float array, plus a name per vector.

    The last axis is the embedding dimension; names are the leading indices (`"0,3"`).
    Raises ValueError for scalars and empty arrays.
    """
    array = np.asarray(embedding, dtype=np.float64)
    if array.ndim == 0 or array.size == 0:
        raise ValueError(f"Expected a non-empty vector or matrix; got shape {array.shape}.")
    leading = array.shape[:-1]
    names = [",".join(map(str, index)) for index in np.ndindex(*leading)] if leading else ["0"]
    return array.reshape(-1, array.shape[-1]), names


def embedding_summary(embedding: Any) -> dict[str, Any]:
    """JSON-ready facts for `gr.JSON`: shape, dtype, value range, norms, unit-normalised or not."""
    array = np.asarray(embedding)
    vectors, _ = as_vectors(array)
    norms = np.linalg.norm(vectors, axis=1)
    return {
        "shape": list(array.shape),
        "dtype": str(array.dtype),
        "vectors": int(vectors.shape[0]),
        "dimensions": int(vectors.shape[1]),
        "min": float(vectors.min()),
        "max": float(vectors.max()),
        "mean": float(vectors.mean()),
        "std": float(vectors.std()),
        "norm_min": float(norms.min()),
        "norm_max": float(norms.max()),
        "unit_normalized": bool(np.all(np.abs(norms - 1.0) < NORMALIZED_TOLERANCE)),
        "norms": [round(float(n), 6) for n in norms[:NORMS_LISTED]],
    }


def embedding_preview(embedding: Any, *, max_vectors: int = 8, max_dims: int = 12) -> pd.DataFrame:
    """The first vectors and dimensions as a table (one row per vector) for `gr.Dataframe`."""
    vectors, names = as_vectors(embedding)
    shown = np.round(vectors[:max_vectors, :max_dims], 5)
    frame = pd.DataFrame(shown, columns=[str(d) for d in range(shown.shape[1])])
    frame.insert(0, "vector", names[:max_vectors])
    return frame


def embedding_plot_frame(embedding: Any, *, max_vectors: int = 8) -> pd.DataFrame:
    """Long-form `vector, dimension, value` rows for `gr.LinePlot(x="dimension", y="value",
    color="vector")`, one line per vector (the first `max_vectors`)."""
    vectors, names = as_vectors(embedding)
    vectors = vectors[:max_vectors]
    dims = vectors.shape[1]
    return pd.DataFrame(
        {
            "vector": np.repeat(names[: len(vectors)], dims),
            "dimension": np.tile(np.arange(dims), len(vectors)),
            "value": vectors.ravel(),
        }
    )
