"""The line under each tab's model box that says where Run will send the request, worked out
the way the client will work it out, so nothing goes to a host the user didn't expect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import gradio as gr

from playground.client import InputError
from playground.client.targets import resolve_target, task_url
from playground.tasks.spec import TaskSpec

from .target import ClientFactory, TargetChoice

if TYPE_CHECKING:
    from .tab import AppContext

__all__ = ["destination_line", "destination_text", "wire_destinations"]

PRIVATE: dict[str, Any] = {"api_visibility": "private", "queue": False}

ASKED_AT_RUN = (
    "; its route (TGI, TEI, OpenAI-compatible or HF-style) is asked of the server at Run — "
    "or pick the server family in the target bar"
)


def destination_line(spec: TaskSpec) -> Any:
    """The (empty) component; the target board fills it."""
    return gr.Markdown(elem_id=f"{spec.api_name}-destination", elem_classes=["destination"])


def destination_text(
    factory: ClientFactory, spec: TaskSpec, target: TargetChoice, model_box: str | None
) -> str:
    """ "Run sends POST to <url>", or what is missing before a call can go anywhere."""
    if target.kind == "local" and not factory.local_url:
        return "The embedded local server is not running: choose another target."
    if target.kind == "custom" and not target.url.strip() and "://" not in (model_box or ""):
        return "Type your endpoint's URL in the target bar; Run sends the request there."
    model = factory.model_for(spec, target, model_box)
    if not model and target.kind == "local":
        return (
            f"No local model does {spec.title.lower()}: choose Hugging Face (with a token) or "
            "a custom URL in the target bar."
        )
    if not model:
        return "Type a model id or URL in the model box."
    endpoint, backend = factory.server(target)
    try:
        resolved = resolve_target(spec.id, model, inference_endpoint=endpoint, backend=backend)
    except ValueError as exc:  # an unknown server family typed by hand
        return f"This target can't be used: {exc}."
    note = ""
    if target.kind == "custom" and backend is None and "/models/" not in (target.url or model):
        server = factory.server_kinds.known(target.url.strip() or model)
        if server is not None and server.family is not None:
            family = server.family.value
            resolved = resolve_target(spec.id, model, inference_endpoint=endpoint, backend=family)
        else:
            note = ASKED_AT_RUN
    url = task_url(resolved, spec.id, stream=spec.streaming)
    return f"Run sends `POST {_shown(url)}`{note}."


def _shown(url: str) -> str:
    """Backticks in a typed URL would end the code span early."""
    return url.replace("`", "%60")


def wire_destinations(ctx: AppContext) -> None:
    """Keep every tab's line in step with its model box and the target bar."""
    boxes = [box for _, box, _ in ctx.destinations]
    lines = [line for _, _, line in ctx.destinations]
    n_target = len(ctx.target_inputs)

    def all_lines(request: gr.Request, *values: Any) -> list[Any]:
        target = _target_or_none(ctx, request, values[:n_target])
        if target is None:
            return [gr.skip()] * len(lines)
        models = values[n_target:]
        return [
            destination_text(ctx.factory, spec, target, model)
            for (spec, _, _), model in zip(ctx.destinations, models, strict=True)
        ]

    settings = ctx.factory.settings
    opening = TargetChoice(kind=settings.target, url=settings.custom_url or "")
    for spec, box, line in ctx.destinations:  # what the page opens on
        line.value = destination_text(ctx.factory, spec, opening, box.value)
    kind, url, *_rest, family = ctx.target_inputs
    for trigger in (kind, url, family):
        trigger.change(all_lines, [*ctx.target_inputs, *boxes], lines, **PRIVATE)
    for spec, box, line in ctx.destinations:
        box.change(_one_line(ctx, spec), [*ctx.target_inputs, box], line, **PRIVATE)


def _one_line(ctx: AppContext, spec: TaskSpec) -> Any:
    def line(request: gr.Request, *values: Any) -> Any:
        target = _target_or_none(ctx, request, values[:-1])
        if target is None:
            return gr.skip()
        return destination_text(ctx.factory, spec, target, values[-1])

    return line


def _target_or_none(
    ctx: AppContext, request: gr.Request, values: Sequence[Any]
) -> TargetChoice | None:
    try:
        return ctx.target(request, values)
    except InputError:  # a bad Timeout box: Run will say so
        return None
