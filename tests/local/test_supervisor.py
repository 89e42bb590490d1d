"""The local server in its own process: started, health-checked, restarted when it dies or
hangs, stopped — and the URL stays the same throughout."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import httpx
import pytest

from playground.local import SupervisedServer
from tests.local.helpers import need

SENTIMENT = "/models/local/vader-sentiment"


@pytest.fixture
def supervised() -> Iterator[SupervisedServer]:
    server = SupervisedServer(interval=0.5, failures=3).start()
    yield server
    server.stop()


def _pid(server: SupervisedServer) -> int:
    assert server.process is not None
    return server.process.pid


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_serves_and_answers_health(supervised: SupervisedServer) -> None:
    need("local/vader-sentiment")
    assert supervised.health()
    reply = httpx.post(f"{supervised.url}{SENTIMENT}", json={"inputs": "I love it"}, timeout=60)
    assert reply.json()[0][0]["label"] == "positive"
    assert supervised.restarts == 0


def test_a_crashed_server_is_restarted_on_the_same_url(supervised: SupervisedServer) -> None:
    """A model's native crash kills the server process, not the app; the request sent while
    it is down waits in the socket's backlog and is answered by the new process."""
    need("local/vader-sentiment")
    first = _pid(supervised)
    os.kill(first, signal.SIGKILL)
    reply = httpx.post(f"{supervised.url}{SENTIMENT}", json={"inputs": "I love it"}, timeout=60)
    assert reply.status_code == 200
    assert supervised.restarts == 1
    assert _pid(supervised) != first
    assert supervised.health()


def test_a_hung_server_is_killed_and_restarted(supervised: SupervisedServer) -> None:
    first = _pid(supervised)
    os.kill(first, signal.SIGSTOP)  # alive, but answers nothing
    assert _wait_for(lambda: supervised.restarts == 1 and supervised.health(), 30)
    assert _pid(supervised) != first


def test_stop_ends_the_child_and_frees_the_url() -> None:
    server = SupervisedServer().start()
    process = server.process
    server.stop()
    assert process is not None
    assert process.poll() is not None
    assert not server.health(timeout=1.0)
