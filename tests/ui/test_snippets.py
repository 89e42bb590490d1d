"""Snippets reproduce the call: run the generated curl and Python against the fake server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from playground.client import InferenceClient, capture_exchanges
from playground.tasks.spec import CallArgs
from playground.ui.snippets import curl_snippet, hub_snippet, javascript_snippet, python_snippet

ROOT = Path(__file__).resolve().parents[2]


def exchange_for(fake: str, token: str | bool = False, **call: object):  # type: ignore[no-untyped-def]
    with (
        InferenceClient(token=token, inference_endpoint=fake) as client,
        capture_exchanges() as log,
    ):
        client.text_classification("I love it", model="fake/text-classification", **call)
    return log[-1]


@pytest.fixture
def fake(fake_server: str) -> str:
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


def test_curl_masks_the_token_and_runs(fake: str, tmp_path: Path) -> None:
    exchange = exchange_for(fake, token="hf_fake_secret_value_for_snippets")
    snippet = curl_snippet(exchange)
    assert "hf_fake_secret_value" not in snippet
    assert '"authorization: Bearer $HF_TOKEN"' in snippet
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    result = subprocess.run(
        ["bash", "-c", snippet],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "HF_TOKEN": "hf_from_env"},
        check=True,
    )
    assert '"POSITIVE"' in result.stdout
    sent = httpx.get(f"{fake}/_fake/requests").json()[-1]
    assert sent["headers"]["authorization"] == "Bearer hf_from_env"
    assert sent["json"] == {"inputs": "I love it"}


def test_binary_curl_posts_the_file(fake: str) -> None:
    from tests.client.media import png

    with (
        InferenceClient(token=False, inference_endpoint=fake) as client,
        capture_exchanges() as log,
    ):
        client.image_classification(png(), model="fake/image-classification")
    snippet = curl_snippet(log[-1])
    assert "--data-binary @input.png" in snippet
    assert "content-type: image/png" in snippet


def test_python_snippet_runs(fake: str, tmp_path: Path) -> None:
    snippet = python_snippet(
        "text_classification",
        CallArgs(("I love it",), {"top_k": 1}),
        "fake/text-classification",
        base=fake,
        token=False,
    )
    script = tmp_path / "snippet.py"
    script.write_text(snippet)
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert "POSITIVE" in result.stdout
    assert "top_k=1" in snippet


def test_hub_snippet_uses_the_model_url() -> None:
    snippet = hub_snippet(
        "object_detection",
        CallArgs(("/tmp/gradio/abc/cat.jpg",), {}),
        "local/opencv-face",
        model_url="http://127.0.0.1:1/models/local/x",
        token=True,
    )
    assert "from huggingface_hub import InferenceClient" in snippet
    assert "model='http://127.0.0.1:1/models/local/x'" in snippet
    assert "'cat.jpg'" in snippet
    assert 'os.environ["HF_TOKEN"]' in snippet


def test_javascript_snippet(fake: str) -> None:
    snippet = javascript_snippet(exchange_for(fake, token="hf_fake_secret_value_for_snippets"))
    assert "process.env.HF_TOKEN" in snippet
    assert "hf_fake_secret_value" not in snippet
    assert 'JSON.stringify({"inputs": "I love it"})' in snippet
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    result = subprocess.run(
        ["node", "--input-type=module", "-e", snippet],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "HF_TOKEN": "x"},
        check=True,
    )
    assert result.stdout.startswith("200")
