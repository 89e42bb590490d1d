"""What every task spec in the registry must hold, checked once for all of them: its examples
build a call the way the tab builds it, its outputs have components, its names line up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from playground.assets import asset
from playground.tasks import GROUPS, ORDER, TASKS
from playground.tasks.spec import CallArgs, Example, TaskSpec
from playground.ui.components import output_component

from .helpers import default_params, example_inputs

SPECS = list(TASKS.values())
EXAMPLES = [
    pytest.param(spec, example, id=f"{spec.id}-{example.title or index}")
    for spec in SPECS
    for index, example in enumerate(spec.examples)
]
# Example values a task rewrites before sending, checked by the task's own module instead:
# fill-mask swaps the typed mask token for the model's (test_fill_mask).
REWRITTEN = {("fill-mask", "text")}


def leaves(value: Any) -> Iterator[Any]:
    """Every scalar inside a call's arguments (messages, parameters and lists opened)."""
    if isinstance(value, CallArgs):
        yield from leaves(value.args)
        yield from leaves(dict(value.kwargs))
    elif isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def test_the_registry_holds_every_task_in_display_order() -> None:
    assert tuple(TASKS) == ORDER
    assert all(task_id == spec.id for task_id, spec in TASKS.items())


def test_api_names_are_unique() -> None:
    names = Counter(spec.api_name for spec in SPECS)
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_the_spec_is_complete_and_its_names_are_unique(spec: TaskSpec) -> None:
    assert spec.group in GROUPS
    assert spec.title and spec.description and spec.promise
    assert spec.examples, "every tab offers at least one example"
    for kind in (spec.inputs, spec.params, spec.outputs, spec.controls):
        names = [item.name for item in kind]
        assert len(names) == len(set(names)), names


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_every_output_has_a_component(spec: TaskSpec) -> None:
    for output in spec.outputs:
        component = output_component(output, spec.api_name)
        assert component.elem_id == f"{spec.api_name}-out-{output.name}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_carried_fields_are_inputs(spec: TaskSpec) -> None:
    assert set(spec.carries) <= {f.name for f in spec.inputs}


@pytest.mark.parametrize(("spec", "example"), EXAMPLES)
def test_the_example_names_inputs_and_its_assets_exist(spec: TaskSpec, example: Example) -> None:
    assert set(example.values) <= {f.name for f in spec.inputs}
    for field in spec.inputs:
        value = example.values.get(field.name)
        if field.kind in ("image", "audio") or (field.kind == "table" and isinstance(value, str)):
            assert asset(value).is_file()


@pytest.mark.parametrize(("spec", "example"), EXAMPLES)
def test_the_example_builds_a_call_that_sends_its_values(spec: TaskSpec, example: Example) -> None:
    """Through the widgets' conversion and the default parameters, as a Run after clicking the
    example does: each text and media value reaches the call as it is (media as a path)."""
    call = spec.build_call(example_inputs(spec, example), default_params(spec))
    assert isinstance(call, CallArgs)
    sent = list(leaves(call))
    for field in spec.inputs:
        value = example.values.get(field.name)
        if value is None or (spec.id, field.name) in REWRITTEN:
            continue
        if field.kind in ("image", "audio"):
            assert str(asset(value)) in call.args
        elif field.kind in ("text", "textarea"):
            assert value in sent, field.name
