"""Widgets the streaming tabs share: the model box, the Parameters panel laid out in rows, the
examples, and reading the parameter values back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.tasks.spec import Example, Param, TaskSpec

from .components import param_component, param_value
from .tab import AppContext

__all__ = ["examples_dataset", "model_box", "param_values", "params_panel"]

_PER_ROW = 3


def model_box(spec: TaskSpec, ctx: AppContext) -> Any:
    """The tab's model box; the target bar fills its choices (local, Hub or custom)."""
    box = gr.Dropdown(
        label="Model or URL",
        choices=[],
        value=None,
        allow_custom_value=True,
        elem_id=f"{spec.api_name}-model",
        info="Leave empty for the target's default.",
    )
    ctx.add_model_box(spec, box)
    return box


def _rows(params: Sequence[Param]) -> list[list[Param]]:
    """Numbers and boxes three to a row, then the checkboxes together."""
    boxes = [p for p in params if p.kind != "checkbox"]
    flags = [p for p in params if p.kind == "checkbox"]
    return [
        group[i : i + _PER_ROW] for group in (boxes, flags) for i in range(0, len(group), _PER_ROW)
    ]


def _optional_number(param: Param) -> bool:
    return param.kind in ("int", "float") and param.value is None


def _param_widget(param: Param, prefix: str) -> Any:
    """gr.Number can't be left empty in 6.x (an untouched box sends 0, placeholder or not), so
    a number whose default is "the server's" is a text box."""
    if not _optional_number(param):
        return param_component(param, prefix)
    return gr.Textbox(
        label=param.label,
        info=param.info or None,
        placeholder="server default",
        elem_id=f"{prefix}-param-{param.name}",
    )


def _number(param: Param, value: Any) -> float | int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"{param.label} must be a number, not {text!r}.") from None
    if param.kind == "int":
        if not number.is_integer():
            raise InputError(f"{param.label} must be a whole number, not {text!r}.")
        return int(number)
    return number


def params_panel(spec: TaskSpec, *, open_: bool = False) -> tuple[list[Any], Any]:
    """The Parameters accordion: one component per spec param (returned in spec order) and the
    free JSON box."""
    prefix = spec.api_name
    made: dict[str, Any] = {}
    with gr.Accordion("Parameters", open=open_, elem_id=f"{prefix}-parameters"):
        for row in _rows(spec.params):
            with gr.Row(equal_height=True):
                for param in row:
                    made[param.name] = _param_widget(param, prefix)
        extra = gr.Code(
            language="json",
            label="Extra parameters (JSON object)",
            elem_id=f"{prefix}-extra",
            lines=2,
        )
    return [made[p.name] for p in spec.params], extra


def param_values(spec: TaskSpec, values: Sequence[Any]) -> dict[str, Any]:
    """The set parameters by name (empty boxes left out: the server's default applies)."""
    converted = {
        p.name: _number(p, v) if _optional_number(p) else param_value(p, v)
        for p, v in zip(spec.params, values, strict=True)
    }
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
