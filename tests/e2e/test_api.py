"""Every tab through its API endpoint with gradio_client, over loopback, against the fake
inference server: each returns a rendered output of the right kind and a filled inspector."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client, handle_file

from playground.tasks import TASKS
from playground.tasks.spec import Field, OutputWidget, TaskSpec
from playground.ui.components import example_value

GENERIC = [spec for spec in TASKS.values() if not spec.streaming]


@pytest.fixture(scope="module")
def api(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    downloads = tmp_path_factory.mktemp("downloads")
    client = Client(app_url, verbose=False, analytics_enabled=False, download_files=downloads)
    yield client
    client.close()


def target(kind: str = "hf") -> list[Any]:
    return [kind, "", "", False, 60, False, "auto"]


def widget_value(field: Field, value: Any) -> Any:
    value = example_value(field, value)
    if field.kind in ("image", "audio") and value is not None:
        return handle_file(value)
    if field.kind == "table" and value is not None:
        return {"headers": list(value.columns), "data": value.values.tolist(), "metadata": None}
    return value


def arguments(spec: TaskSpec, model: str, kind: str = "hf") -> list[Any]:
    example = spec.examples[0].values if spec.examples else {}
    fields = [widget_value(field, example.get(field.name, field.value)) for field in spec.inputs]
    params = [param.value for param in spec.params]
    controls = [control.value if control.kind == "slider" else [] for control in spec.controls]
    return [*target(kind), model, *fields, *params, "", *controls]


def check_kind(output: OutputWidget, value: Any) -> None:
    if isinstance(value, dict) and value.get("__type__") == "update":
        value = value.get("value")
    if output.kind == "label":
        assert isinstance(value, dict) and value.get("confidences"), value
    elif output.kind in ("image", "audio", "file"):
        assert value and Path(str(value)).is_file(), value
    elif output.kind == "annotated":
        assert value and Path(value["image"]["path"]).is_file(), value
    elif output.kind == "table":
        assert isinstance(value, dict) and "data" in value, value
    elif output.kind == "highlight":
        assert isinstance(value, list) and value, value
    elif output.kind in ("text", "markdown"):
        assert isinstance(value, str), value


def unpack(spec: TaskSpec, result: Any) -> dict[str, Any]:
    values = list(result if isinstance(result, tuple) else (result,))
    names = [output.name for output in spec.outputs] + [c.name for c in spec.controls]
    names += [f"next_{name}" for name in spec.carries]  # inputs carried to the next run
    named = dict(zip(names, values, strict=False))
    rest = values[len(names) :]
    named["status"], named["summary"], named["request"] = rest[0], rest[1], rest[2]
    return named


@pytest.mark.parametrize("spec", GENERIC, ids=lambda spec: spec.id)
def test_every_tab_renders_against_the_fake_server(api: Client, spec: TaskSpec) -> None:
    result = api.predict(*arguments(spec, f"fake/{spec.id}"), api_name=f"/{spec.api_name}")
    named = unpack(spec, result)
    assert "status-error" not in (named["status"] or ""), named["status"]
    primary = spec.outputs[0]
    check_kind(primary, named[primary.name])
    assert "→ **200**" in named["summary"]
    assert "✓ The response has the shape" in named["summary"]
    assert (
        named["request"]["url"].endswith(f"/models/fake/{spec.id}")
        or "/pipeline/" in named["request"]["url"]
    )


def test_a_server_error_is_one_sentence_and_the_inspector_has_the_body(api: Client) -> None:
    spec = TASKS["text-classification"]
    result = api.predict(
        *arguments(spec, "faults/bad-gateway-html"), api_name="/text_classification"
    )
    named = unpack(spec, result)
    assert "HTTP 502" in named["status"] and "502 Bad Gateway" in named["status"]
    assert "Traceback" not in named["status"]
    assert "→ **502**" in named["summary"]


def test_tasks_without_a_local_model_say_so(api: Client) -> None:
    missing = [spec for spec in GENERIC if spec.local_model is None]
    if not missing:
        pytest.skip("every task has a local model")
    spec = missing[0]
    result = api.predict(*arguments(spec, "", kind="local"), api_name=f"/{spec.api_name}")
    status = unpack(spec, result)["status"]
    assert "status-error" in status and ("Hugging Face" in status or "custom" in status)
