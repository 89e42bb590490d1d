"""The embedded local inference server: small offline models behind the HF wire protocols.

    from playground.local import start_server
    server = start_server()          # background thread; models load on first use
    server.url                       # e.g. http://127.0.0.1:40123
    server.stop()

`start_supervised_server()` runs it in its own process instead, restarted if it dies (see
`supervisor`). `python -m playground.local --host 127.0.0.1 --port 8080` runs it in the
foreground.
"""

from __future__ import annotations

from typing import Any

from .app import create_app
from .server import LocalServer, start_server
from .supervisor import SupervisedServer, start_supervised_server


def list_models() -> list[dict[str, Any]]:
    """Metadata of every local model, with its availability here; loads nothing."""
    from .catalog import MODELS

    return [spec.describe("Unavailable" if spec.missing() else "Loadable") for spec in MODELS]


__all__ = [
    "LocalServer",
    "SupervisedServer",
    "create_app",
    "list_models",
    "start_server",
    "start_supervised_server",
]
