"""Hygiene for every test: no real token, no telemetry, temp dirs; the fake server."""

from __future__ import annotations

import os
import tempfile

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
# One Gradio temp dir for the whole run: a launched app only accepts files uploaded into the
# temp dir it knows, so it must not change between tests.
os.environ["GRADIO_TEMP_DIR"] = tempfile.mkdtemp(prefix="playground-gradio-")

from collections.abc import Iterator
from pathlib import Path

import pytest

_SECRET_ENV = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_INFERENCE_ENDPOINT")
_PROXY_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token or proxy leaks in from the machine; HF_HOME is private to the test."""
    for name in (*_SECRET_ENV, *_PROXY_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def fake_server() -> Iterator[str]:
    """Base URL of the fake inference server, over real loopback, for the whole session."""
    from tests.fakes import create_app, serving

    with serving(create_app()) as url:
        yield url
