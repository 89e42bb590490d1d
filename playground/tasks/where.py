"""Where a task lives: the files that hold its tab, its request and parsing, its drawing and its
local model. `python -m playground.tasks.where object-detection` prints them (no argument: every
task with its file count).

Worked out from the code, not kept by hand: the spec module and the streaming layout it names,
the module defining the client method `spec.method` (plus the stream handlers when it streams),
the `playground.render` and task helper modules the spec module imports, and the adapter module
that loads the task's default local model (plus the generation routes that serve a stream)."""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from pathlib import Path
from typing import TypeGuard

from playground import render
from playground.client.methods import TaskMethods
from playground.local.catalog import MODELS
from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec

__all__ = ["ROLES", "distinct", "task_files"]

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("tab", "request and parsing", "drawing", "local model")
_LAYOUT_MODULES = {
    "chat": "playground/ui/chat_tab.py",
    "generation": "playground/ui/generation_tab.py",
}
_STREAM_ROUTES = "playground/local/generation_routes.py"
_TASK_HELPERS = (
    "playground.tasks.common",
    "playground.tasks._highlight",
    "playground.tasks._tabular",
)
# Task helpers that find local models or drop unset values: not drawing.
_NOT_DRAWING = frozenset({"local_model", "local_models", "only"})


def _relative(path: str | None) -> str:
    return str(Path(path or "").resolve().relative_to(ROOT))


def _module_file(module: str) -> str:
    return _relative(inspect.getfile(sys.modules[module]))


def _spec_module(spec: TaskSpec) -> str:
    return f"playground.tasks.{spec.id.replace('-', '_')}"


def _drawing_modules(spec: TaskSpec) -> list[str]:
    """The modules defining the render and task helper functions the spec module refers to
    (`render.draw_boxes`, `classification_view`, ...)."""
    module = sys.modules[_spec_module(spec)]
    tree = ast.parse(Path(inspect.getfile(module)).read_text())
    used = [node.attr for node in ast.walk(tree) if _is_render_attribute(node)]
    used += [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and _is_drawing_package(node.module)
        for alias in node.names
        if alias.name not in _NOT_DRAWING
    ]
    objects = [getattr(render, name, None) or getattr(module, name, None) for name in used]
    return sorted({_module_file(obj.__module__) for obj in objects if hasattr(obj, "__module__")})


def _is_render_attribute(node: ast.AST) -> TypeGuard[ast.Attribute]:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "render"
    )


def _is_drawing_package(module: str | None) -> bool:
    return bool(module) and (
        str(module).startswith("playground.render") or str(module) in _TASK_HELPERS
    )


def _local_model_files(spec: TaskSpec) -> list[str]:
    if not spec.local_model:
        return []
    model = next((m for m in MODELS if m.id == spec.local_model), None)
    if model is None:
        return []
    load = model.load
    while isinstance(load, functools.partial):
        load = load.func
    files = [_relative(inspect.getfile(load))]
    return files + ([_STREAM_ROUTES] if spec.streaming else [])


def task_files(task_id: str) -> dict[str, list[str]]:
    """The files, by role, where the task `task_id` (e.g. "object-detection") lives."""
    spec = TASKS.get(task_id)
    if spec is None:
        raise KeyError(f"No task {task_id!r}; tasks: {', '.join(TASKS)}")
    tab = [_module_file(_spec_module(spec))]
    if spec.layout in _LAYOUT_MODULES:
        tab.append(_LAYOUT_MODULES[spec.layout])
    method = getattr(TaskMethods, spec.method)
    request = [_module_file(method.__module__)]
    return {
        "tab": tab,
        "request and parsing": request,
        "drawing": _drawing_modules(spec),
        "local model": _local_model_files(spec),
    }


def distinct(files: dict[str, list[str]]) -> list[str]:
    return sorted({path for paths in files.values() for path in paths})


def _print_task(task_id: str) -> None:
    files = task_files(task_id)
    print(f"{task_id} — {len(distinct(files))} files")
    for role in ROLES:
        print(f"  {role + ':':22}{', '.join(files[role]) or '(none)'}")


def main(argv: list[str]) -> int:
    if argv:
        try:
            _print_task(argv[0])
        except KeyError as error:
            print(error.args[0], file=sys.stderr)
            return 2
        return 0
    for task_id in TASKS:
        print(f"{len(distinct(task_files(task_id))):2}  {task_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
