"""Helpers shared by the task modules: local model lookup and the usual renderers."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from playground import render
from playground.tasks.spec import CallArgs, Param

__all__ = ["DIFFUSION_PARAMS", "classification_view", "local_model", "local_models", "only"]

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


# Tabs whose task the local catalog files under another name.
_CATALOG_TASK = {"chat-completion": "conversational"}
NOT_INSTALLED = "not installed here"


@cache
def _catalog() -> tuple[Any, ...]:
    """The local models' specs; none when the local server's code can't be imported."""
    try:
        from playground.local.catalog import MODELS
    except ImportError:
        return ()
    return tuple(MODELS)


def _specs(task: str) -> list[tuple[Any, bool]]:
    """The task's local models in catalog order, each with whether it is installed here."""
    importlib.invalidate_caches()  # a package installed since the app started counts
    wanted = _CATALOG_TASK.get(task, task)
    found = [spec for spec in _catalog() if wanted in spec.tasks]
    return [(spec, spec.missing() is None) for spec in found]


def local_models(task: str) -> list[tuple[str, str]]:
    """(id, short description) of every local model for a task: the installed ones first, then
    those this machine lacks, whose description ends with "(not installed here)"."""
    ranked = sorted(_specs(task), key=lambda pair: not pair[1])
    return [
        (spec.id, spec.description if ready else f"{spec.description} ({NOT_INSTALLED})")
        for spec, ready in ranked
    ]


def local_model(task: str) -> str | None:
    """The embedded server's model for a task: the first one installed here, else the first in
    the catalog (its call then says how to install it); None when the task has none."""
    ranked = local_models(task)
    return ranked[0][0] if ranked else None


def only(**values: Any) -> dict[str, Any]:
    """Keyword arguments without the unset ones."""
    return {name: value for name, value in values.items() if value is not None}


def classification_view(
    result: Any, _call: CallArgs, _controls: Mapping[str, Any]
) -> dict[str, Any]:
    """Label bars plus a note on how to read them (multi-label scores aren't renormalised);
    a sentence instead of an empty chart."""
    if not result:
        return {"labels": None, "note": "The model returned no labels."}
    return {"labels": render.label_scores(result), "note": render.scores_note(result)}
