import gradio as gr
import numpy as np
import pytest

from playground.render.embeddings import (
    as_vectors,
    embedding_plot_frame,
    embedding_preview,
    embedding_summary,
)

UNIT = np.array([0.6, 0.8, 0.0], dtype=np.float32)
TOKENS = np.arange(1 * 4 * 20, dtype=np.float32).reshape(1, 4, 20)


@pytest.mark.parametrize(
    ("array", "shape", "names"),
    [
        (UNIT, (1, 3), ["0"]),
        (np.ones((2, 3)), (2, 3), ["0", "1"]),
        (TOKENS, (4, 20), ["0,0", "0,1", "0,2", "0,3"]),
        ([[1.0, 2.0]], (1, 2), ["0"]),
    ],
)
def test_any_shape_becomes_vectors_with_names(array, shape, names) -> None:
    vectors, vector_names = as_vectors(array)
    assert vectors.shape == shape
    assert vector_names == names


@pytest.mark.parametrize("bad", [np.float32(1.0), np.zeros((0,)), np.zeros((2, 0))])
def test_scalars_and_empty_arrays_are_rejected(bad) -> None:
    with pytest.raises(ValueError, match="non-empty"):
        as_vectors(bad)


def test_summary_reports_shape_norms_and_normalisation() -> None:
    summary = embedding_summary(UNIT)
    assert summary["shape"] == [3]
    assert summary["dtype"] == "float32"
    assert summary["dimensions"] == 3
    assert summary["norms"] == [pytest.approx(1.0)]
    assert summary["unit_normalized"] is True
    assert embedding_summary(TOKENS)["unit_normalized"] is False
    assert gr.JSON().postprocess(summary) is not None


def test_preview_is_a_small_table_that_passes_postprocess() -> None:
    preview = embedding_preview(TOKENS, max_vectors=2, max_dims=5)
    assert list(preview.columns) == ["vector", "0", "1", "2", "3", "4"]
    assert preview.shape == (2, 6)
    assert preview.iloc[1, 1] == 20.0
    assert gr.Dataframe(interactive=False).postprocess(preview).data[0][0] == "0,0"


def test_plot_frame_is_long_form_for_a_line_plot() -> None:
    frame = embedding_plot_frame(TOKENS, max_vectors=3)
    assert list(frame.columns) == ["vector", "dimension", "value"]
    assert len(frame) == 3 * 20
    assert frame.iloc[20].tolist() == ["0,1", 0, 20.0]
    plot = gr.LinePlot(x="dimension", y="value", color="vector")
    assert plot.postprocess(frame) is not None
