"""Test connection pointed at our own local server (a custom URL) says it is that server, not a
TGI serving one model: its root's TGI-style /info names a router of its own."""

from __future__ import annotations

import httpx
import pytest

from playground.local import LocalServer
from playground.ui.probe import probe_target
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice


@pytest.mark.anyio
async def test_the_local_server_is_named_as_itself(server: LocalServer) -> None:
    transport = httpx.AsyncHTTPTransport()
    factory = ClientFactory(Settings(), None, transport=transport)
    try:
        report = await probe_target(factory, TargetChoice(kind="custom", url=server.url))
    finally:
        await transport.aclose()
    assert report.startswith("✓"), report
    assert "the playground's local server" in report
    assert "TGI local" not in report


@pytest.mark.anyio
async def test_test_connection_on_the_local_target(server: LocalServer) -> None:
    """No model is involved: the task calls' "no local model" check must not refuse it."""
    transport = httpx.AsyncHTTPTransport()
    factory = ClientFactory(Settings(), server.url, transport=transport)
    try:
        report = await probe_target(factory, TargetChoice(kind="local"))
    finally:
        await transport.aclose()
    assert report.startswith("✓"), report
    assert server.url in report
