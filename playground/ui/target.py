"""The target a visitor chose (local server, Hugging Face, custom URL) and the client for it.

Clients are made per call (each visitor may bring a token) on shared connection pools. Which
token goes where:
- the visitor's own token (typed, or from "Sign in with Hugging Face"): on the Hugging Face
  target only to hosts Hugging Face runs; on a custom URL only when they tick "send";
- the host's token (a Space secret): only to the configured Hugging Face endpoint's origin,
  whatever URL a visitor types, and within each visitor's budget in public mode.
In public mode every connection but to the origins the host configured goes through the
connect-time public-address check (`playground.client.network`)."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from playground.client import AsyncInferenceClient, Credential, InputError, WaitInfo
from playground.client.network import blocked_reason, public_transport
from playground.client.targets import split_server_url
from playground.client.tokens import is_hf_host, origin_of
from playground.tasks.spec import TaskSpec

from .servers import ServerKinds
from .settings import Settings
from .visitors import Caller, FairShare, HostBudget

__all__ = ["ClientFactory", "TargetChoice", "check_public_url"]

FAMILIES = ("auto", "tgi", "tei", "openai", "endpoint")
MB = 1024 * 1024
MAX_ADDRESS_CHARS, MAX_TOKEN_CHARS = 2048, 512


@dataclass(frozen=True)
class TargetChoice:
    """The target bar's values for one call, and who makes it. `token` is the visitor's own
    (may be empty); `caller` says who they are (and holds their sign-in token)."""

    kind: str = "local"
    url: str = ""
    token: str = field(default="", repr=False)
    send_token: bool = False
    timeout: float = 120.0
    wait_for_model: bool = False
    family: str = "auto"
    caller: Caller = field(default_factory=Caller)

    def called_by(self, caller: Caller) -> TargetChoice:
        return replace(self, caller=caller)

    @property
    def visitor_token(self) -> str:
        """The visitor's own token: typed in the target bar, else their sign-in token."""
        return self.token.strip() or self.caller.oauth_token


class _SharedTransport(httpx.AsyncBaseTransport):
    """The connection pools every per-call client shares (closing a client leaves them open).

    With a `guarded` transport (public mode), only the origins the host configured (the
    embedded server, the Hugging Face endpoint) use the plain pool; every other request, each
    redirect hop judged on its own URL, goes through the connect-time address check."""

    def __init__(
        self,
        plain: httpx.AsyncBaseTransport,
        guarded: httpx.AsyncBaseTransport | None = None,
        trusted: frozenset[str] = frozenset(),
    ) -> None:
        self._plain, self._guarded, self._trusted = plain, guarded, trusted

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._guarded is None or origin_of(str(request.url)) in self._trusted:
            return await self._plain.handle_async_request(request)
        return await self._guarded.handle_async_request(request)

    async def aclose(self) -> None:
        return None


def check_public_url(url: str) -> None:
    """A friendly early refusal of a URL that names a non-public address. (The real defence is
    the connect-time check, which also covers redirects and names that change answers.)"""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r} is not an http(s) URL.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise InputError(f"The host {parts.hostname} could not be resolved ({exc}).") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if blocked_reason(address) is not None:
            raise InputError(
                f"{parts.hostname} points to a private address ({address}); this public demo "
                "only calls public endpoints."
            )


class ClientFactory:
    """Makes the client for a call: the target's base, the right token, the shared pools,
    and (in public mode) each visitor's fair share."""

    def __init__(
        self,
        settings: Settings,
        local_url: str | None,
        transport: httpx.AsyncBaseTransport | None = None,
        remote_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.local_url = local_url
        plain = transport or httpx.AsyncHTTPTransport()
        guarded = remote_transport
        if guarded is None and settings.public:
            guarded = public_transport(is_async=True)
        configured = {origin_of(url) for url in (local_url, settings.hf_endpoint) if url}
        self._transport = _SharedTransport(plain, guarded, frozenset(configured))
        self.fair_share = FairShare(settings.visitor_calls, settings.total_calls)
        self.server_kinds = ServerKinds()
        self.host_budget = HostBudget(
            settings.host_calls_per_minute,
            max(1, int(settings.host_calls_per_minute)),
            settings.host_calls_per_day,
        )

    def model_for(self, spec: TaskSpec, target: TargetChoice, model_box: str | None) -> str | None:
        """The model string for a call: the tab's box, else the target's default for the task."""
        chosen = (model_box or "").strip()
        if target.kind == "custom":  # a model id names a model on the endpoint's server
            return chosen or target.url.strip() or None
        if target.kind == "local":
            return chosen or spec.local_model
        return chosen or (spec.hub_models[0] if spec.hub_models else None)

    def uses_host_token(self, target: TargetChoice) -> bool:
        return target.kind == "hf" and not target.visitor_token and bool(self.settings.hf_token)

    def _credential(self, target: TargetChoice) -> Credential | bool:
        if target.kind == "custom":
            token = target.token.strip()
            sent = token and target.send_token
            return Credential(token, explicit=True, source="visitor") if sent else False
        if target.kind == "hf":
            return self._hf_credential(target) or False
        return False

    def _hf_credential(self, target: TargetChoice) -> Credential | None:
        endpoint = self.settings.hf_endpoint
        if target.visitor_token:
            if is_hf_host(endpoint):  # the router: their token may go to any HF host
                return Credential(target.visitor_token, explicit=False, source="visitor")
            return Credential.bound_to(target.visitor_token, endpoint, source="visitor")
        if self.settings.hf_token:
            return Credential.bound_to(self.settings.hf_token, endpoint, source="host")
        return None

    def secrets(self, target: TargetChoice) -> tuple[str, ...]:
        """Every token this call could involve: none of them may show in the page."""
        candidates = (target.token.strip(), target.caller.oauth_token, self.settings.hf_token)
        return tuple(secret for secret in candidates if secret)

    def timeout(self, target: TargetChoice) -> float:
        chosen = target.timeout or self.settings.timeout
        cap = self.settings.call_timeout_cap
        return min(chosen, cap) if cap else chosen

    def client(
        self, target: TargetChoice, on_wait: Callable[[WaitInfo], Any] | None = None
    ) -> AsyncInferenceClient:
        """The client for one call; in public mode, a call on the host's token is charged to
        the visitor's budget here (QuotaError once it is spent)."""
        if self.settings.public and self.uses_host_token(target):
            self.host_budget.spend(target.caller.visitor)
        endpoint, backend = self.server(target)
        seconds = self.timeout(target)
        return AsyncInferenceClient(
            token=self._credential(target),
            timeout=seconds,
            deadline=seconds,
            inference_endpoint=endpoint,
            backend=backend,
            wait_for_model=target.wait_for_model,
            on_wait=on_wait,
            max_input_bytes=self.settings.max_upload_mb * MB,
            max_response_bytes=self.settings.max_response_mb * MB,
            transport=self._transport,
        )

    def request_options(self, target: TargetChoice) -> dict[str, Any]:
        """Options for a one-off client of the same target (the QA sweep records the exact
        request with one): the same base, server family and token rule, no shared pools."""
        endpoint, backend = self.server(target)
        seconds = self.timeout(target)
        return {
            "token": self._credential(target),
            "inference_endpoint": endpoint,
            "backend": backend,
            "timeout": seconds,
        }

    def server(self, target: TargetChoice) -> tuple[str | None, str | None]:
        """The base that model ids resolve against, and the server family if known."""
        if target.kind == "local":
            return self.local_url, None
        if target.kind == "hf":
            return self.settings.hf_endpoint, None
        base, shown = split_server_url(target.url.strip())
        family = target.family if target.family != "auto" else shown.value if shown else None
        return base or None, family

    async def identified(self, target: TargetChoice, model: str | None) -> TargetChoice:
        """A custom target whose server family is unknown (a bare base URL, "auto"), with the
        family its server reports, so a call to `http://host:8080` goes to the right route."""
        url = target.url.strip() or (model or "")
        if target.kind != "custom" or target.family != "auto" or "/models/" in url:
            return target
        if not url or split_server_url(url)[1] is not None or urlsplit(url).query:
            return target  # a known route, or a full URL with a query: used as it is
        async with self.client(target) as client:
            server = await self.server_kinds.of(client, url)
        return replace(target, family=server.family.value) if server.family else target

    def admit(self, target: TargetChoice) -> contextlib.AbstractContextManager[None]:
        """A slot for one call of this visitor (public mode), entered already: use it in a
        `with` block. BusyError when the visitor (or the app) has too many calls running."""
        if not self.settings.public:
            return contextlib.nullcontext()
        return self.fair_share.take(target.caller.visitor)

    def check_call(self, target: TargetChoice, model: str | None) -> None:
        """`check` for a task call: on the local target a task needs a local model (the
        client's recommended Hub model would only 404 there)."""
        if target.kind == "local" and not model:
            raise InputError(
                "No local model does this task: choose Hugging Face (with a token) or a "
                "custom URL in the target bar."
            )
        self.check(target, model)

    def check(self, target: TargetChoice, model: str | None) -> None:
        """Refuse, with the sentence to show, a call that can't work or that public mode
        forbids, before anything is sent."""
        _check_lengths(target, model)
        if target.kind == "local" and not self.local_url:
            raise InputError(
                "The embedded local server is not running; choose Hugging Face or "
                "a custom URL in the target bar."
            )
        if target.kind == "custom":
            _check_custom(target, model)
        if not self.settings.public or not model or "://" not in model:
            return
        if target.kind == "local":
            raise InputError(
                "On the local target the model box takes a local model's id; choose "
                "Custom URL in the target bar to call a URL."
            )
        if target.kind == "hf" and not target.visitor_token:
            raise InputError(
                "On the Hugging Face target this demo's own token only calls model ids; paste "
                "your token (or sign in) to call a URL, or choose Custom URL."
            )
        check_public_url(model)


def _check_lengths(target: TargetChoice, model: str | None) -> None:
    """The target bar's free-text boxes are short by nature; a huge paste is a mistake (or an
    attack on whatever parses it)."""
    boxes = (
        ("The model box", model, MAX_ADDRESS_CHARS),
        ("The endpoint URL", target.url, MAX_ADDRESS_CHARS),
        ("The token box", target.token, MAX_TOKEN_CHARS),
    )
    for name, value, cap in boxes:
        if value and len(value) > cap:
            raise InputError(
                f"{name} holds {len(value):,} characters, more than {cap:,}; check what was pasted."
            )


def _check_custom(target: TargetChoice, model: str | None) -> None:
    """The custom target's rule: the endpoint URL is the server; the model box names a model
    on it, or is a URL on that same server. Nothing silently goes to another host."""
    url = target.url.strip()
    if not (model or url):
        raise InputError("Enter the endpoint URL in the target bar first.")
    if url and model and "://" in model and origin_of(model) != origin_of(url):
        raise InputError(
            "The model box holds a URL on another server than the endpoint URL; put the "
            "server in the Endpoint URL box and a model name (or nothing) in the model box."
        )
