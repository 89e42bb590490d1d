"""The app factory: the target bar, one tab per task grouped by modality, no per-user globals."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import gradio as gr

from playground.client import InputError
from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec

from .board import PRIVATE, TargetBoard
from .compare_view import CompareForm
from .inputs import NumberInput
from .named import TARGET_SLOTS, named_handler, target_values
from .navigation import build_navigation, task_picker, wire_navigation
from .permalink_view import wire_opening
from .probe import probe_target
from .qa_view import build_qa
from .settings import Settings
from .tab import AppContext, build_tab
from .target import FAMILIES, ClientFactory

__all__ = ["create_app"]

TabBuilder = Callable[[TaskSpec, AppContext], Any]
KIND_CHOICES = [
    ("Local models (offline)", "local"),
    ("Hugging Face", "hf"),
    ("Custom URL (Endpoint, TGI, TEI, OpenAI-compatible)", "custom"),
]


def _layouts() -> dict[str, TabBuilder]:
    """Each `TaskSpec.layout`'s tab builder."""
    from .chat_tab import build_chat_tab
    from .generation_tab import build_generation_tab

    return {"form": build_tab, "chat": build_chat_tab, "generation": build_generation_tab}


def _target_bar(settings: Settings) -> list[Any]:
    with gr.Group(elem_id="target-bar"):
        with gr.Row(equal_height=True):
            kind = gr.Radio(
                KIND_CHOICES, value=settings.target, label="Target", elem_id="target-kind", scale=3
            )
            token = gr.Textbox(
                type="password",
                label="Hugging Face token",
                scale=2,
                placeholder="hf_… (optional; stays in this browser tab)",
                elem_id="target-token",
            )
            cap = settings.call_timeout_cap
            timeout = NumberInput(  # the handlers check it and say what's wrong
                value=min(settings.timeout, cap) if cap else settings.timeout,
                label="Timeout (s)",
                minimum=1,
                info=f"The whole call; at most {cap:g} s here" if cap else "The whole call",
                elem_id="target-timeout",
                scale=1,
            )
            wait = gr.Checkbox(
                value=False,
                label="Wait for model",
                elem_id="target-wait",
                info="Hold requests while a cold model loads",
                scale=1,
            )
        custom = settings.target == "custom"
        with gr.Row(visible=custom, elem_id="target-custom-row") as custom_row:
            url = gr.Textbox(
                value=settings.custom_url,
                label="Endpoint URL",
                scale=4,
                placeholder="https://….endpoints.huggingface.cloud or http://host:8080",
                elem_id="target-url",
            )
            family = gr.Dropdown(
                list(FAMILIES), value="auto", label="Server", scale=1, elem_id="target-family"
            )
            send_token = gr.Checkbox(
                value=False, label="Send my token to this URL", scale=1, elem_id="target-send-token"
            )
        with gr.Row():
            test = gr.Button("Test connection", size="sm", elem_id="target-test", scale=0)
            if settings.oauth:  # a Space with `hf_oauth: true`: visitors spend their own quota
                gr.LoginButton(size="sm", elem_id="target-login", scale=0)
            report = gr.Markdown(elem_id="target-report")
    inputs = [kind, url, token, send_token, timeout, wait, family]
    return [inputs, custom_row, test, report]


def _wire_target(ctx: AppContext, custom_row: Any, test: Any, report: Any) -> None:
    kind = ctx.target_inputs[0]
    kind.change(lambda value: gr.update(visible=value == "custom"), kind, custom_row, **PRIVATE)

    async def test_connection(request: gr.Request, values: Mapping[str, Any]) -> str:
        try:
            target = ctx.target(request, target_values(values))
        except InputError as error:  # e.g. the Timeout box
            return f"⚠ {html.escape(str(error))}"
        return await probe_target(ctx.factory, target)

    summary = "Ask the target what answers there: server family, model, version."
    handler = named_handler(test_connection, TARGET_SLOTS, summary)
    test.click(handler, ctx.target_inputs, report, api_name="test_connection")


def create_app(settings: Settings, factory: ClientFactory | None = None) -> gr.Blocks:
    """Build the playground. `factory` makes the clients (tests pass one aimed at a fake)."""
    factory = factory or ClientFactory(settings, settings.local_url)
    layouts = _layouts()
    shown = [spec for spec in TASKS.values() if not settings.tasks or spec.id in settings.tasks]
    # Not `with gr.Blocks(...) as app`: Blocks.__enter__ is unannotated (so Any); it returns self.
    app = gr.Blocks(
        title="Inference Playground", analytics_enabled=False, delete_cache=(3600, 3600)
    )
    with app:
        with gr.Row(elem_id="header-row"):
            with gr.Column(scale=3):
                gr.Markdown(
                    "# Inference Playground\nTry models task by task against the embedded "
                    "local server, Hugging Face, or your own endpoint.",
                    elem_id="header",
                )
            with gr.Column(scale=1, min_width=380):
                picker = task_picker(shown)
        inputs, custom_row, test, report = _target_bar(settings)
        ctx = AppContext(factory=factory, target_inputs=inputs, concurrency=settings.concurrency)
        board = TargetBoard(ctx, shown, report)
        qa: list[CompareForm] = []
        nav, overview = build_navigation(
            shown,
            picker,
            lambda: board.build(settings.target),
            lambda spec: layouts[spec.layout](spec, ctx),
            lambda: qa.append(build_qa(ctx)),
        )
        wire_navigation(nav, overview)
        _wire_target(ctx, custom_row, test, report)
        board.wire(app)
        wire_opening(app, ctx, qa[0], nav.groups)  # ?qa= permalinks
    return app
