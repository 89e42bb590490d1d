"""Getting to a task: the Tasks overview (the landing tab), the group tabs and their task tabs
(wrapped onto more lines, never folded into a hidden "⋯" menu), and a searchable task picker.
The three stay in step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from playground.tasks import GROUPS
from playground.tasks.spec import TaskSpec

from .events import PRIVATE

__all__ = ["OVERVIEW", "Navigation", "build_navigation", "task_picker", "wire_navigation"]

OVERVIEW = "overview"
QA = "qa"


def group_tab_id(group: str) -> str:
    return f"group-{group}"


def task_picker(specs: Sequence[TaskSpec]) -> Any:
    """A dropdown to type into: "image" finds every image task, "text" every text one."""
    choices = [("Tasks overview", OVERVIEW)] + [
        (f"{spec.title} · {spec.group}", spec.id) for spec in specs
    ]
    return gr.Dropdown(
        choices,
        value=OVERVIEW,
        label="Go to a task",
        filterable=True,
        elem_id="task-picker",
    )


@dataclass
class Navigation:
    """The picker, the group tabs and each group's task tabs."""

    picker: Any
    groups: Any = None
    inner: dict[str, Any] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)

    @property
    def tabs(self) -> list[Any]:
        return [self.groups, *self.inner.values()]

    def select(self, task: Any) -> list[Any]:
        """Updates for `tabs` that show a task's tab (or the overview); unknown ids change
        nothing (the id comes from the page)."""
        if task == OVERVIEW:
            return [gr.Tabs(selected=OVERVIEW), *[gr.skip()] * len(self.inner)]
        group = self.group_of.get(task) if isinstance(task, str) else None
        if group is None:
            return [gr.skip()] * len(self.tabs)
        inner = [gr.Tabs(selected=task) if name == group else gr.skip() for name in self.inner]
        return [gr.Tabs(selected=group_tab_id(group)), *inner]

    def open(self, task: Any) -> list[Any]:
        """`select`, and the picker set to the task."""
        shown = self.select(task)
        known = task == OVERVIEW or task in self.group_of
        return [*shown, task if known else gr.skip()]


def _constant(value: str) -> Callable[[], str]:
    def picked() -> str:
        return value

    return picked


def build_navigation(
    specs: Sequence[TaskSpec],
    picker: Any,
    overview: Callable[[], Any],
    build_task: Callable[[TaskSpec], Any],
    qa: Callable[[], Any] | None = None,
) -> tuple[Navigation, Any]:
    """The tabs: the overview (made by `overview()`, returned), then one tab per group holding
    one tab per task (filled by `build_task`), then the QA tab (filled by `qa`). Call inside
    the Blocks."""
    nav = Navigation(picker)
    with gr.Tabs(elem_id="groups", overflow_behavior="wrap", selected=OVERVIEW) as groups:
        nav.groups = groups
        with gr.Tab("Tasks", id=OVERVIEW, elem_id="tab-overview") as overview_tab:
            board = overview()
        overview_tab.select(_constant(OVERVIEW), None, picker, **PRIVATE)
        for group in GROUPS:
            members = [spec for spec in specs if spec.group == group]
            if members:
                _group_tab(nav, group, members, build_task)
        if qa is not None:
            with gr.Tab("QA", id=QA, elem_id="tab-qa"):
                qa()
    return nav, board


def _group_tab(
    nav: Navigation, group: str, specs: Sequence[TaskSpec], build_task: Callable[[TaskSpec], Any]
) -> None:
    short = group.split(maxsplit=1)[0]
    with (
        gr.Tab(group, id=group_tab_id(group), elem_id=f"group-{short}"),
        gr.Tabs(overflow_behavior="wrap", elem_id=f"tasks-{short}") as inner,
    ):
        nav.inner[group] = inner
        for spec in specs:
            nav.group_of[spec.id] = group
            with gr.Tab(spec.title, id=spec.id, elem_id=f"tab-{spec.api_name}") as tab:
                build_task(spec)
            tab.select(_constant(spec.id), None, nav.picker, **PRIVATE)


def wire_navigation(nav: Navigation, board: Any) -> None:
    """The picker and the overview's rows open tabs."""
    nav.picker.input(nav.select, nav.picker, nav.tabs, **PRIVATE)

    def open_clicked(event: gr.EventData) -> list[Any]:
        data = event._data if isinstance(event._data, dict) else {}
        return nav.open(data.get("task"))

    board.click(open_clicked, None, [*nav.tabs, nav.picker], **PRIVATE)
