"""The embedded local server listens on a fixed port (a free one when it is taken), so the
snippets aimed at it name a URL that stays the same across restarts, and they run."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from playground.tasks import TASKS
from playground.tasks.spec import CallArgs
from playground.ui.launch import start_local_server
from playground.ui.report import inspector_view
from playground.ui.runner import Outcome, call_task
from playground.ui.settings import Settings, parse_settings
from playground.ui.snippets import STANDALONE_COMMAND, local_server_note
from playground.ui.target import ClientFactory, TargetChoice


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def local() -> Iterator[Settings]:
    port = free_port()
    settings, server = start_local_server(Settings(local_port=port))
    assert server is not None
    try:
        assert settings.local_url == f"http://127.0.0.1:{port}"
        yield settings
    finally:
        server.stop()


def test_the_port_is_8080_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_settings([]).local_port == 8080
    assert parse_settings(["--local-port", "9123"]).local_port == 9123
    monkeypatch.setenv("PLAYGROUND_LOCAL_PORT", "0")
    assert parse_settings([]).local_port == 0


def test_a_taken_port_falls_back_to_a_free_one(local: Settings) -> None:
    second, server = start_local_server(Settings(local_port=local.local_port))
    assert server is not None
    try:
        assert second.local_url != local.local_url
        assert server.health()
    finally:
        server.stop()


def test_snippets_say_where_the_local_server_listens() -> None:
    usual = local_server_note("http://127.0.0.1:8080")
    assert "usual port 8080" in usual
    assert STANDALONE_COMMAND in usual
    assert all(line.startswith("# ") for line in usual.splitlines())
    other = local_server_note("http://127.0.0.1:41234", "//")
    assert "port 41234" in other
    assert "8080" in other
    assert all(line.startswith("// ") for line in other.splitlines())


@pytest.mark.anyio
async def test_the_local_curl_snippet_runs(local: Settings) -> None:
    spec = TASKS["text-classification"]
    pool = httpx.AsyncHTTPTransport()
    factory = ClientFactory(local, local.local_url, transport=pool)
    target = TargetChoice(kind="local")
    outcome = None
    try:
        async for update in call_task(
            factory, spec, target, "local/vader-sentiment", CallArgs(("I love it",)), {}
        ):
            if isinstance(update, Outcome):
                outcome = update
    finally:
        await pool.aclose()
    assert outcome is not None
    assert outcome.ok, outcome.error
    view = inspector_view(spec, outcome, factory, target)
    assert view.curl.startswith("# This run's local server is on port")
    assert f"curl {local.local_url}/models/local/vader-sentiment" in view.curl
    assert view.python.startswith("# ")
    assert view.javascript.startswith("// ")
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    result = subprocess.run(
        ["bash", "-c", view.curl], capture_output=True, text=True, timeout=60, check=True
    )
    assert "positive" in result.stdout.lower()
