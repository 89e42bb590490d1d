"""Real peers, started by the tests: llama-cpp-python's own OpenAI-compatible server (heavy
tier) and `python -m playground.local` in its own process."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from tests.peers.processes import free_port, serving_process

LLAMA_CONTEXT = 4096


@pytest.fixture(autouse=True)
def hub_online_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """With HF_HUB_OFFLINE=1 (our usual environment) huggingface_hub 2.x refuses every
    request, even to the loopback peers these tests start: their calls never leave the machine."""
    constants = pytest.importorskip("huggingface_hub.constants")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


@pytest.fixture(scope="module")
def local_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m playground.local` in its own process, a fresh one per test module: its models
    start cold. Yields its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("logs") / "local-server.log"
    cache = tmp_path_factory.mktemp("cache")
    command = [sys.executable, "-m", "playground.local", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    with serving_process(command, f"{url}/health", log, env={"XDG_CACHE_HOME": str(cache)}):
        yield url


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's server (`python -m llama_cpp.server`) with the packaged SmolLM2 GGUF.

    `--interrupt_requests False`: as with llama.cpp's own server, a new request doesn't cut
    the running generation short, so a stream a client abandons without closing its response
    keeps the model busy — which is what the stream tests must see. Skips without the heavy
    tier (llama-cpp-python and its server extra)."""
    pytest.importorskip("llama_cpp", reason="heavy tier: llama-cpp-python is not installed")
    pytest.importorskip(
        "llama_cpp.server.app", reason="llama-cpp-python's server extra is not installed"
    )
    from playground.local.adapters.llm import gguf_path

    model = gguf_path()
    if not model.is_file():
        pytest.skip(f"the packaged SmolLM2 GGUF is missing ({model})")
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(LLAMA_CONTEXT)]
    command += ["--interrupt_requests", "False", "--verbose", "False"]
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("logs") / "llama-server.log"
    with serving_process(command, f"{url}/v1/models", log):
        yield url
