"""What both clients share: construction, settings, and turning plan ops into httpx calls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from .context import USER_AGENT, CallContext, ClientConfig, RequestOptions
from .errors import InputError
from .limits import ReadBudget
from .memory import memory_for
from .methods import TaskMethods
from .plan import Reply, Request
from .recording import Exchange
from .targets import Family
from .tokens import Credential, find_token

__all__ = [
    "REUSE_FAILURES",
    "ClientBase",
    "ConnectionWatch",
    "Pending",
    "fetch_error",
    "fetch_request",
    "httpx_timeout",
    "lower_headers",
]

Pending = tuple[httpx.Response, Exchange] | None
# How a kept-alive connection the server has closed fails when it is reused: the request is
# sent into a dead socket and nothing comes back. Retried once, on a new connection.
REUSE_FAILURES = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class ConnectionWatch:
    """An httpcore trace hook that tells whether a request opened a new connection (if not, it
    went out on a pooled one, which the server may have closed in the meantime)."""

    def __init__(self) -> None:
        self.connected = False

    def sync(self, event: str, info: Any) -> None:
        if event.endswith("connect_tcp.started"):
            self.connected = True

    async def async_(self, event: str, info: Any) -> None:
        self.sync(event, info)


CONNECT_TIMEOUT = 10.0
FETCH_TIMEOUT = 30.0


def httpx_timeout(seconds: float | None) -> httpx.Timeout:
    """`seconds` bounds every read/write; connecting never waits more than 10 s."""
    connect = CONNECT_TIMEOUT if seconds is None else min(CONNECT_TIMEOUT, seconds)
    return httpx.Timeout(seconds, connect=connect)


def lower_headers(headers: httpx.Headers) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


def fetch_error(url: str, status: int) -> InputError:
    return InputError(f"Downloading the input from {url} failed with HTTP {status}.")


def too_large(url: str, limit: int) -> InputError:
    return InputError(f"The input at {url} is larger than the {limit}-byte limit.")


def fetch_request(url: str, ctx: CallContext) -> Request:
    """Downloading an input or a media URL named in a reply (no token, size-capped)."""
    seconds = ctx.seconds_left() or ctx.config.timeout or FETCH_TIMEOUT
    return Request("GET", url, {"user-agent": USER_AGENT}, timeout=min(seconds, FETCH_TIMEOUT))


def reply_of(response: httpx.Response, content: bytes, exchange: Exchange) -> Reply:
    return Reply(
        response.status_code,
        lower_headers(response.headers),
        content,
        str(response.request.url),
        exchange.elapsed(),
    )


class ClientBase(TaskMethods):
    """Settings shared by `InferenceClient` and `AsyncInferenceClient`.

    Args:
        model: a Hub model id or a URL (endpoint, TGI, TEI, OpenAI-compatible server). Per-call
            `model=` overrides it; None uses the task's recommended model.
        token: HF token. None finds `HF_TOKEN` or the login file and sends it only to hosts
            Hugging Face runs (huggingface.co, hf.co; not Spaces or Inference Endpoints, where
            anyone can create a host); a string or True (the saved token) is sent wherever you
            send requests; False sends none; a `Credential` bound to an origin only goes there.
        timeout: seconds; a non-streamed call ends by then, retries and body included; a stream
            must open by then and each chunk arrive within it (default: none, 300 s for retries).
        deadline: seconds for the whole call, a stream's every chunk included (default: none).
        headers, cookies: sent with every request (headers override the defaults).
        inference_endpoint: base that model ids resolve against (default `HF_INFERENCE_ENDPOINT`
            or `https://router.huggingface.co/hf-inference`), e.g. a local or test server.
        backend: "tgi", "tei", "openai", "endpoint" or "hf" to force the server family.
        wait_for_model, use_cache, retry_on_error, on_wait: defaults for `RequestOptions`.
        base_url, api_key: aliases of `model` and `token` (newer huggingface_hub / OpenAI style).
        max_input_bytes: cap on inputs read from files or downloaded (default 50 MB).
        max_response_bytes: cap on a response body or a whole stream (default 100 MB).
        transport: an httpx transport (tests; `network.public_transport` for public mode).
        on_exchange: called with each `Exchange` as it starts (inspector).
    """

    _config: ClientConfig
    _is_async: bool

    def __init__(
        self,
        model: str | None = None,
        token: str | bool | Credential | None = None,
        timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        *,
        inference_endpoint: str | None = None,
        backend: str | Family | None = None,
        wait_for_model: bool = False,
        use_cache: bool = True,
        retry_on_error: bool = True,
        on_wait: Callable[..., None] | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        max_input_bytes: int | None = None,
        max_response_bytes: int | None = None,
        deadline: float | None = None,
        on_exchange: Callable[[Exchange], None] | None = None,
        transport: Any = None,
    ) -> None:
        if base_url and model:
            raise ValueError("Give `model` or `base_url`, not both.")
        if api_key and token:
            raise ValueError("Give `token` or `api_key`, not both.")
        options = RequestOptions(
            wait_for_model=wait_for_model,
            use_cache=use_cache,
            retry_on_error=retry_on_error,
            on_wait=on_wait,
            deadline=deadline,
        )
        limits = {"max_input_bytes": max_input_bytes, "max_response_bytes": max_response_bytes}
        extra = {name: value for name, value in limits.items() if value}
        self._config = ClientConfig(
            model=model or base_url,
            credential=find_token(api_key or token),
            timeout=timeout,
            headers=dict(headers or {}),
            inference_endpoint=inference_endpoint.rstrip("/") if inference_endpoint else None,
            backend=Family(backend) if backend else None,
            options=options,
            **extra,
        )
        self._cookies = dict(cookies or {})
        self._on_exchange = on_exchange
        self._transport = transport
        self._memory = memory_for(transport)

    @property
    def model(self) -> str | None:
        return self._config.model

    @property
    def headers(self) -> dict[str, str]:
        return dict(self._config.headers)

    @property
    def timeout(self) -> float | None:
        return self._config.timeout

    def __repr__(self) -> str:
        credential = self._config.credential
        token = f"'***' ({credential.source})" if credential else "None"
        return f"{type(self).__name__}(model={self.model!r}, token={token}, timeout={self.timeout})"

    def _http_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        request: Request,
        body: bytes,
        watch: ConnectionWatch | None = None,
    ) -> httpx.Request:
        timeout = (
            httpx_timeout(request.timeout)
            if request.timeout is not None
            else httpx_timeout(self._config.timeout)
        )
        hook = None if watch is None else watch.async_ if self._is_async else watch.sync
        return http.build_request(
            request.method,
            request.url,
            headers=dict(request.headers),
            content=body or None,
            timeout=timeout,
            extensions={"trace": hook} if hook else None,
        )

    @staticmethod
    def _budget(
        ctx: CallContext,
        response: httpx.Response,
        deadline_at: float | None,
        limit: int | None = None,
    ) -> ReadBudget:
        limit = limit if limit is not None else ctx.config.max_response_bytes
        return ReadBudget(str(response.request.url), limit, deadline_at, ctx.started)
