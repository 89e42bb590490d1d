"""Helpers shared by the task modules: local model lookup and the usual renderers."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from playground import render
from playground.tasks.spec import CallArgs, Param

__all__ = ["DIFFUSION_PARAMS", "classification_view", "local_model", "only"]

# The sampling parameters every diffusion task takes (text-to-image, image-to-image).
DIFFUSION_PARAMS = (
    Param(
        "num_inference_steps",
        "Steps",
        "int",
        maximum=150,
        info="More denoising steps: slower, often finer.",
    ),
    Param(
        "guidance_scale",
        "Guidance scale",
        "float",
        maximum=30,
        step=0.5,
        info="How closely to follow the prompt.",
    ),
)


@cache
def _local_models() -> dict[str, str]:
    try:
        from playground.local.catalog import MODELS
    except ImportError:
        return {}
    models: dict[str, str] = {}
    for spec in MODELS:
        for task in spec.tasks:
            models.setdefault(task, spec.id)
    return models


def local_model(task: str) -> str | None:
    """The embedded server's model for a task, or None if it has none."""
    return _local_models().get(task)


def only(**values: Any) -> dict[str, Any]:
    """Keyword arguments without the unset ones."""
    return {name: value for name, value in values.items() if value is not None}


def classification_view(
    result: Any, _call: CallArgs, _controls: Mapping[str, Any]
) -> dict[str, Any]:
    """Label bars plus a note on how to read them (multi-label scores aren't renormalised)."""
    return {"labels": render.label_scores(result), "note": render.scores_note(result)}
