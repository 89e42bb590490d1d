"""Widgets the streaming tabs share: the Parameters panel laid out in rows, the examples, and
reading the parameter values back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr

from playground.tasks.spec import Example, Param, TaskSpec

from .components import param_component, param_value

__all__ = ["examples_dataset", "param_values", "params_panel"]

_PER_ROW = 3


def _rows(params: Sequence[Param]) -> list[list[Param]]:
    """Numbers and boxes three to a row, then the checkboxes together."""
    boxes = [p for p in params if p.kind != "checkbox"]
    flags = [p for p in params if p.kind == "checkbox"]
    return [
        group[i : i + _PER_ROW] for group in (boxes, flags) for i in range(0, len(group), _PER_ROW)
    ]


def params_panel(spec: TaskSpec, *, open_: bool = False) -> tuple[list[Any], Any]:
    """The Parameters accordion: one component per spec param (returned in spec order) and the
    free JSON box."""
    prefix = spec.api_name
    made: dict[str, Any] = {}
    with gr.Accordion("Parameters", open=open_, elem_id=f"{prefix}-parameters"):
        for row in _rows(spec.params):
            with gr.Row(equal_height=True):
                for param in row:
                    made[param.name] = param_component(param, prefix)
        extra = gr.Code(
            language="json",
            label="Extra parameters (JSON object)",
            elem_id=f"{prefix}-extra",
            lines=2,
        )
    return [made[p.name] for p in spec.params], extra


def param_values(spec: TaskSpec, values: Sequence[Any]) -> dict[str, Any]:
    """The set parameters by name (empty boxes left out: the server's default applies)."""
    converted = {p.name: param_value(p, v) for p, v in zip(spec.params, values, strict=True)}
    return {name: value for name, value in converted.items() if value is not None}


def examples_dataset(spec: TaskSpec, field_box: Any, field_name: str) -> Any | None:
    """Clickable examples for one text field."""
    examples: Sequence[Example] = spec.examples
    if not examples:
        return None
    return gr.Dataset(
        components=[field_box],
        samples=[[example.values.get(field_name, "")] for example in examples],
        label="Examples",
        type="index",
        elem_id=f"{spec.api_name}-examples",
        sample_labels=[e.title for e in examples] if all(e.title for e in examples) else None,
    )
