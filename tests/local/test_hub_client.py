"""The server answers huggingface_hub.InferenceClient with the shapes that client expects."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from playground.local import LocalServer
from tests.local.helpers import WAIT, asset, need, table, words

hub = pytest.importorskip("huggingface_hub", reason="bench/test-only dependency")
ROOT = Path(__file__).resolve().parents[2]


def _client(server: LocalServer, model_id: str) -> hub.InferenceClient:
    need(model_id)
    return hub.InferenceClient(model=f"{server.url}/models/{model_id}", headers=WAIT, timeout=300)


@pytest.fixture(scope="module")
def standalone() -> Iterator[str]:
    """`python -m playground.local` in its own process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "playground.local", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/health", timeout=1).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_standalone_server_answers_the_hub_client(standalone: str) -> None:
    need("local/vader-sentiment", "local/e5-small")
    client = hub.InferenceClient(model=f"{standalone}/models/local/vader-sentiment", headers=WAIT)
    [top, _] = client.text_classification("What a wonderful day!")
    assert (top.label, top.score > 0.5) == ("positive", True)
    embedder = hub.InferenceClient(model=f"{standalone}/models/local/e5-small", headers=WAIT)
    assert embedder.feature_extraction("hello").shape == (384,)
    listed = httpx.get(f"{standalone}/models").json()
    assert {"id", "task"} <= set(listed[0])


def test_text_tasks(server: LocalServer) -> None:
    entities = _client(server, "local/spacy-en-ner").token_classification(
        "Tim Cook runs Apple from California."
    )
    assert {(e.entity_group, e.word) for e in entities} >= {
        ("PERSON", "Tim Cook"),
        ("ORG", "Apple"),
    }

    e5 = _client(server, "local/e5-small")
    vectors = e5.feature_extraction(["A cat sits.", "Stocks fell."])
    assert vectors.shape == (2, 384)
    scores = e5.sentence_similarity("A man is eating pasta.", ["A man eats food.", "Stocks fell."])
    assert scores[0] > scores[1]

    zero_shot = _client(server, "local/e5-zero-shot").zero_shot_classification(
        "The striker scored twice in the final.", candidate_labels=["sports", "cooking"]
    )
    assert zero_shot[0].label == "sports"

    summary = _client(server, "local/sumy-lexrank").summarization(
        asset("article.txt").read_text(encoding="utf-8")
    )
    assert summary.summary_text

    translation = _client(server, "local/apertium-en-es").translation("The red house.")
    assert "casa" in words(translation.translation_text)


def test_image_tasks(server: LocalServer) -> None:
    [face] = _client(server, "local/opencv-face").object_detection(asset("portrait.jpg"))
    assert face.label == "face"
    assert face.box.xmin < 200 < face.box.xmax

    segments = _client(server, "local/opencv-grabcut").image_segmentation(asset("portrait.jpg"))
    assert [s.label for s in segments] == ["foreground", "background"]
    assert segments[0].mask.size == (512, 512)

    text = _client(server, "local/rapidocr").image_to_text(asset("invoice.png"))
    assert "4521" in text.generated_text

    [answer] = _client(server, "local/docqa-ocr-smollm2").document_question_answering(
        asset("invoice.png"), "What is the invoice number?"
    )
    assert answer.answer == "4521"


def test_table_task(server: LocalServer) -> None:
    labels = _client(server, "local/wine-forest").tabular_classification(table("wine.csv"))
    assert labels == ["class_0", "class_1", "class_2"]


def test_audio_tasks(server: LocalServer) -> None:
    speech = _client(server, "local/piper-joe").text_to_speech("Good morning, everyone.")
    assert isinstance(speech, bytes)
    assert speech[:4] == b"fLaC"
    heard = _client(server, "local/whisper-tiny-en").automatic_speech_recognition(speech)
    assert words(heard.text) == ["good", "morning", "everyone"]
    [top, _] = _client(server, "local/silero-vad").audio_classification(asset("speech.wav"))
    assert top.label == "speech"


def test_generation_tasks(server: LocalServer) -> None:
    llm = _client(server, "local/smollm2-135m-instruct")
    chunks = list(
        llm.chat_completion([{"role": "user", "content": "Say hello."}], max_tokens=10, stream=True)
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip()
    reply = llm.chat_completion([{"role": "user", "content": "Say hello."}], max_tokens=10)
    assert reply.choices[0].message.content

    streamed = list(
        llm.text_generation("Once upon a time", max_new_tokens=6, stream=True, details=True)
    )
    assert len(streamed) == 6
    assert streamed[-1].details.finish_reason == "length"
    generated = llm.text_generation("Once upon a time", max_new_tokens=6, details=True)
    assert generated.details.generated_tokens == 6
    assert isinstance(np.mean([t.logprob for t in generated.details.tokens]), float)
