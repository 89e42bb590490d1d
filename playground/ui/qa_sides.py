"""The QA view's plan of one comparison: a task, one input, 2–4 sides (target kind + model), and
running every side at once through the same path a task tab uses (`call_task`), so each side
gets the target bar's token rules, public-mode checks and the visitor's fair share."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from playground.client import InputError
from playground.tasks import TASKS
from playground.tasks.spec import CallArgs, TaskSpec

from .components import field_value
from .runner import Outcome, call_task, error_sentence, parse_extra
from .target import ClientFactory, TargetChoice
from .visitors import BusyError

__all__ = [
    "MAX_SIDES",
    "TEXT_SLOTS",
    "ComparePlan",
    "Side",
    "SideRun",
    "comparable_tasks",
    "plan_call",
    "run_side",
    "run_sides",
    "slot_of",
]

MAX_SIDES = 4
TEXT_SLOTS = 3
_TEXT_KINDS = ("text", "textarea", "labels", "lines")
_KINDS = ("local", "hf", "custom")


def slot_of(spec: TaskSpec) -> dict[str, str]:
    """Which of the view's input widgets holds each field: `text0`…`text2`, `image`, `audio`,
    or `default` (a checkbox keeps its default). Tasks that don't fit have no entry."""
    slots: dict[str, str] = {}
    texts = 0
    for item in spec.inputs:
        if item.kind in _TEXT_KINDS and texts < TEXT_SLOTS:
            slots[item.name] = f"text{texts}"
            texts += 1
        elif item.kind in ("image", "audio") and item.kind not in slots.values():
            slots[item.name] = item.kind
        elif item.kind == "checkbox":
            slots[item.name] = "default"
    return slots


def comparable_tasks() -> list[TaskSpec]:
    """Tasks whose inputs fit the view's widgets (tables and chat streams have their own tabs)."""
    return [
        spec
        for spec in TASKS.values()
        if not spec.streaming and len(slot_of(spec)) == len(spec.inputs)
    ]


@dataclass(frozen=True)
class Side:
    """One column: where it calls. `model` is the model id, or the endpoint URL (custom)."""

    kind: str
    model: str = ""

    def target(self, base: TargetChoice) -> TargetChoice:
        if self.kind == "custom":
            return replace(base, kind="custom", url=self.model.strip())
        return replace(base, kind=self.kind)

    def model_box(self) -> str | None:
        return None if self.kind == "custom" else (self.model.strip() or None)

    @property
    def title(self) -> str:
        names = {"local": "Local", "hf": "Hugging Face", "custom": "URL"}
        return f"{names.get(self.kind, self.kind)} · {self.model.strip() or 'default model'}"


@dataclass(frozen=True)
class ComparePlan:
    spec: TaskSpec
    call: CallArgs
    extra: Mapping[str, Any]
    sides: list[Side]
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str | None:
        """The text input (entities are aligned on it)."""
        value = self.inputs.get("text")
        return value if isinstance(value, str) else None


def _field_values(spec: TaskSpec, slots: Mapping[str, Any]) -> dict[str, Any]:
    where = slot_of(spec)
    values: dict[str, Any] = {}
    for item in spec.inputs:
        slot = where[item.name]
        raw = item.value if slot == "default" else slots.get(slot)
        values[item.name] = field_value(item, raw)
    return values


def _sides(kinds: Sequence[Any], models: Sequence[Any], count: int) -> list[Side]:
    sides = []
    for kind, model in list(zip(kinds, models, strict=True))[:count]:
        if kind not in _KINDS:
            raise InputError(f"Choose a target for every side (not {kind!r}).")
        sides.append(Side(kind, str(model or "")))
    return sides


def plan_call(
    task: Any,
    slots: Mapping[str, Any],
    extra_text: Any,
    count: Any,
    kinds: Sequence[Any],
    models: Sequence[Any],
) -> ComparePlan:
    """The page's values as a plan; InputError saying what to fix."""
    spec = TASKS.get(task) if isinstance(task, str) else None
    if spec is None or spec not in comparable_tasks():
        raise InputError("Choose a task to compare.")
    try:
        n = int(count)
    except (TypeError, ValueError):
        raise InputError("Choose how many sides to compare.") from None
    if not 1 <= n <= MAX_SIDES:
        raise InputError(f"Compare 1 to {MAX_SIDES} sides.")
    inputs = _field_values(spec, slots)
    params: dict[str, Any] = {}
    call = spec.build_call(inputs, params)
    return ComparePlan(spec, call, parse_extra(extra_text), _sides(kinds, models, n), inputs)


@dataclass
class SideRun:
    """What one side returned, and how long the call took (wall time, seconds)."""

    side: Side
    outcome: Outcome
    seconds: float

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    @property
    def result(self) -> Any:
        return self.outcome.result if self.outcome.ok else None

    @property
    def status_code(self) -> int | None:
        return self.outcome.exchanges[-1].status if self.outcome.exchanges else None

    @property
    def sentence(self) -> str:
        if self.outcome.error is None:
            return ""
        return error_sentence(self.outcome.error)


async def run_side(
    factory: ClientFactory, plan: ComparePlan, side: Side, base: TargetChoice
) -> SideRun:
    """One side's call, start to finish (progress sentences are dropped)."""
    target = side.target(base)
    model = factory.model_for(plan.spec, target, side.model_box())
    started = time.perf_counter()
    outcome = Outcome(plan.call, model)
    try:
        with factory.admit(target):
            async for update in call_task(factory, plan.spec, target, model, plan.call, plan.extra):
                if isinstance(update, Outcome):
                    outcome = update
    except BusyError as error:
        outcome.error = error
    return SideRun(side, outcome, time.perf_counter() - started)


async def run_sides(factory: ClientFactory, plan: ComparePlan, base: TargetChoice) -> list[SideRun]:
    """Every side at once: the comparison takes about as long as the slowest side."""
    jobs = (run_side(factory, plan, side, base) for side in plan.sides)
    return list(await asyncio.gather(*jobs))
