"""Which of the Compare view's input widgets (three text boxes, an image, an audio clip) show
for a task, with its field labels and first example's values."""

from __future__ import annotations

from typing import Any

import gradio as gr

from playground.tasks.spec import TaskSpec

from .components import example_value
from .qa_sides import TEXT_SLOTS, slot_of

__all__ = ["SLOT_NAMES", "slot_updates", "slot_values"]

SLOT_NAMES = [*[f"text{i}" for i in range(TEXT_SLOTS)], "image", "audio"]


def slot_values(spec: TaskSpec) -> dict[str, tuple[str, Any] | None]:
    """Per slot: the label and first example value of the field it holds, or None (hidden)."""
    where = {slot: name for name, slot in slot_of(spec).items()}
    example = spec.examples[0].values if spec.examples else {}
    found: dict[str, tuple[str, Any] | None] = {}
    for slot in SLOT_NAMES:
        item = next((f for f in spec.inputs if f.name == where.get(slot)), None)
        found[slot] = (
            None
            if item is None
            else (item.label, example_value(item, example.get(item.name, item.value)))
        )
    return found


def slot_updates(spec: TaskSpec) -> list[Any]:
    return [
        gr.update(visible=False, value=None)
        if shown is None
        else gr.update(visible=True, label=shown[0], value=shown[1])
        for shown in slot_values(spec).values()
    ]
