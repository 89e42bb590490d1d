"""The server's HTTP contract: listing, status, loading (held, or 503 → wait), errors as
JSON."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from playground.local import create_app, list_models, start_server
from playground.local.errors import BadInput
from playground.local.payload import Payload
from playground.local.spec import ModelSpec
from tests.local.helpers import WAIT, asset, need


class Echo:
    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        if payload.text() == "boom":
            raise RuntimeError("kaput")
        if payload.text() == "bad":
            raise BadInput("bad input, clearly")
        return [[{"label": payload.text(), "score": 1.0}]]


class SlowLoader:
    def __init__(self, seconds: float) -> None:
        self.seconds, self.calls = seconds, 0
        self.lock = threading.Lock()

    def __call__(self) -> Echo:
        with self.lock:
            self.calls += 1
        time.sleep(self.seconds)
        return Echo()


def _broken() -> Echo:
    raise ImportError("No module named 'wonderlib'")


def _spec(model_id: str, load: Any, **extra: Any) -> ModelSpec:
    return ModelSpec(
        id=model_id,
        tasks=("text-classification",),
        package="wonderlib",
        description="test double",
        licence="MIT",
        size_mb=1,
        load_seconds=7.0,
        load=load,
        install="pip install wonderlib",
        **extra,
    )


@pytest.fixture
def slow_loader() -> SlowLoader:
    return SlowLoader(1.0)


@pytest.fixture
def fake(slow_loader: SlowLoader) -> Iterator[httpx.Client]:
    specs = [
        _spec("local/slow", slow_loader),
        _spec("local/broken", _broken),
        _spec("local/absent", Echo, modules=("wonderlib_not_installed",)),
    ]
    running = start_server(app=create_app(specs, hold=0.2))
    with httpx.Client(base_url=running.url, timeout=30) as http:
        yield http
    running.stop()


@pytest.fixture
def patient(slow_loader: SlowLoader) -> Iterator[httpx.Client]:
    """The server as `python -m playground.local` runs it: cold models hold requests."""
    running = start_server(app=create_app([_spec("local/slow", slow_loader)]))
    with httpx.Client(base_url=running.url, timeout=30) as http:
        yield http
    running.stop()


def test_a_cold_model_holds_the_request_until_loaded(
    patient: httpx.Client, slow_loader: SlowLoader
) -> None:
    """Clients that don't retry (curl, the OpenAI SDK, huggingface_hub 2.x) get an answer."""
    started = time.monotonic()
    response = patient.post("/models/local/slow", json={"inputs": "hi"})
    assert response.status_code == 200
    assert response.json() == [[{"label": "hi", "score": 1.0}]]
    assert time.monotonic() - started >= 0.9
    assert slow_loader.calls == 1


def test_a_client_that_wont_wait_gets_503_with_estimate_at_once(patient: httpx.Client) -> None:
    started = time.monotonic()
    response = patient.post(
        "/models/local/slow", json={"inputs": "hi"}, headers={"x-wait-for-model": "false"}
    )
    assert time.monotonic() - started < 0.5
    assert response.status_code == 503
    assert response.json()["error"] == "Model local/slow is currently loading"
    assert response.json()["estimated_time"] >= 1.0
    # The load goes on; the same question once it is loaded answers at once.
    assert patient.post("/models/local/slow", json={"inputs": "hi"}).status_code == 200
    loaded = patient.post(
        "/models/local/slow", json={"inputs": "hi"}, headers={"x-wait-for-model": "0"}
    )
    assert loaded.status_code == 200


def test_cold_model_answers_503_with_estimate_past_the_bound_then_loads_once(
    fake: httpx.Client, slow_loader: SlowLoader
) -> None:
    first = fake.post("/models/local/slow", json={"inputs": "hi"})
    assert first.status_code == 503
    body = first.json()
    assert body["error"] == "Model local/slow is currently loading"
    assert 1.0 <= body["estimated_time"] <= 7.0
    assert fake.get("/status/local/slow").json()["state"] == "Loading"

    results: list[httpx.Response] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                fake.post("/models/local/slow", json={"inputs": "hi"}, headers=WAIT)
            )
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [200, 200, 200]
    assert results[0].json() == [[{"label": "hi", "score": 1.0}]]
    assert slow_loader.calls == 1
    assert fake.get("/status/local/slow").json() == {
        "loaded": True,
        "state": "Loaded",
        "compute_type": "cpu",
        "framework": "wonderlib",
    }


def test_wait_for_model_in_body_options(fake: httpx.Client) -> None:
    body = {"inputs": "hi", "options": {"wait_for_model": True}}
    assert fake.post("/models/local/slow", json=body).status_code == 200


def test_failed_load_is_a_clear_500(fake: httpx.Client) -> None:
    response = fake.post("/models/local/broken", json={"inputs": "x"}, headers=WAIT)
    assert response.status_code == 500
    message = response.json()["error"]
    assert "wonderlib" in message
    assert "pip install wonderlib" in message
    assert "Traceback" not in message


def test_missing_package_is_unavailable_with_install_hint(fake: httpx.Client) -> None:
    response = fake.post("/models/local/absent", json={"inputs": "x"})
    assert response.status_code == 501
    assert "estimated_time" not in response.json()
    assert "wonderlib_not_installed" in response.json()["error"]
    listed = {m["id"]: m for m in fake.get("/models").json()}
    assert listed["local/absent"]["state"] == "Unavailable"
    assert "pip install wonderlib" in listed["local/absent"]["reason"]
    assert fake.get("/status/local/absent").json()["state"] == "Unavailable"


def test_model_errors_are_json(fake: httpx.Client) -> None:
    fake.post("/models/local/slow", json={"inputs": "hi"}, headers=WAIT)
    bad = fake.post("/models/local/slow", json={"inputs": "bad"})
    assert (bad.status_code, bad.json()) == (400, {"error": "bad input, clearly"})
    boom = fake.post("/models/local/slow", json={"inputs": "boom"})
    assert boom.status_code == 500
    assert "RuntimeError: kaput" in boom.json()["error"]
    empty = fake.post("/models/local/slow", json={"inputs": "  "})
    assert (empty.status_code, empty.json()["error"]) == (400, "The input text is empty")
    broken_json = fake.post(
        "/models/local/slow", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert broken_json.status_code == 400
    assert "not valid JSON" in broken_json.json()["error"]


def test_listing_names_every_model_with_its_task(client: httpx.Client) -> None:
    listed = client.get("/models").json()
    assert {m["id"] for m in listed} == {m["id"] for m in list_models()}
    for model in listed:
        assert model["id"].startswith("local/")
        assert model["task"] in model["tasks"]
        assert model["state"] in ("Loaded", "Loadable", "Loading", "Unavailable")
        assert model["package"]
        assert model["description"]
        assert ("reason" in model) == (model["state"] == "Unavailable")
    tasks = {m["task"] for m in listed}
    assert {"text-classification", "object-detection", "text-to-speech"} <= tasks


def test_unknown_model_and_task_without_local_model(client: httpx.Client) -> None:
    unknown = client.post("/models/local/nope", json={"inputs": "x"})
    assert unknown.status_code == 404
    assert "Hugging Face" in unknown.json()["error"]
    for task in ("text-to-image", "depth-estimation", "text-to-video"):
        response = client.post(f"/models/local/{task}", json={"inputs": "x"})
        assert response.status_code == 404
        assert task in response.json()["error"]
        assert "custom endpoint" in response.json()["error"]
        legacy = client.post(f"/pipeline/{task}/some/model", json={"inputs": "x"})
        assert legacy.status_code == 404
        assert task in legacy.json()["error"]
    assert client.get("/status/local/nope").status_code == 404
    assert client.get("/tasks").json()["text-to-image"] == []
    assert client.get("/no/such/route").json()["error"].startswith("Not Found")


def test_health_info_and_root(client: httpx.Client) -> None:
    assert client.get("/health").status_code == 200
    info = client.get("/info").json()
    assert info["model_id"] == "local/smollm2-135m-instruct"
    assert client.get("/").json()["models"] == "/models"


def test_bad_inputs_get_clear_400s(client: httpx.Client) -> None:
    need("local/opencv-face", "local/silero-vad", "local/vader-sentiment")
    image = client.post("/models/local/opencv-face", content=b"\x89PNG not really")
    assert image.status_code == 400
    assert "Could not decode the image" in image.json()["error"]
    audio = client.post("/models/local/silero-vad", content=b"RIFF....WAVEjunk" * 10)
    assert audio.status_code == 400
    assert "audio" in audio.json()["error"]
    b64 = client.post("/models/local/opencv-face", json={"inputs": "***", "parameters": {}})
    assert b64.status_code == 400
    assert "base64" in b64.json()["error"]
    text = client.post("/models/local/vader-sentiment", json={"inputs": ""})
    assert text.status_code == 400
    not_text = client.post("/models/local/vader-sentiment", json={"inputs": 3})
    assert not_text.status_code == 400
    threshold = client.post(
        "/models/local/opencv-face",
        json={"inputs": "aGk=", "parameters": {"threshold": 7}},
    )
    assert threshold.status_code == 422


def test_image_json_base64_and_binary_agree(client: httpx.Client) -> None:
    need("local/opencv-face")
    data = asset("portrait.jpg").read_bytes()
    import base64

    binary = client.post("/models/local/opencv-face", content=data)
    as_json = client.post(
        "/models/local/opencv-face",
        json={"inputs": base64.b64encode(data).decode(), "parameters": {"threshold": 0.5}},
    )
    assert binary.status_code == as_json.status_code == 200
    assert binary.json() == as_json.json()
    assert binary.headers["x-compute-type"] == "cpu"


def test_plain_text_body_is_the_input(client: httpx.Client) -> None:
    need("local/vader-sentiment")
    response = client.post(
        "/models/local/vader-sentiment",
        content=b"I love it",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.json()[0][0]["label"] == "positive"
    binary = client.post("/models/local/vader-sentiment", content=b"\xff\xfe\x00")
    assert binary.status_code == 400
