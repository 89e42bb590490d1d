"""The Compare view's permalink: a button that makes the link (absolute, in the browser), and
the page load that opens one (the QA tab, the task, the sides, the inputs, small media)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from playground.client import InputError
from playground.tasks import TASKS

from .compare_slots import SLOT_NAMES, slot_updates, slot_values
from .media_store import MediaStore
from .navigation import QA
from .permalink import MEDIA_SLOTS, LinkState, make_query, read_query
from .qa_sides import MAX_SIDES, TEXT_SLOTS
from .tab import AppContext

if TYPE_CHECKING:
    from .compare_view import CompareForm

__all__ = ["build_link", "link_state", "opened", "wire_opening"]

ABSOLUTE = (
    "(query) => query && query.startsWith('?') "
    "? location.origin + location.pathname + query : query"
)
MEDIA_NAMES = {"image": "image", "audio": "audio clip"}


def _media_path(value: Any) -> str | None:
    """An image or audio slot's value when it is a file (a refused upload is not)."""
    return value if isinstance(value, str) and value else None


def _held_media(
    task: str, slots: dict[str, Any], store: MediaStore | None
) -> tuple[dict[str, str], list[str]]:
    """The keys of the task's small media (kept in the store now), and the slots too large."""
    spec = TASKS.get(task)
    if store is None or spec is None:
        return {}, []
    shown = slot_values(spec)
    media, left_out = {}, []
    for slot in MEDIA_SLOTS:
        path = _media_path(slots.get(slot))
        if shown[slot] is None or path is None:
            continue
        key = store.put(path)
        if key is None:
            left_out.append(slot)
        else:
            media[slot] = key
    return media, left_out


def link_state(
    form: CompareForm, values: Sequence[Any], store: MediaStore | None = None
) -> LinkState:
    """The form's values (in `components` order) as a link's state; with a store, the task's
    small media are kept in it and named by key (without one they are left out)."""
    n_slots = len(form.slots)
    task, slots = values[0], dict(zip(form.slots, values[1 : 1 + n_slots], strict=True))
    extra, count = values[1 + n_slots], values[2 + n_slots]
    sides = values[3 + n_slots :]
    texts = [str(slots.get(f"text{i}") or "") for i in range(TEXT_SLOTS)]
    pairs = [
        (str(k or "local"), str(m or ""))
        for k, m in zip(sides[:MAX_SIDES], sides[MAX_SIDES:], strict=True)
    ]
    number = int(count) if str(count).isdigit() else 2
    media, left_out = _held_media(str(task), slots, store)
    return LinkState(str(task), number, texts, str(extra or ""), pairs, 0, media, left_out)


def build_link(ctx: AppContext, form: CompareForm) -> None:
    public = ctx.factory.settings.public
    with gr.Row(equal_height=True):
        make = gr.Button("Link to this comparison", size="sm", elem_id="qa-make-link", scale=0)
        link = gr.Textbox(
            label="Permalink (no token; a small image or clip is kept here for a while)",
            elem_id="qa-link", buttons=["copy"], scale=4,
        )  # fmt: skip

    def made(*values: Any) -> str:
        try:
            return make_query(link_state(form, values, form.media), public)
        except InputError as error:
            return f"⚠ {error}"

    make.click(made, form.components, link, api_visibility="private", queue=False).then(
        None, link, link, js=ABSOLUTE
    )


def _skips(n: int) -> list[Any]:
    return [gr.skip()] * n


def wire_opening(app: gr.Blocks, ctx: AppContext, form: CompareForm, groups: Any) -> None:
    """Open a `?qa=` link when the page loads (call after the Blocks are built)."""
    outputs = [
        groups, form.task, form.about, *form.slots.values(), form.count, *form.kinds,
        *form.models, form.extra, form.summary,
    ]  # fmt: skip

    def on_load(request: gr.Request) -> list[Any]:
        return opened(ctx, request, form.media)

    app.load(on_load, None, outputs, api_visibility="private", queue=False)


def _restore_media(state: LinkState, slots: list[Any], store: MediaStore | None) -> list[str]:
    """Put the held media into the slot updates; sentences for the ones that can't be."""
    notes = []
    for slot in MEDIA_SLOTS:
        update = slots[SLOT_NAMES.index(slot)]
        name = MEDIA_NAMES[slot]
        if not update.get("visible"):  # not an input of the link's task
            continue
        if slot in state.left_out:
            update["value"] = None
            notes.append(f"The {name} was too large to travel in the link; upload it again.")
        elif slot in state.media:
            held: Path | None = store.get(state.media[slot]) if store else None
            update["value"] = str(held) if held else None
            if held is None:
                notes.append(
                    f"The {name} this link carried is no longer held here; upload it again."
                )
    return notes


def opened(
    ctx: AppContext, request: gr.Request | None, store: MediaStore | None = None
) -> list[Any]:
    """Updates for `[groups, task, about, *slots, count, *kinds, *models, extra, note]` from
    the page's `?qa=` (nothing changes without one)."""
    n = 3 + len(SLOT_NAMES) + 1 + 2 * MAX_SIDES + 2
    text = request.query_params.get("qa") if request is not None else None
    if not text:
        return _skips(n)
    try:
        state = read_query(text, ctx.factory.settings.public)
    except InputError as error:
        return [gr.Tabs(selected=QA), *_skips(n - 2), f"⚠ {html.escape(str(error))}"]
    spec = TASKS[state.task]
    slots = slot_updates(spec)
    for i, value in enumerate(state.texts):
        if slots[i].get("visible") and value:
            slots[i]["value"] = value
    notes = ["Opened from a link.", *_restore_media(state, slots, store)]
    if state.dropped:
        notes.append(f"{state.dropped} custom URL side(s) were left out on this public demo.")
    sides = (state.sides + [("local", "")] * MAX_SIDES)[:MAX_SIDES]
    return [
        gr.Tabs(selected=QA), state.task, spec.description, *slots, state.count,
        *[kind for kind, _ in sides], *[model for _, model in sides], state.extra, " ".join(notes),
    ]  # fmt: skip
