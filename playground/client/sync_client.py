"""The blocking client: runs jobs with httpx.Client."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator, Iterator
from typing import Any, Literal

import httpx

from .base import (
    REUSE_FAILURES,
    ClientBase,
    ConnectionWatch,
    Pending,
    fetch_error,
    fetch_request,
    reply_of,
    too_large,
)
from .context import CallContext
from .error_mapping import transport_errors
from .errors import InferenceError, ResponseTooLargeError
from .event_feeder import EventFeeder
from .limits import ReadBudget
from .media import Media
from .plan import Fetch, Job, Op, Open, Reply, Request, Send, Sleep, Streamed, StreamHandler
from .recording import Exchange, begin_exchange
from .redaction import redact_error

__all__ = ["InferenceClient", "Stream"]


def _items(
    response: httpx.Response,
    handler: StreamHandler,
    exchange: Exchange,
    url: str,
    budget: ReadBudget,
) -> Generator[Any, None, None]:
    feeder = EventFeeder(handler, response.headers.get("content-type"), exchange, budget)
    error: BaseException | None = None
    try:
        with transport_errors(url):
            for chunk in response.iter_bytes():
                yield from feeder.feed(chunk)
                if feeder.finished:
                    return
        yield from feeder.finish()
    except InferenceError as exc:
        error = redact_error(exc, exchange.secrets)
        raise
    except BaseException as exc:
        error = exc
        raise
    finally:
        response.close()
        exchange.finish(None if isinstance(error, GeneratorExit) else error)


class Stream(Iterator[Any]):
    """Items of a streamed response. Closing it (or leaving a `with` block, or dropping it)
    closes the HTTP response."""

    def __init__(
        self,
        response: httpx.Response,
        handler: StreamHandler,
        exchange: Exchange,
        reply: Reply,
        budget: ReadBudget,
    ) -> None:
        self.response = response
        self.reply = reply
        self.exchange = exchange
        # The generator must not hold `self`: with no reference cycle, dropping the stream (a
        # `break` out of the loop) closes the response at once, not at the next GC.
        self._items = _items(response, handler, exchange, reply.url, budget)

    def __iter__(self) -> Iterator[Any]:
        """Leaving a `for` loop over the stream (break, exception) closes the response at once,
        even while the caller still holds the stream."""
        try:
            yield from self._items
        finally:
            self.close()

    def __next__(self) -> Any:
        return next(self._items)

    def close(self) -> None:
        self._items.close()
        self.response.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


class InferenceClient(ClientBase):
    """Blocking client with huggingface_hub 0.17's `InferenceClient` API (see ClientBase)."""

    _is_async: Literal[False] = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._http = httpx.Client(
            cookies=self._cookies, transport=self._transport, follow_redirects=True
        )

    def close(self) -> None:
        self._http.close()

    def __del__(self) -> None:
        # 0.17-style code never closes its client; don't leak sockets when it is dropped.
        with contextlib.suppress(Exception):
            self._http.close()

    def __enter__(self) -> InferenceClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _run_job(self, job: Job[Any], options: Any) -> Any:
        ctx = CallContext(self._config, self._config.options.merged(options), memory=self._memory)
        try:
            return self._drive(job, ctx)
        except InferenceError as error:
            redact_error(error, self._config.secrets)
            raise

    def _drive(self, job: Job[Any], ctx: CallContext) -> Any:
        steps = job.steps(ctx)
        pending: Pending = None
        value: Any = None
        failure: InferenceError | None = None
        try:
            while True:
                op: Op = steps.throw(failure) if failure else steps.send(value)
                self._close(pending)
                pending, failure = None, None
                try:
                    value, pending = self._perform(op, ctx)
                except InferenceError as error:
                    failure = error
        except StopIteration as stop:
            result = stop.value
        except BaseException:
            self._close(pending)
            raise
        if isinstance(result, Streamed) and pending is not None:
            response, exchange = pending
            budget = self._budget(ctx, response, ctx.stream_deadline_at)
            return Stream(response, result.handler, exchange, result.reply, budget)
        self._close(pending)
        return result

    @staticmethod
    def _close(pending: Pending) -> None:
        if pending is not None:
            pending[0].close()
            pending[1].finish()

    def _perform(self, op: Op, ctx: CallContext) -> tuple[Any, Pending]:
        if isinstance(op, (Send, Open)):
            return self._send(op, ctx)
        if isinstance(op, Sleep):
            if op.info is not None and ctx.options.on_wait is not None:
                ctx.options.on_wait(op.info)
            time.sleep(op.seconds)
            return None, None
        if isinstance(op, Fetch):
            return self._fetch(op.url, ctx), None
        raise TypeError(f"Unknown operation {op!r}")

    def _send(self, op: Send | Open, ctx: CallContext) -> tuple[Reply, Pending]:
        request = op.request
        body = request.body_bytes()
        exchange = begin_exchange(request, body, self._on_exchange, self._config.secrets)
        try:
            with transport_errors(request.url):
                response = self._open(request, body)
                exchange.got_headers(response.status_code, response.headers)
                if isinstance(op, Open) and response.status_code < 400:
                    return reply_of(response, b"", exchange), (response, exchange)
                try:
                    content = self._read(response, self._budget(ctx, response, ctx.deadline_at))
                finally:
                    response.close()
        except BaseException as exc:
            exchange.finish(exc)
            raise
        exchange.got_body(content)
        exchange.finish()
        return reply_of(response, content, exchange), None

    def _open(self, request: Request, body: bytes) -> httpx.Response:
        """Send; once more, on a new connection, if a reused one turned out to be dead."""
        for attempt in range(2):
            watch = ConnectionWatch()
            try:
                built = self._http_request(self._http, request, body, watch)
                return self._http.send(built, stream=True)
            except REUSE_FAILURES:
                if attempt or watch.connected:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _read(response: httpx.Response, budget: ReadBudget) -> bytes:
        budget.check_declared(response.headers)
        return b"".join(budget.take(chunk) for chunk in response.iter_bytes())

    def _fetch(self, url: str, ctx: CallContext) -> Media:
        request, limit = fetch_request(url, ctx), ctx.config.max_input_bytes
        exchange = begin_exchange(request, b"", self._on_exchange, self._config.secrets)
        try:
            with transport_errors(url):
                response = self._open(request, b"")
                exchange.got_headers(response.status_code, response.headers)
                try:
                    if response.status_code >= 400:
                        raise fetch_error(url, response.status_code)
                    budget = self._budget(ctx, response, ctx.deadline_at, limit)
                    content = self._read(response, budget)
                except ResponseTooLargeError:
                    raise too_large(url, limit) from None
                finally:
                    response.close()
        except BaseException as exc:
            exchange.finish(exc)
            raise
        exchange.got_body(content)
        exchange.finish()
        return Media(content, response.headers.get("content-type", ""))
