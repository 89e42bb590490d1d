"""The target bar's effects, through the app's own handlers: the overview follows the target,
the model lists change with it, every status line is emptied when the kind changes, and the
picker and the overview's rows open tabs."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import gradio as gr
import pytest

from playground.tasks import TASKS
from playground.ui.app import create_app
from playground.ui.models import model_choices
from playground.ui.navigation import OVERVIEW
from playground.ui.settings import Settings

pytestmark = pytest.mark.filterwarnings(
    "ignore:unclosed:ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
SETTINGS = Settings(port=0, local_server=False, local_url="http://127.0.0.1:9")


@pytest.fixture(scope="module")
def app() -> Iterator[gr.Blocks]:
    yield create_app(SETTINGS)
    asyncio.get_event_loop_policy().get_event_loop().close()
    asyncio.set_event_loop(None)
    gc.collect()


def handler(app: gr.Blocks, name: str) -> Any:
    return next(fn for fn in app.fns.values() if fn.name == name)


def by_id(app: gr.Blocks, elem_id: str) -> Any:
    return next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == elem_id)


def test_kind_change_updates_overview_models_and_empties_every_status(app: gr.Blocks) -> None:
    fn = handler(app, "on_kind")
    outputs = [app.blocks[block._id] for block in fn.outputs]
    statuses = [b for b in outputs if "task-status" in (getattr(b, "elem_classes", None) or [])]
    assert {b.elem_id for b in statuses} == {f"{spec.api_name}-status" for spec in TASKS.values()}
    assert by_id(app, "target-report") in outputs  # Test connection's old answer too
    values = fn.fn(None, "hf", "", "")
    shown = dict(zip([getattr(b, "elem_id", None) for b in outputs], values, strict=True))
    assert "needs a token" in shown["overview"]
    assert all(shown[b.elem_id] == "" for b in statuses)
    assert shown["target-report"] == ""
    spec = TASKS["object-detection"]
    box = shown[f"{spec.api_name}-model"]
    assert box["value"] == spec.hub_models[0]
    assert [value for _, value in box["choices"]] == list(spec.hub_models)


def test_back_on_the_local_target_the_boxes_list_local_models(app: gr.Blocks) -> None:
    fn = handler(app, "on_kind")
    ids = [getattr(app.blocks[block._id], "elem_id", None) for block in fn.outputs]
    shown = dict(zip(ids, fn.fn(None, "local", "", ""), strict=True))
    assert "tasks run here" in shown["overview"]
    for spec in TASKS.values():
        choices, default = model_choices(spec, "local")
        assert shown[f"{spec.api_name}-model"] == {
            "__type__": "update",
            "choices": choices,
            "value": default,
        }


def test_a_typed_token_or_url_redraws_the_overview(app: gr.Blocks) -> None:
    fn = handler(app, "on_change")
    assert "needs a token" in fn.fn(None, "hf", "", "")
    assert "needs a token" not in fn.fn(None, "hf", "", "hf_typed")
    assert "hf_typed" not in fn.fn(None, "hf", "", "hf_typed")
    assert "my-tgi.example" in fn.fn(None, "custom", "https://my-tgi.example", "")


def test_the_app_opens_on_the_overview_with_models_for_its_target(app: gr.Blocks) -> None:
    groups = by_id(app, "groups")
    assert groups.selected == OVERVIEW
    assert groups.overflow_behavior == "wrap"
    assert by_id(app, "task-picker").value == OVERVIEW
    spec = TASKS["text-classification"]
    choices, default = model_choices(spec, "local")
    box = by_id(app, f"{spec.api_name}-model")
    assert box.value == default
    assert [value for _, value in box.choices] == [value for _, value in choices]


def test_overview_rows_and_the_picker_open_tabs(app: gr.Blocks) -> None:
    clicked = handler(app, "open_clicked")
    spec = TASKS["image-segmentation"]
    updates = clicked.fn(gr.EventData(None, {"task": spec.id}))
    targets = [app.blocks[block._id] for block in clicked.outputs]
    shown = {getattr(t, "elem_id", None): value for t, value in zip(targets, updates, strict=True)}
    assert shown["groups"].selected == "group-Vision"
    assert shown["tasks-Vision"].selected == spec.id
    assert shown["task-picker"] == spec.id
    assert all(
        isinstance(value, dict) and value.get("__type__") == "update"
        for name, value in shown.items()
        if name not in ("groups", "tasks-Vision", "task-picker")
    )
    unknown = clicked.fn(gr.EventData(None, {"task": "<img src=x>"}))
    assert all(isinstance(v, dict) and v.get("__type__") == "update" for v in unknown)
    picked = handler(app, "select")
    assert picked.fn(OVERVIEW)[0].selected == OVERVIEW
