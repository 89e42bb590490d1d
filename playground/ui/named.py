"""Handlers wired by name. Gradio passes a handler its inputs in order; `named_handler` binds them
to names once, so handlers read `values["timeout"]` instead of slicing by position, and gives
the handler a signature with those names, so the app's API (gradio_client, the "Use via API"
page) shows `text`, `model`, `timeout`… with a description each, instead of `param_0…`."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground.tasks.spec import TaskSpec

__all__ = ["TARGET_SLOTS", "Slot", "TaskInputs", "named_handler", "target_values", "task_inputs"]


@dataclass(frozen=True)
class Slot:
    """One input of a handler: its name in code and in the API, and what it is."""

    name: str
    about: str


TARGET_SLOTS = (
    Slot("target", "Where calls go: 'local' (the embedded server), 'hf' or 'custom'."),
    Slot("endpoint_url", "The custom target's URL (a server, or a model URL)."),
    Slot("token", "Your Hugging Face or endpoint token; empty: none (or the host's)."),
    Slot("send_token", "Send the token to the custom URL."),
    Slot("timeout", "Seconds the whole call may take."),
    Slot("wait_for_model", "Hold the request while a cold model loads."),
    Slot("server_family", "The custom server's family: auto, tgi, tei, openai or endpoint."),
)
MODEL_SLOT = Slot("model", "A model id on the target, or a model URL; empty: the default.")
EXTRA_SLOT = Slot("extra_parameters", "A JSON object merged into the request's parameters.")


@dataclass(frozen=True)
class TaskInputs:
    """A task tab's Run inputs, in the order its event lists them, each with a unique name, and
    which names are its fields, parameters and drawing controls."""

    slots: tuple[Slot, ...]
    fields: tuple[str, ...]
    params: tuple[str, ...]
    controls: tuple[str, ...]

    def values(self, names: Sequence[str], values: Mapping[str, Any]) -> list[Any]:
        return [values[name] for name in names]


def task_inputs(spec: TaskSpec, *, controls: bool = True) -> TaskInputs:
    slots = [*TARGET_SLOTS, MODEL_SLOT]
    taken = {slot.name for slot in slots} | {EXTRA_SLOT.name}

    def add(name: str, about: str, prefix: str) -> str:
        unique = name if name not in taken else f"{prefix}_{name}"
        taken.add(unique)
        slots.append(Slot(unique, about))
        return unique

    fields = tuple(add(f.name, f.info or f.label, "input") for f in spec.inputs)
    params = tuple(add(p.name, p.info or p.label, "param") for p in spec.params)
    slots.append(EXTRA_SLOT)
    shown = spec.controls if controls else ()
    drawn = tuple(add(c.name, f"{c.label} (how the result is drawn)", "shown") for c in shown)
    return TaskInputs(tuple(slots), fields, params, drawn)


def target_values(values: Mapping[str, Any]) -> list[Any]:
    """The target bar's values, in its order, from a handler's named values."""
    return [values[slot.name] for slot in TARGET_SLOTS]


def named_handler(
    handler: Callable[[gr.Request, Mapping[str, Any]], Any], slots: Sequence[Slot], summary: str
) -> Callable[..., Any]:
    """`handler(request, values_by_name)` as Gradio calls it: `(request, *values)` in `slots`
    order. Works for coroutine and async-generator handlers alike."""
    names = [slot.name for slot in slots]

    def bind(values: Sequence[Any]) -> dict[str, Any]:
        return dict(zip(names, values, strict=True))

    if inspect.isasyncgenfunction(handler):

        async def streaming(request: gr.Request, *values: Any) -> Any:
            async with contextlib.aclosing(handler(request, bind(values))) as updates:
                async for update in updates:
                    yield update

        wrapper: Callable[..., Any] = streaming
    else:

        async def single(request: gr.Request, *values: Any) -> Any:
            return await handler(request, bind(values))

        wrapper = single
    wrapper.__name__, wrapper.__qualname__ = handler.__name__, handler.__qualname__
    _present(wrapper, slots, summary)
    return wrapper


def _present(wrapper: Callable[..., Any], slots: Sequence[Slot], summary: str) -> None:
    """The signature and docstring Gradio reads for the API page (`request` stays hidden)."""
    request = inspect.Parameter(
        "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=gr.Request
    )
    parameters = [
        inspect.Parameter(slot.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)
        for slot in slots
    ]
    # Functions take any attribute; typeshed's Callable doesn't declare __signature__.
    wrapper.__signature__ = inspect.Signature([request, *parameters])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {"request": gr.Request}
    args = "\n".join(f"    {slot.name}: {slot.about}" for slot in slots)
    wrapper.__doc__ = f"{summary}\n\nArgs:\n{args}\n"
