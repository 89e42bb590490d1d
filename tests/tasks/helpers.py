"""What the task tests share: a spec's widget values turned into `build_call` inputs the way the
tab does it, and a renderer's values passed through the real output components."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.tasks.spec import Example, TaskSpec
from playground.ui.components import example_value, field_value, output_component, param_value

__all__ = ["default_params", "example_inputs", "merged", "shown", "widget_inputs"]


def widget_inputs(spec: TaskSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """What the tab hands to `build_call` for these widget values (unset ones: the default)."""
    return {f.name: field_value(f, values.get(f.name, f.value)) for f in spec.inputs}


def example_inputs(spec: TaskSpec, example: Example) -> dict[str, Any]:
    """What the tab hands to `build_call` after the example is clicked (assets as paths)."""
    values = {f.name: example_value(f, example.values.get(f.name, f.value)) for f in spec.inputs}
    return widget_inputs(spec, values)


def default_params(spec: TaskSpec) -> dict[str, Any]:
    """The parameters a Run with untouched widgets sends: the set defaults, empty boxes left
    out (the server's default applies)."""
    values = {p.name: param_value(p, p.value) for p in spec.params}
    return {name: value for name, value in values.items() if value is not None}


def shown(spec: TaskSpec, rendered: Mapping[str, Any]) -> dict[str, Any]:
    """Each output's value after the real component's postprocess (an update: its value)."""
    values = {}
    for output in spec.outputs:
        value = rendered.get(output.name)
        if isinstance(value, dict) and value.get("__type__") == "update":
            value = value["value"]
        values[output.name] = output_component(output, "t").postprocess(value)
    return values


def merged(pieces: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Highlight pieces with consecutive plain words joined back (the tab splits them so
    lines wrap between words)."""
    out: list[tuple[str, Any]] = []
    for text, category in pieces:
        if out and category is None and out[-1][1] is None:
            out[-1] = (out[-1][0] + text, None)
        else:
            out.append((text, category))
    return out
