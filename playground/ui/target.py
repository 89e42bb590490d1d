"""The target a visitor chose (local server, Hugging Face, custom URL) and the client for it.

Clients are made per call (each visitor may bring a token) on one shared connection pool."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from playground.client import AsyncInferenceClient, Credential, InputError, WaitInfo
from playground.tasks.spec import TaskSpec

from .settings import Settings

__all__ = ["ClientFactory", "Target", "check_public_url"]

FAMILIES = ("auto", "tgi", "tei", "openai", "endpoint")


@dataclass(frozen=True)
class Target:
    """The target bar's values for one call. `token` is the visitor's own (may be empty)."""

    kind: str = "local"
    url: str = ""
    token: str = field(default="", repr=False)
    send_token: bool = False
    timeout: float = 120.0
    wait_for_model: bool = False
    family: str = "auto"


class _SharedTransport(httpx.AsyncBaseTransport):
    """One connection pool for every per-call client; closing a client leaves it open."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        return None


def check_public_url(url: str) -> None:
    """In public mode a custom URL must resolve to public addresses only (no loopback, private,
    link-local or reserved ranges), so visitors can't reach the host's internal services."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r} is not an http(s) URL.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise InputError(f"The host {parts.hostname} could not be resolved ({exc}).") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InputError(
                f"{parts.hostname} points to a private address ({address}); this public demo "
                "only calls public endpoints."
            )


class ClientFactory:
    """Makes the client for a call: the target's base, the right token, the shared pool."""

    def __init__(
        self,
        settings: Settings,
        local_url: str | None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.local_url = local_url
        self._transport = _SharedTransport(transport or httpx.AsyncHTTPTransport())

    def model_for(self, spec: TaskSpec, target: Target, model_box: str | None) -> str | None:
        """The model string for a call: the tab's box, else the target's default for the task."""
        chosen = (model_box or "").strip()
        if target.kind == "custom":
            return chosen or target.url.strip() or None
        if target.kind == "local":
            return chosen or spec.local_model
        return chosen or (spec.hub_models[0] if spec.hub_models else None)

    def _credential(self, target: Target) -> Credential | bool:
        token = target.token.strip()
        if target.kind == "custom":
            return (
                Credential(token, explicit=True, source="visitor")
                if token and target.send_token
                else False
            )
        if target.kind == "hf":
            if token:
                return Credential(token, explicit=False, source="visitor")
            if self.settings.hf_token:
                return Credential(self.settings.hf_token, explicit=False, source="host")
        return False

    def client(
        self, target: Target, on_wait: Callable[[WaitInfo], Any] | None = None
    ) -> AsyncInferenceClient:
        endpoint = self.local_url if target.kind == "local" else self.settings.hf_endpoint
        backend = target.family if target.kind == "custom" and target.family != "auto" else None
        return AsyncInferenceClient(
            token=self._credential(target),
            timeout=target.timeout or self.settings.timeout,
            inference_endpoint=endpoint,
            backend=backend,
            wait_for_model=target.wait_for_model,
            on_wait=on_wait,
            max_input_bytes=self.settings.max_upload_mb * 1024 * 1024,
            transport=self._transport,
        )

    def check(self, target: Target, model: str | None) -> None:
        """Refuse, with the sentence to show, a call that can't work or that public mode
        forbids, before anything is sent."""
        if target.kind == "local" and not self.local_url:
            raise InputError(
                "The embedded local server is not running; choose Hugging Face or "
                "a custom URL in the target bar."
            )
        if target.kind == "custom" and not (model or target.url.strip()):
            raise InputError("Enter the endpoint URL in the target bar first.")
        if self.settings.public and model and "://" in model:
            check_public_url(model)
