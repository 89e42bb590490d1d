"""Client settings, per-call options, and the shared request/retry logic every job uses."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .error_mapping import error_from_response
from .errors import (
    HTTPError,
    InferenceTimeoutError,
    ModelLoadingError,
    RateLimitError,
    ServerError,
)
from .families import Family, adapter_for
from .memory import ServerMemory
from .plan import Open, Reply, Request, Send, Sleep, Steps, WaitInfo
from .redaction import redact
from .targets import Target, is_url, resolve_target
from .tokens import Credential, may_receive

__all__ = ["CallContext", "ClientConfig", "RequestOptions", "send"]

USER_AGENT = "inference-playground/0.1"
DEFAULT_WAIT_DEADLINE = 300.0
DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024
_MAX_RATE_LIMIT_RETRIES = 4
_MAX_UNAVAILABLE_RETRIES = 2


@dataclass(frozen=True)
class RequestOptions:
    """Options of the JS client, usable per client and per call.

    wait_for_model: ask the server to hold the request until the model is loaded (from the first
        request; by default the header is only added after a 503 "loading").
    use_cache: allow the serverless API's result cache (`x-use-cache: false` when off).
    retry_on_error: retry a 503 "loading" with `x-wait-for-model`, and a 429 after `Retry-After`,
        within the deadline. When off, those errors are raised at once.
    timeout: seconds for the call, retries included (the client's `timeout` by default): a
        non-streamed call ends by then, body and all; a stream must open by then, and each
        later chunk must arrive within that many seconds of the previous one.
    deadline: overall seconds for the whole call, a stream's every chunk included (default:
        none beyond `timeout`).
    on_wait: called with a `WaitInfo` before each wait, e.g. to show a countdown.
    """

    wait_for_model: bool = False
    use_cache: bool = True
    retry_on_error: bool = True
    timeout: float | None = None
    deadline: float | None = None
    on_wait: Callable[[WaitInfo], None] | None = None

    def merged(self, other: RequestOptions | Mapping[str, Any] | None) -> RequestOptions:
        if other is None:
            return self
        if isinstance(other, RequestOptions):
            return other
        unknown = set(other) - set(self.__dataclass_fields__)
        if unknown:
            raise TypeError(f"Unknown request option(s): {', '.join(sorted(unknown))}")
        return replace(self, **other)


@dataclass(frozen=True)
class ClientConfig:
    """Everything a job needs to know about the client that runs it."""

    model: str | None = None
    credential: Credential | None = None
    timeout: float | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    inference_endpoint: str | None = None
    backend: Family | None = None
    options: RequestOptions = field(default_factory=RequestOptions)
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never show in messages or recorded bodies: the token."""
        return (self.credential.value,) if self.credential else ()


@dataclass(frozen=True)
class CallContext:
    config: ClientConfig
    options: RequestOptions
    started: float = field(default_factory=time.monotonic)
    memory: ServerMemory = field(default_factory=ServerMemory)

    @property
    def timeout(self) -> float | None:
        return self.options.timeout if self.options.timeout is not None else self.config.timeout

    def remaining(self) -> float:
        budget = self.timeout if self.timeout is not None else DEFAULT_WAIT_DEADLINE
        if self.options.deadline is not None:
            budget = min(budget, self.options.deadline)
        return budget - (time.monotonic() - self.started)

    @property
    def deadline_at(self) -> float | None:
        """When a non-streamed call (or the opening of a stream) must be over (monotonic)."""
        budgets = [b for b in (self.timeout, self.options.deadline) if b is not None]
        return self.started + min(budgets) if budgets else None

    @property
    def stream_deadline_at(self) -> float | None:
        """When a stream must be over, every chunk included (monotonic); None: no bound."""
        deadline = self.options.deadline
        return self.started + deadline if deadline is not None else None

    def target(self, task: str, model: str | None) -> Target:
        return resolve_target(
            task,
            model,
            client_model=self.config.model,
            inference_endpoint=self.config.inference_endpoint,
            backend=self.config.backend,
        )

    def named_target(self, task: str, model: str | None) -> tuple[Target, str | None]:
        """The target and the model name for request bodies. A model name given per call while
        the client holds a URL (huggingface_hub's `base_url` style) names a model on that server."""
        client_model = self.config.model
        if model and not is_url(model) and client_model and is_url(client_model):
            return self.target(task, client_model), model
        target = self.target(task, model)
        return target, target.model_id

    def headers_for(
        self,
        url: str,
        family: Family,
        *,
        content_type: str | None = None,
        accept: str | None = None,
        wait_for_model: bool = False,
    ) -> dict[str, str]:
        headers = {"user-agent": USER_AGENT}
        if content_type:
            headers["content-type"] = content_type
        if accept:
            headers["accept"] = accept
        if adapter_for(family).option_headers:
            if not self.options.use_cache:
                headers["x-use-cache"] = "false"
            if wait_for_model or self.options.wait_for_model:
                headers["x-wait-for-model"] = "true"
            elif self.options.on_wait is not None:
                # The caller shows its own countdown: ask for a 503 "loading" at once rather
                # than a server holding the request silently while the model loads.
                headers["x-wait-for-model"] = "false"
        if may_receive(self.config.credential, url) and self.config.credential:
            headers["authorization"] = f"Bearer {self.config.credential.value}"
        headers.update({key.lower(): value for key, value in self.config.headers.items()})
        return headers

    def request(
        self,
        target: Target,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        stream: bool = False,
        method: str = "POST",
        wait_for_model: bool = False,
    ) -> Request:
        if json is not None and content is None and content_type is None:
            content_type = "application/json"
        headers = self.headers_for(
            url,
            target.family,
            content_type=content_type,
            accept=accept,
            wait_for_model=wait_for_model,
        )
        return Request(
            method,
            url,
            headers,
            json=json,
            content=content,
            stream=stream,
            timeout=self.timeout if stream else self.seconds_left(),
        )

    def seconds_left(self) -> float | None:
        """Seconds until `deadline_at` (at least a millisecond), or None without a deadline."""
        deadline = self.deadline_at
        return None if deadline is None else max(0.001, deadline - time.monotonic())


def _retry_delay(error: HTTPError, attempt: int, ctx: CallContext) -> tuple[float, str] | None:
    """How long to wait before retrying this error, or None if it must be raised."""
    if not ctx.options.retry_on_error:
        return None
    if isinstance(error, ModelLoadingError):
        return (
            0.0 if attempt == 0 else min(max(error.estimated_time or 1.0, 0.5), 10.0)
        ), "loading"
    if isinstance(error, RateLimitError) and attempt < _MAX_RATE_LIMIT_RETRIES:
        return (
            error.retry_after if error.retry_after is not None else 2.0**attempt
        ), "rate_limited"
    if (
        type(error) is ServerError
        and error.status_code == 503
        and attempt < _MAX_UNAVAILABLE_RETRIES
    ):
        return 2.0**attempt, "unavailable"
    return None


def _deadline_error(error: HTTPError, ctx: CallContext) -> Exception:
    elapsed = time.monotonic() - ctx.started
    if isinstance(error, ModelLoadingError):
        return InferenceTimeoutError(
            f"The model at {error.url} was still loading after {elapsed:.0f} s.",
            hint="Try again in a minute, or raise the timeout.",
        )
    return error


def send(ctx: CallContext, build: Callable[[bool], Request]) -> Steps[Reply]:
    """Send (or open, for streams) a request, retrying 503 'loading', 429 and bare 503s within
    the deadline. Returns the successful reply; raises the mapped error otherwise."""
    attempt, wait_header = 0, False
    loading: HTTPError | None = None
    while True:
        request = build(wait_header)
        try:
            reply: Reply = yield (Open(request) if request.stream else Send(request))
        except InferenceTimeoutError as timeout:
            # Timing out while the server holds us until the model loads: say that.
            raise (_deadline_error(loading, ctx) if loading else timeout) from timeout
        if reply.status < 400:
            return reply
        body = redact(reply.text, ctx.config.secrets)
        error = error_from_response(reply.status, reply.headers, body, reply.url)
        decision = _retry_delay(error, attempt, ctx)
        if decision is None:
            raise error
        delay, reason = decision
        if delay > ctx.remaining():
            raise _deadline_error(error, ctx) from error
        info = WaitInfo(
            reason=reason,
            attempt=attempt + 1,
            wait_seconds=delay,
            elapsed=time.monotonic() - ctx.started,
            deadline_in=ctx.remaining(),
            estimated_time=getattr(error, "estimated_time", None),
            message=error.server_message,
            url=reply.url,
        )
        yield Sleep(delay, info)
        if reason == "loading":
            wait_header, loading = True, error
        attempt += 1
