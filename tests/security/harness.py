"""The app as an attacker meets it: launched over loopback with the settings of a public demo,
called through its own Gradio API (gradio_client, or raw queue joins), one visitor per
X-Forwarded-For address (the app trusts one proxy, as on a Space)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
from gradio_client import Client

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from playground.ui.app import create_app
from playground.ui.launch import launch_options, queue_options
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory

# Built, not written whole: no token-shaped literal sits in the repository for scanners to flag.
HOST_TOKEN = "hf_" + "hostCanaryTokenThatMustNeverLeave0042"
VISITOR_TOKEN = "hf_" + "visitorCanaryTokenOfOneVisitor00077"
CLASSIFY = TASKS["text-classification"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def public_settings(**overrides: Any) -> Settings:
    base = Settings(
        public=True,
        hf_token=HOST_TOKEN,
        trusted_proxies=1,
        local_server=False,
        local_port=0,
        concurrency=32,
        max_timeout=5.0,
    )
    return replace(base, **overrides)


async def _launch(settings: Settings, factory: ClientFactory | None) -> Any:
    app = create_app(settings, factory)
    app.queue(**queue_options(settings))
    # `_frontend=False` skips Gradio's "is localhost reachable" probe (one HEAD of the page with
    # a 3 s timeout), which fails the launch when a loaded machine renders the page slower.
    options = {"prevent_thread_lock": True, "quiet": True, "_frontend": False}
    app.launch(**{**launch_options(settings), **options})
    return app


@contextmanager
def running(settings: Settings, factory: ClientFactory | None = None) -> Iterator[str]:
    """The app launched on a free loopback port; yields its URL."""
    settings = replace(settings, port=free_port(), host="127.0.0.1")
    app = asyncio.run(_launch(settings, factory))
    try:
        yield f"http://127.0.0.1:{settings.port}/"
    finally:
        app.close()


@contextmanager
def visitor(url: str, address: str = "203.0.113.10") -> Iterator[Client]:
    """A gradio_client session for one visitor (their address as the Space's proxy reports)."""
    client = Client(
        url, verbose=False, analytics_enabled=False, headers={"X-Forwarded-For": address}
    )
    try:
        yield client
    finally:
        client.close()


def target(
    kind: str = "hf", url: str = "", token: str = "", timeout: float = 60, send: bool = False
) -> list[Any]:
    """The target bar's values: kind, url, token, send token, timeout, wait, family."""
    return [kind, url, token, send, timeout, False, "auto"]


def classify_args(model: str, text: str = "I love it", **bar: Any) -> list[Any]:
    return [*target(**bar), model, text, "", None, ""]  # top_k, function_to_apply, extra JSON


def task_args(spec: TaskSpec, model: str, inputs: dict[str, Any], **bar: Any) -> list[Any]:
    """Any non-streaming tab's API arguments: `inputs` by field name, defaults elsewhere."""
    fields = [inputs.get(field.name, field.value) for field in spec.inputs]
    params = [
        "" if param.value is None and param.kind in ("int", "float") else param.value
        for param in spec.params
    ]
    controls = [c.value if c.kind == "slider" else [] for c in spec.controls]
    return [*target(**bar), model, *fields, *params, "", *controls]


@dataclass
class Shown:
    """What one call put on the page: the outputs, the status line, the inspector."""

    values: list[Any]
    spec: TaskSpec = CLASSIFY

    @property
    def status(self) -> str:  # (the API leaves the run's gr.State out)
        return str(self.values[len(self.spec.outputs) + len(self.spec.controls)] or "")

    @property
    def inspector(self) -> list[Any]:
        return self.values[len(self.spec.outputs) + len(self.spec.controls) + 1 :]

    @property
    def everything(self) -> str:
        return repr(self.values)


def classify(client: Client, model: str, **bar: Any) -> Shown:
    result = client.predict(*classify_args(model, **bar), api_name="/text_classification")
    return Shown(list(result))


def joined_by_everyone(url: str) -> str:
    """What the server hands any visitor: the page, its config, the API description."""
    pages = ("", "config", "gradio_api/info", "gradio_api/openapi.json")
    return "\n".join(httpx.get(url + page, timeout=30).text for page in pages)


def leaks(text: str, secrets: Sequence[str] = (HOST_TOKEN, VISITOR_TOKEN)) -> list[str]:
    return [secret for secret in secrets if secret in text]
