"""The model box's choices on each target: on the local target every local model of the task,
with its description, marked when it isn't installed here; on Hugging Face the task's
suggestions; on a custom URL none (the URL is the model)."""

from __future__ import annotations

from dataclasses import dataclass

from playground.tasks.spec import TaskSpec

__all__ = ["LocalModel", "default_local_model", "local_models", "model_choices"]

# Catalog task names that also serve a tab's task (the chat model is listed as conversational).
_ALSO_SERVES = {"chat-completion": ("conversational",)}
NOT_INSTALLED = "not installed"


@dataclass(frozen=True)
class LocalModel:
    """A local model as the model box and the Tasks overview show it. `missing` says why it
    can't run here (what to install), None when it can."""

    id: str
    description: str
    missing: str | None = None

    @property
    def installed(self) -> bool:
        return self.missing is None

    @property
    def label(self) -> str:
        marker = "" if self.installed else f" ({NOT_INSTALLED})"
        return f"{self.id} — {self.description}{marker}"


def local_models(task: str) -> list[LocalModel]:
    """Every local model that serves `task`, in the catalog's order. The one place the UI reads
    the local catalog (installed or not is checked now: a tier added while the app runs shows)."""
    try:
        from playground.local.catalog import MODELS
    except ImportError:  # the local tier is optional
        return []
    names = {task, *_ALSO_SERVES.get(task, ())}
    return [
        LocalModel(model.id, model.description, model.missing())
        for model in MODELS
        if names.intersection(model.tasks)
    ]


def default_local_model(spec: TaskSpec, models: list[LocalModel]) -> LocalModel | None:
    """The model a tab opens on: the task's own default when it is installed, else the first
    installed one, else the default (which then says what to install)."""
    by_id = {model.id: model for model in models}
    preferred = by_id.get(spec.local_model or "")
    if preferred is not None and preferred.installed:
        return preferred
    installed = [model for model in models if model.installed]
    return installed[0] if installed else preferred or (models[0] if models else None)


def model_choices(spec: TaskSpec, kind: str) -> tuple[list[tuple[str, str]], str | None]:
    """The model box's (label, value) choices on a target kind, and the value it starts on."""
    if kind == "local":
        models = local_models(spec.id)
        default = default_local_model(spec, models)
        return [(model.label, model.id) for model in models], default.id if default else None
    if kind == "hf":
        return [(model, model) for model in spec.hub_models], (
            spec.hub_models[0] if spec.hub_models else None
        )
    return [], None
