"""The QA tab, next to the task groups: compare targets on one input (then save a side as a
test, repeat it, sweep it under load) and run suites. Everything calls `playground.qa` and the
app's client factory."""

from __future__ import annotations

import gradio as gr

from .compare_chat import build_chat_compare
from .compare_view import CompareForm, build_compare
from .load_view import build_load
from .save_view import build_save
from .suites_view import build_suites
from .tab import AppContext

__all__ = ["build_qa"]


def build_qa(ctx: AppContext) -> CompareForm:
    """The QA tab's content (call inside its `gr.Tab`); the Compare form, for links to open."""
    gr.Markdown(
        "Check endpoints: the same input on 2–4 targets side by side with a task-aware "
        "comparison, repeats and a load sweep, saved tests and suites.",
        elem_id="qa-intro",
    )
    with gr.Tabs(elem_id="qa-views"):
        with gr.Tab("Compare", id="qa-compare", elem_id="qa-tab-compare"):
            form, state = build_compare(ctx)
            build_save(ctx, state)
            build_load(ctx, form)
        with gr.Tab("Chat compare", id="qa-chat", elem_id="qa-tab-chat"):
            build_chat_compare(ctx)
        with gr.Tab("Suites", id="qa-suites", elem_id="qa-tab-suites"):
            build_suites(ctx)
    return form
