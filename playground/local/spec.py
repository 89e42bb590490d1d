"""What the server knows about a local model before loading it."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BadInput

Model = Any
Loader = Callable[[], Model]


def _installed(module: str) -> bool:
    """Whether a module can be imported. An imported module counts as installed: find_spec
    raises on one whose `__spec__` is None (cv2 replaces itself with its native module)."""
    if module in sys.modules:
        return True
    try:
        return importlib.util.find_spec(module) is not None
    except (ValueError, ImportError):
        return False


@dataclass(frozen=True)
class ModelSpec:
    """A local model: its id, tasks, where it comes from and how to load it.

    `tasks[0]` is the task `POST /models/{id}` runs. `modules`, `programs` and `files` must all
    be present for the model to be available; `install` says how to get them.
    """

    id: str
    tasks: tuple[str, ...]
    package: str
    description: str
    licence: str
    size_mb: int
    load_seconds: float
    load: Loader
    install: str
    modules: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def task(self) -> str:
        return self.tasks[0]

    def missing(self) -> str | None:
        """Why the model can't run here, or None when everything it needs is installed."""
        absent = [m for m in self.modules if not _installed(m)]
        absent += [p for p in self.programs if shutil.which(p) is None]
        absent += [f for f in self.files if not Path(f).exists()]
        if not absent:
            return None
        return f"{', '.join(absent)} not installed: {self.install}"

    def pick_task(self, task: str | None, inputs: object) -> str:
        """The task to run: the one asked for, or the default, or one the input's shape implies."""
        if task is None:
            is_pair = isinstance(inputs, dict) and "source_sentence" in inputs
            if is_pair and "sentence-similarity" in self.tasks:
                return "sentence-similarity"
            is_turn = isinstance(inputs, dict) and "text" in inputs
            if is_turn and "conversational" in self.tasks:
                return "conversational"
            return self.task
        if task not in self.tasks:
            raise BadInput(
                f"Model {self.id} does not serve task {task!r}; its tasks: {', '.join(self.tasks)}"
            )
        return task

    def describe(self, state: str) -> dict[str, Any]:
        info: dict[str, Any] = {
            "id": self.id,
            "task": self.task,
            "tasks": list(self.tasks),
            "state": state,
            "package": self.package,
            "description": self.description,
            "licence": self.licence,
            "size_mb": self.size_mb,
            "load_seconds": self.load_seconds,
        }
        reason = self.missing()
        if reason:
            info["reason"] = reason
        return info
