"""The asyncio client: runs the same jobs with httpx.AsyncClient."""

from __future__ import annotations

import inspect
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, Literal

import anyio
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
from .limits import ReadBudget, deadline_error
from .media import Media
from .plan import Fetch, Job, Op, Open, Reply, Request, Send, Sleep, Streamed, StreamHandler
from .recording import Exchange, begin_exchange
from .redaction import redact_error

__all__ = ["AsyncInferenceClient", "AsyncStream"]


async def _next_chunk(chunks: AsyncIterator[bytes], budget: ReadBudget) -> bytes | None:
    """The next chunk, or None at the end; the budget's deadline interrupts a pending read."""
    try:
        with anyio.fail_after(budget.seconds_left()):
            return await chunks.__anext__()
    except StopAsyncIteration:
        return None
    except TimeoutError:
        raise budget.expired() from None


async def _items(
    response: httpx.Response,
    handler: StreamHandler,
    exchange: Exchange,
    url: str,
    budget: ReadBudget,
) -> AsyncGenerator[Any, None]:
    feeder = EventFeeder(handler, response.headers.get("content-type"), exchange, budget)
    error: BaseException | None = None
    try:
        with transport_errors(url):
            chunks = response.aiter_bytes()
            while (chunk := await _next_chunk(chunks, budget)) is not None:
                for item in feeder.feed(chunk):
                    yield item
                if feeder.finished:
                    return
        for item in feeder.finish():
            yield item
    except InferenceError as exc:
        error = redact_error(exc, exchange.secrets)
        raise
    except BaseException as exc:
        error = exc
        raise
    finally:
        await response.aclose()
        exchange.finish(None if isinstance(error, GeneratorExit) else error)


class AsyncStream(AsyncIterator[Any]):
    """Items of a streamed response; `aclose()` (or `async with`) closes the HTTP response."""

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
        # No reference back to `self` (see the sync Stream): a dropped stream's generator is
        # finalised by the event loop, which closes the response.
        self._items = _items(response, handler, exchange, reply.url, budget)

    async def __aiter__(self) -> AsyncIterator[Any]:
        """Leaving an `async for` loop over the stream (break, exception) closes the response:
        the loop's generator is finalised by the event loop, which runs this `finally`."""
        try:
            async for item in self._items:
                yield item
        finally:
            await self.aclose()

    async def __anext__(self) -> Any:
        return await self._items.__anext__()

    async def aclose(self) -> None:
        await self._items.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class AsyncInferenceClient(ClientBase):
    """asyncio client with huggingface_hub 0.17's `AsyncInferenceClient` API (see ClientBase)."""

    _is_async: Literal[True] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._http = httpx.AsyncClient(
            cookies=self._cookies, transport=self._transport, follow_redirects=True
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncInferenceClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _run_job(self, job: Job[Any], options: Any) -> Any:
        ctx = CallContext(self._config, self._config.options.merged(options), memory=self._memory)
        try:
            return await self._drive(job, ctx)
        except InferenceError as error:
            redact_error(error, self._config.secrets)
            raise

    async def _drive(self, job: Job[Any], ctx: CallContext) -> Any:
        steps = job.steps(ctx)
        pending: Pending = None
        value: Any = None
        failure: InferenceError | None = None
        try:
            while True:
                op: Op = steps.throw(failure) if failure else steps.send(value)
                await self._close(pending)
                pending, failure = None, None
                try:
                    value, pending = await self._perform(op, ctx)
                except InferenceError as error:
                    failure = error
        except StopIteration as stop:
            result = stop.value
        except BaseException:
            await self._close(pending)
            raise
        if isinstance(result, Streamed) and pending is not None:
            response, exchange = pending
            budget = self._budget(ctx, response, ctx.stream_deadline_at)
            return AsyncStream(response, result.handler, exchange, result.reply, budget)
        await self._close(pending)
        return result

    @staticmethod
    async def _close(pending: Pending) -> None:
        if pending is not None:
            await pending[0].aclose()
            pending[1].finish()

    async def _perform(self, op: Op, ctx: CallContext) -> tuple[Any, Pending]:
        if isinstance(op, (Send, Open)):
            return await self._send(op, ctx)
        if isinstance(op, Sleep):
            if op.info is not None and ctx.options.on_wait is not None:
                outcome = ctx.options.on_wait(op.info)
                if inspect.isawaitable(outcome):
                    await outcome
            await anyio.sleep(op.seconds)
            return None, None
        if isinstance(op, Fetch):
            return await self._fetch(op.url, ctx), None
        raise TypeError(f"Unknown operation {op!r}")

    async def _send(self, op: Send | Open, ctx: CallContext) -> tuple[Reply, Pending]:
        request = op.request
        body = request.body_bytes()
        exchange = begin_exchange(request, body, self._on_exchange, self._config.secrets)
        try:
            with transport_errors(request.url), anyio.fail_after(ctx.seconds_left()):
                response = await self._open(request, body)
                exchange.got_headers(response.status_code, response.headers)
                if isinstance(op, Open) and response.status_code < 400:
                    return reply_of(response, b"", exchange), (response, exchange)
                try:
                    content = await self._read(
                        response, self._budget(ctx, response, ctx.deadline_at)
                    )
                finally:
                    await response.aclose()
        except InferenceError as exc:
            exchange.finish(exc)
            raise
        except TimeoutError as exc:  # the deadline's cancel scope
            error = deadline_error(request.url, ctx.started)
            exchange.finish(error)
            raise error from exc
        except BaseException as exc:
            exchange.finish(exc)
            raise
        exchange.got_body(content)
        exchange.finish()
        return reply_of(response, content, exchange), None

    async def _open(self, request: Request, body: bytes) -> httpx.Response:
        """Send; once more, on a new connection, if a reused one turned out to be dead."""
        for attempt in range(2):
            watch = ConnectionWatch()
            try:
                built = self._http_request(self._http, request, body, watch)
                return await self._http.send(built, stream=True)
            except REUSE_FAILURES:
                if attempt or watch.connected:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    async def _read(response: httpx.Response, budget: ReadBudget) -> bytes:
        budget.check_declared(response.headers)
        return b"".join([budget.take(chunk) async for chunk in response.aiter_bytes()])

    async def _fetch(self, url: str, ctx: CallContext) -> Media:
        request, limit = fetch_request(url, ctx), ctx.config.max_input_bytes
        exchange = begin_exchange(request, b"", self._on_exchange, self._config.secrets)
        try:
            with transport_errors(url), anyio.fail_after(request.timeout):
                response = await self._open(request, b"")
                exchange.got_headers(response.status_code, response.headers)
                try:
                    if response.status_code >= 400:
                        raise fetch_error(url, response.status_code)
                    budget = self._budget(ctx, response, ctx.deadline_at, limit)
                    content = await self._read(response, budget)
                except ResponseTooLargeError:
                    raise too_large(url, limit) from None
                finally:
                    await response.aclose()
        except InferenceError as exc:
            exchange.finish(exc)
            raise
        except TimeoutError as exc:  # the deadline's cancel scope
            error = deadline_error(url, ctx.started)
            exchange.finish(error)
            raise error from exc
        except BaseException as exc:
            exchange.finish(exc)
            raise
        exchange.got_body(content)
        exchange.finish()
        return Media(content, response.headers.get("content-type", ""))
