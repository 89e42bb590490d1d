"""Gradio components for the specs' fields, parameters, controls and outputs, and the
conversion of widget values into call arguments."""

from __future__ import annotations

from typing import Any

import gradio as gr

from playground.assets import asset
from playground.client import InputError
from playground.tasks.spec import Control, Field, OutputWidget, Param

from .input_checks import check_text
from .inputs import AudioInput, ImageInput, TableInput, accepted

__all__ = [
    "OUTPUT_CLASS",
    "control_component",
    "example_value",
    "field_component",
    "field_value",
    "output_component",
    "param_component",
    "param_value",
]


def field_component(field: Field, prefix: str) -> Any:
    elem_id = f"{prefix}-{field.name}"
    common = {"label": field.label, "elem_id": elem_id, "info": field.info or None}
    if field.kind in ("text", "textarea", "labels", "lines"):
        lines = 1 if field.kind in ("text", "labels") else field.lines
        return gr.Textbox(
            value=field.value,
            lines=lines,
            max_lines=max(lines, 20),
            max_length=field.max_chars,
            label=field.label,
            info=text_info(field),
            elem_id=elem_id,
        )
    if field.kind == "image":
        return ImageInput(
            type="filepath",
            label=field.label,
            elem_id=elem_id,
            height=320,
            sources=list(field.sources or ("upload", "webcam", "clipboard")),
        )
    if field.kind == "audio":
        return AudioInput(
            type="filepath",
            label=field.label,
            elem_id=elem_id,
            sources=list(field.sources or ("upload", "microphone")),
        )
    if field.kind == "table":
        table = TableInput(
            value=field.value,
            headers=list(field.headers) or None,
            interactive=True,
            label=field.label,
            elem_id=elem_id,
            wrap=True,
        )
        table.text_limit = field.max_chars
        return table
    if field.kind == "json":
        return gr.Code(value=field.value, language="json", label=field.label, elem_id=elem_id)
    if field.kind == "checkbox":
        return gr.Checkbox(value=bool(field.value), **common)
    raise ValueError(f"Unknown field kind {field.kind!r}")


def text_info(field: Field) -> str:
    """The text box's info line: the field's own, its format, and its length limit."""
    form = {"labels": "Comma-separated.", "lines": "One per line."}.get(field.kind, "")
    parts = [field.info or form, f"Up to {field.max_chars:,} characters."]
    return " ".join(part for part in parts if part)


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def _table_columns(value: Any) -> dict[str, list[str]]:
    import pandas as pd

    frame = value if isinstance(value, pd.DataFrame) else pd.DataFrame(value)
    frame = frame.dropna(how="all")
    if frame.empty:
        raise InputError("The table is empty: add at least one row.")
    if any(str(name).strip() == "" for name in frame.columns):
        raise InputError("Every column of the table needs a name.")
    return {
        str(name): ["" if pd.isna(cell) else str(cell) for cell in frame[name]]
        for name in frame.columns
    }


def field_value(field: Field, value: Any) -> Any:
    """The widget's value as the client expects it; InputError when a required one is missing,
    its component refused it, or its text is over the field's limit."""
    value = accepted(value)
    missing = value is None or (isinstance(value, str) and not value.strip())
    if missing and not field.optional and field.kind not in ("checkbox", "table"):
        noun = {"image": "an image", "audio": "an audio clip"}.get(field.kind, field.label.lower())
        raise InputError(f"Give {noun} first.")
    if missing:
        return None
    if isinstance(value, str):
        check_text(field.label, value, field.max_chars)
    if field.kind == "labels":
        return _split(value, ",")
    if field.kind == "lines":
        return _split(value, "\n")
    if field.kind == "table":
        return _table_columns(value)
    return value


def example_value(field: Field, value: Any) -> Any:
    """Example values name assets for media fields; everything else is used as it is."""
    if field.kind in ("image", "audio") and isinstance(value, str):
        return str(asset(value))
    if field.kind == "table" and isinstance(value, str):
        import pandas as pd

        return pd.read_csv(asset(value), dtype=str)
    return value


def param_component(param: Param, prefix: str) -> Any:
    elem_id = f"{prefix}-param-{param.name}"
    info = param.info or None
    if param.kind == "slider":
        return gr.Slider(
            minimum=param.minimum,
            maximum=param.maximum,
            step=param.step,
            value=param.value,
            label=param.label,
            info=info,
            elem_id=elem_id,
        )
    if param.kind in ("int", "float") and param.value is None:
        # gr.Number can't stay empty (it sends 0 once shown), so "server default" is a textbox.
        bounds = _bounds_hint(param)
        return gr.Textbox(
            value="",
            label=param.label,
            info=info,
            elem_id=elem_id,
            placeholder=f"server default{bounds}",
        )
    if param.kind in ("int", "float"):
        return gr.Number(
            value=param.value,
            label=param.label,
            info=info,
            elem_id=elem_id,
            precision=0 if param.kind == "int" else None,
            minimum=param.minimum,
            maximum=param.maximum,
            step=param.step or 1,
        )
    if param.kind == "checkbox":
        return gr.Checkbox(value=bool(param.value), label=param.label, info=info, elem_id=elem_id)
    if param.kind == "dropdown":
        return gr.Dropdown(
            choices=list(param.choices),
            value=param.value,
            label=param.label,
            info=info,
            elem_id=elem_id,
            allow_custom_value=True,
        )
    return gr.Textbox(
        value=param.value,
        label=param.label,
        info=info,
        elem_id=elem_id,
        max_length=param.max_chars,
    )


def _bounds_hint(param: Param) -> str:
    if param.minimum is not None and param.maximum is not None:
        return f" ({param.minimum:g}–{param.maximum:g})"
    if param.minimum is not None:
        return f" (≥ {param.minimum:g})"
    return ""


def _number(param: Param, value: Any) -> float | int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{param.label} must be a number, not {value!r}.") from None
    low, high = param.minimum, param.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise InputError(f"{param.label} must be within{_bounds_hint(param)}, not {number:g}.")
    if param.kind == "int":
        if not number.is_integer():
            raise InputError(f"{param.label} must be a whole number, not {number:g}.")
        return int(number)
    return number


def param_value(param: Param, value: Any) -> Any:
    """None for an empty box (the server's default applies)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        check_text(param.label, value, param.max_chars)
    if param.kind in ("int", "float"):
        return _number(param, value)
    if param.kind == "labels":
        return _split(value, ",")
    return value


def control_component(control: Control, prefix: str) -> Any:
    elem_id = f"{prefix}-control-{control.name}"
    if control.kind == "slider":
        return gr.Slider(
            minimum=control.minimum,
            maximum=control.maximum,
            step=control.step,
            value=control.value,
            label=control.label,
            elem_id=elem_id,
        )
    return gr.CheckboxGroup(choices=[], value=[], label=control.label, elem_id=elem_id)


OUTPUT_CLASS = "task-output"  # outputs without a value are hidden (theme.py)


def output_component(output: OutputWidget, prefix: str) -> Any:
    common = {"elem_id": f"{prefix}-out-{output.name}", "elem_classes": [OUTPUT_CLASS]}
    label = output.label
    makers: dict[str, Any] = {
        "label": lambda: gr.Label(label=label, num_top_classes=10, **common),
        "highlight": lambda: gr.HighlightedText(
            label=label, combine_adjacent=False, show_legend=True, **common
        ),
        "image": lambda: gr.Image(
            label=label, type="pil", format="png", interactive=False, height=420, **common
        ),
        "table": lambda: gr.Dataframe(label=label, interactive=False, wrap=True, **common),
        "text": lambda: gr.Textbox(
            label=label, lines=4, interactive=False, buttons=["copy"], **common
        ),
        "json": lambda: gr.JSON(label=label, **common),
        "audio": lambda: gr.Audio(
            label=label, interactive=False, type="numpy", buttons=["download"], **common
        ),
        "markdown": lambda: gr.Markdown(**common),
        "plot": lambda: gr.LinePlot(
            label=label, x="dimension", y="value", color="vector", **common
        ),
        "file": lambda: gr.File(label=label, interactive=False, **common),
    }
    return makers[output.kind]()
