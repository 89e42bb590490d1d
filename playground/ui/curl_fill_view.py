""" "Fill from a curl command" in every task tab's inspector, next to "Save this run as a
test": paste a command (the inspector's own curl, a Hub widget's, an OpenAI-style one) and
the tab's model box, inputs and parameters take its values (`curl_fill` maps them). Nothing
is sent; a token in the command goes nowhere, and the pasted text is emptied once read."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground.tasks.spec import Param, TaskSpec

from .curl_fill import fill_from_curl
from .target import ClientFactory

__all__ = ["FillControls", "build_fill_controls", "fill_updates", "wire_fill"]


@dataclass
class FillControls:
    """The section's components (inside the inspector); `wire_fill` connects them."""

    text: Any
    fill: Any
    note: Any


def build_fill_controls(prefix: str) -> FillControls:
    with gr.Accordion("Fill from a curl command", open=False, elem_id=f"{prefix}-curl-fill"):
        text = gr.Textbox(
            lines=3,
            max_lines=12,
            label="curl command (a token in it is dropped, never kept)",
            placeholder='curl https://…/models/org/name -d \'{"inputs": "…"}\'',
            elem_id=f"{prefix}-curl-paste",
        )
        fill = gr.Button("Fill this tab", size="sm", elem_id=f"{prefix}-curl-fill-button")
        note = gr.Markdown(elem_id=f"{prefix}-curl-fill-note")
    return FillControls(text, fill, note)


def _default(param: Param) -> Any:
    """What the parameter's widget shows when the page opens (its server-default state)."""
    if param.kind in ("int", "float") and param.value is None:
        return ""
    return bool(param.value) if param.kind == "checkbox" else param.value


def fill_updates(
    spec: TaskSpec, factory: ClientFactory, text: str, current_kind: str | None
) -> list[Any]:
    """Values for the paste box, the model box, the fields (spec order), the parameters (each
    set from the command or back to its default), the JSON box and the note."""
    found = fill_from_curl(
        spec,
        text or "",
        local_url=factory.local_url,
        hf_endpoint=factory.settings.hf_endpoint,
        public=factory.settings.public,
        current_kind=current_kind or "local",
    )
    note = html.escape(found.note)
    if not found.filled:
        return [gr.skip()] * (2 + len(spec.inputs) + len(spec.params) + 1) + [note]
    fields = [found.fields.get(f.name, gr.skip()) for f in spec.inputs]
    params = [found.params.get(p.name, _default(p)) for p in spec.params]
    extra = json.dumps(found.extra, indent=2, ensure_ascii=False) if found.extra else ""
    model = found.model if found.model is not None else gr.skip()
    return ["", model, *fields, *params, extra, note]


def wire_fill(
    controls: FillControls,
    spec: TaskSpec,
    factory: ClientFactory,
    target_kind: Any,
    tab: Sequence[Any],
) -> None:
    """`tab`: the model box, the input fields (in `spec.inputs` order), the parameters (in
    `spec.params` order) and the free JSON box."""
    controls.fill.click(
        lambda text, kind: fill_updates(spec, factory, text, kind),
        [controls.text, target_kind],
        [controls.text, *tab, controls.note],
        api_visibility="private",
        queue=False,
    )
