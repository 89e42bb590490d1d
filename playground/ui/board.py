"""What follows the target bar: the Tasks overview, each tab's model list, and the status lines,
which are cleared when the target kind changes (an old error must not read as the new target's)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr

from playground.tasks.spec import TaskSpec

from .destination import wire_destinations
from .events import PRIVATE
from .models import model_choices
from .overview import OverviewTarget, build_overview, overview_html, task_statuses
from .tab import AppContext

__all__ = ["PRIVATE", "STATUS_CLASS", "TargetBoard"]

STATUS_CLASS = "task-status"  # every tab's status line carries it


class TargetBoard:
    """The overview and the model boxes, kept in step with the target bar."""

    def __init__(self, ctx: AppContext, specs: Sequence[TaskSpec], report: Any) -> None:
        self.ctx, self.specs, self.report = ctx, list(specs), report
        self.overview: Any = None
        self.statuses: list[Any] = []

    def describe(
        self, kind: Any, url: Any = "", token: Any = "", request: gr.Request | None = None
    ) -> OverviewTarget:
        """The target bar's values as the overview needs them (whether a token exists only)."""
        settings = self.ctx.factory.settings
        own = str(token or "").strip() or self.ctx.caller(request).oauth_token
        return OverviewTarget(
            kind=str(kind or "local"),
            has_token=bool(own or settings.hf_token),
            sign_in=settings.oauth,
            url=str(url or ""),
            local_running=bool(self.ctx.factory.local_url),
        )

    def build(self, kind: str) -> Any:
        """The overview component, drawn for the app's default target."""
        target = self.describe(kind, self.ctx.factory.settings.custom_url)
        self.overview = build_overview(self.specs, target)
        return self.overview

    def overview_value(self, target: OverviewTarget) -> str:
        return overview_html(task_statuses(self.specs, target), target)

    def model_updates(self, kind: str) -> list[Any]:
        updates = []
        for spec, _ in self.ctx.model_boxes:
            choices, default = model_choices(spec, kind)
            updates.append(gr.update(choices=choices, value=default))
        return updates

    def on_kind(self, request: gr.Request, kind: Any, url: Any, token: Any) -> list[Any]:
        """A new target kind: the overview, the model lists, and every status line emptied."""
        target = self.describe(kind, url, token, request)
        cleared = [""] * (1 + len(self.statuses))  # the Test connection report too
        return [self.overview_value(target), *self.model_updates(target.kind), *cleared]

    def on_change(self, request: gr.Request, kind: Any, url: Any, token: Any) -> str:
        """A token typed or a URL changed: the overview only."""
        return self.overview_value(self.describe(kind, url, token, request))

    def on_load(self, request: gr.Request, kind: Any, url: Any, token: Any) -> list[Any]:
        """A page opened: what is installed now, and whether the visitor signed in."""
        target = self.describe(kind, url, token, request)
        return [self.overview_value(target), *self.model_updates(target.kind)]

    def wire(self, app: gr.Blocks) -> None:
        """Call once every tab is built (their model boxes and status lines exist)."""
        kind, url, token = self.ctx.target_inputs[:3]
        boxes = [box for _, box in self.ctx.model_boxes]
        self.statuses = [
            block
            for block in app.blocks.values()
            if STATUS_CLASS in (getattr(block, "elem_classes", None) or [])
        ]
        settings = self.ctx.factory.settings
        for spec, box in self.ctx.model_boxes:
            box.choices, box.value = model_choices(spec, settings.target)
        inputs = [kind, url, token]
        kind.change(
            self.on_kind, inputs, [self.overview, *boxes, self.report, *self.statuses], **PRIVATE
        )
        for box in (url, token):
            box.change(self.on_change, inputs, self.overview, trigger_mode="always_last", **PRIVATE)
        app.load(self.on_load, inputs, [self.overview, *boxes], **PRIVATE)
        wire_destinations(self.ctx)
