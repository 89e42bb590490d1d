"""The first call to a cold local model, from clients that don't retry, with the CPU busy
(issue 8, item 8): `python -m playground.local` holds the request while the model loads."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.local.helpers import asset, need, words
from tests.peers.processes import busy_cpu

hub = pytest.importorskip("huggingface_hub", reason="bench/test-only dependency")


@pytest.fixture
def busy() -> Iterator[None]:
    with busy_cpu():
        yield


def _state(url: str, model_id: str) -> str:
    return str(httpx.get(f"{url}/status/{model_id}").json()["state"])


def test_the_hub_client_gets_cold_ner_and_tts_at_once(local_process: str, busy: None) -> None:
    need("local/spacy-en-ner", "local/piper-joe")
    assert _state(local_process, "local/spacy-en-ner") == "Loadable"
    assert _state(local_process, "local/piper-joe") == "Loadable"
    ner = hub.InferenceClient(model=f"{local_process}/models/local/spacy-en-ner", timeout=120)
    entities = ner.token_classification("Tim Cook runs Apple from California.")
    assert {(e.entity_group, e.word) for e in entities} >= {("PERSON", "Tim Cook")}
    tts = hub.InferenceClient(model=f"{local_process}/models/local/piper-joe", timeout=120)
    audio = tts.text_to_speech("Good morning, everyone.")
    assert audio[:4] == b"fLaC"
    assert _state(local_process, "local/piper-joe") == "Loaded"


def test_a_plain_request_without_retry_gets_its_answer(local_process: str, busy: None) -> None:
    need("local/whisper-tiny-en")
    assert _state(local_process, "local/whisper-tiny-en") == "Loadable"
    response = httpx.post(
        f"{local_process}/models/local/whisper-tiny-en",
        content=asset("speech.wav").read_bytes(),
        headers={"content-type": "audio/wav"},
        timeout=120,
    )
    assert response.status_code == 200
    assert len(words(response.json()["text"])) >= 2


def test_a_client_that_wont_wait_gets_503_and_an_estimate(local_process: str) -> None:
    need("local/wine-forest")
    started = time.monotonic()
    response = httpx.post(
        f"{local_process}/models/local/wine-forest",
        json={"inputs": {"data": {"alcohol": ["13.2"]}}},
        headers={"x-wait-for-model": "false"},
        timeout=30,
    )
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "Model local/wine-forest is currently loading"
    assert body["estimated_time"] > 0
