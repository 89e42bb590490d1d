"""Feature extraction tab: options in; summary, plot, preview and .npy/.json downloads out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from playground.client.methods.embeddings import parse_embedding
from playground.client.targets import Family
from playground.tasks.feature_extraction import SPEC
from playground.tasks.spec import CallArgs

from .helpers import shown

TEXT = "Lighthouses guide ships."


def unit(dims: int) -> list[float]:
    vector = np.arange(1, dims + 1, dtype=np.float32)
    return (vector / np.linalg.norm(vector)).tolist()


def test_options_are_sent_only_when_chosen() -> None:
    assert SPEC.build_call({"text": TEXT}, {}) == CallArgs((TEXT,), {})
    call = SPEC.build_call(
        {"text": TEXT},
        {"normalize": "false", "truncate": "true", "prompt_name": "query", "dimensions": 64},
    )
    assert call.kwargs == {
        "normalize": False,
        "truncate": True,
        "prompt_name": "query",
        "dimensions": 64,
    }


def test_a_pooled_vector_is_summarised_plotted_previewed_and_downloadable(
    tmp_path: Path,
) -> None:
    result = parse_embedding(unit(384), Family.HF)
    rendered = SPEC.render(result, CallArgs((TEXT,)), {})
    assert rendered["summary"].startswith("**1 vector × 384 dimensions**")
    assert "norm 1.000 (unit-normalised)" in rendered["summary"]
    assert len(rendered["plot"]) == 384
    assert set(rendered["plot"].columns) == {"vector", "dimension", "value"}
    preview = rendered["preview"]
    assert list(preview.columns) == ["dim", "value"]
    assert list(preview["dim"]) == [str(d) for d in range(12)]
    np.testing.assert_allclose(preview["value"], np.round(result[:12], 5))
    npy, js = (Path(path) for path in rendered["download"])
    assert (npy.suffix, js.suffix) == (".npy", ".json")
    assert npy.is_relative_to(os.environ["GRADIO_TEMP_DIR"])  # Gradio serves files from there
    np.testing.assert_allclose(np.load(npy), result)
    np.testing.assert_allclose(json.loads(js.read_text()), result, rtol=1e-6)
    out = shown(SPEC, rendered)
    assert [f.orig_name for f in out["download"].root] == [npy.name, js.name]
    assert out["preview"].headers == ["dim", "value"]


def test_token_level_output_has_one_line_per_token() -> None:
    tokens = [[unit(8), [0.5] * 8, [2.0] * 8]]  # [1][tokens][dim]
    result = parse_embedding(tokens, Family.HF)
    rendered = SPEC.render(result, CallArgs((TEXT,)), {})
    assert "3 vectors (one per token: pool them) × 8 dimensions" in rendered["summary"]
    assert "shape [1, 3, 8]" in rendered["summary"]
    assert "unit-normalised" not in rendered["summary"]
    assert rendered["plot"]["vector"].nunique() == 3
    assert list(rendered["preview"].columns) == ["dim", "token 0", "token 1", "token 2"]
    assert len(rendered["preview"]) == 8
    shown(SPEC, rendered)


def test_a_batch_of_vectors_names_each_one() -> None:
    rendered = SPEC.render(np.ones((2, 3, 4), dtype=np.float32), CallArgs((TEXT,)), {})
    assert list(rendered["preview"].columns)[:3] == ["dim", "vector 0,0", "vector 0,1"]


def test_norms_equal_to_three_decimals_are_said_once() -> None:
    rendered = SPEC.render(np.array([unit(4), unit(4)]) * 1.00001, CallArgs((TEXT,)), {})
    assert "· norm 1.000 (unit-normalised) ·" in rendered["summary"]


def test_tei_rows_are_squeezed_to_one_vector() -> None:
    result = parse_embedding([unit(4)], Family.TEI)
    rendered = SPEC.render(result, CallArgs((TEXT,)), {})
    assert "shape [4]" in rendered["summary"]


def test_the_same_embedding_reuses_its_files() -> None:
    result = parse_embedding(unit(16), Family.HF)
    first = SPEC.render(result, CallArgs((TEXT,)), {})["download"]
    again = SPEC.render(result, CallArgs((TEXT,)), {})["download"]
    assert first == again
