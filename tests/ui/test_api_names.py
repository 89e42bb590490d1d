"""The app's API as a Space visitor scripts it: every endpoint's parameters have readable names
and descriptions, and every task endpoint answers when called by keyword with gradio_client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr
import pandas as pd
import pytest
from gradio_client import Client, handle_file

from playground.assets import asset
from playground.tasks import TASKS
from playground.tasks.spec import Field, TaskSpec
from playground.ui.app import create_app
from playground.ui.launch import launch_options
from playground.ui.named import TARGET_SLOTS
from playground.ui.settings import Settings

pytestmark = pytest.mark.filterwarnings(
    "ignore:unclosed:ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture(scope="module")
def api(fake_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    settings = Settings(port=0, target="hf", hf_endpoint=fake_server, local_server=False)
    app: gr.Blocks = create_app(settings)
    app.queue(default_concurrency_limit=4)
    options = launch_options(settings) | {"server_port": None, "prevent_thread_lock": True}
    app.launch(**options, quiet=True)
    client = Client(
        app.local_url, verbose=False, analytics_enabled=False,
        download_files=tmp_path_factory.mktemp("downloads"),
    )  # fmt: skip
    yield client
    client.close()
    app.close()


def endpoints(api: Client) -> dict[str, Any]:
    return dict(api.view_api(print_info=False, return_format="dict")["named_endpoints"])


def test_every_endpoint_is_described_and_its_parameters_named(api: Client) -> None:
    named = endpoints(api)
    assert {f"/{spec.api_name}" for spec in TASKS.values()} | {"/test_connection"} <= set(named)
    for name, endpoint in named.items():
        assert endpoint["description"], name
        for parameter in endpoint["parameters"]:
            assert parameter["parameter_name"].isidentifier(), (name, parameter)
            assert not parameter["parameter_name"].startswith("param_"), (name, parameter)
            assert parameter["label"], (name, parameter["parameter_name"])


def test_the_target_parameters_lead_every_task_endpoint(api: Client) -> None:
    first = [slot.name for slot in TARGET_SLOTS] + ["model"]
    for spec in TASKS.values():
        parameters = endpoints(api)[f"/{spec.api_name}"]["parameters"]
        assert [p["parameter_name"] for p in parameters][: len(first)] == first


def keyword_value(field: Field, value: Any) -> Any:
    """A widget value as a gradio_client caller sends it."""
    if field.kind in ("image", "audio") and isinstance(value, str):
        return handle_file(str(asset(value)))
    if field.kind == "table":
        table = pd.read_csv(asset(value), dtype=str) if isinstance(value, str) else value
        return {"headers": list(table.columns), "data": table.values.tolist(), "metadata": None}
    return value


def keywords(spec: TaskSpec, fake_server: str) -> dict[str, Any]:
    example = spec.examples[0].values
    values = {
        field.name: keyword_value(field, example.get(field.name, field.value))
        for field in spec.inputs
    }
    if spec.id == "chat-completion":
        values["history"] = []
    if spec.streaming:  # the fake server streams as TGI does
        return {"target": "custom", "endpoint_url": f"{fake_server}/tgi", **values}
    return {"target": "hf", "model": f"fake/{spec.id}", **values}


@pytest.mark.parametrize("spec", list(TASKS.values()), ids=lambda spec: spec.id)
def test_each_task_endpoint_answers_by_keyword(
    api: Client, spec: TaskSpec, fake_server: str
) -> None:
    result = api.predict(**keywords(spec, fake_server), api_name=f"/{spec.api_name}")
    shown = " ".join(str(value) for value in result if isinstance(value, str))
    assert "✓" in shown, shown[:500]
    assert "⚠" not in shown, shown[:500]


def test_test_connection_by_keyword(api: Client) -> None:
    report = api.predict(target="hf", api_name="/test_connection")
    assert "⚠" not in report
    assert report.strip()
