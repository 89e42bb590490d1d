"""Every tab's first example, called as the tab calls it (the spec's inputs, its client method,
its local model) against the local server: each task with a local model answers and renders;
the others say they have none."""

from __future__ import annotations

from typing import Any

import pytest

from playground.client import InferenceClient
from playground.local import LocalServer
from playground.tasks import TASKS
from playground.ui.components import example_value, field_value
from tests.local.helpers import SPECS, WAIT

pytestmark = pytest.mark.slow
NO_LOCAL_MODEL = {"text-to-image"}


@pytest.mark.parametrize("task_id", list(TASKS))
def test_the_first_example_runs_on_the_local_model(server: LocalServer, task_id: str) -> None:
    spec = TASKS[task_id]
    if task_id in NO_LOCAL_MODEL:
        assert spec.local_model is None
        return
    assert spec.local_model is not None
    reason = SPECS[spec.local_model].missing()
    if reason:
        pytest.skip(f"{spec.local_model} unavailable: {reason}")
    example = spec.examples[0]
    inputs = {
        field.name: field_value(field, example_value(field, example.values.get(field.name)))
        for field in spec.inputs
    }
    call = spec.build_call(inputs, {param.name: param.value for param in spec.params})
    client = InferenceClient(timeout=300, headers=WAIT)
    model = f"{server.url}/models/{spec.local_model}"
    result: Any = getattr(client, spec.method)(*call.args, **call.kwargs, model=model)
    if spec.streaming:
        assert list(result)
        return
    shown = spec.render(result, call, {control.name: control.value for control in spec.controls})
    assert any(value is not None for value in shown.values())
