"""The asyncio client: runs the same jobs with httpx.AsyncClient."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any, Literal

import anyio
import httpx

from .base import ClientBase, fetch_error, reply_of, too_large
from .context import CallContext
from .error_mapping import transport_errors
from .errors import InferenceError
from .media import Media
from .plan import Fetch, Job, Op, Open, Reply, Send, Sleep, Streamed, StreamHandler
from .recording import Exchange, begin_exchange
from .streaming import EventFeeder

__all__ = ["AsyncInferenceClient", "AsyncStream"]

Pending = tuple[httpx.Response, Exchange] | None


class AsyncStream(AsyncIterator[Any]):
    """Items of a streamed response; `aclose()` (or `async with`) closes the HTTP response."""

    def __init__(
        self, response: httpx.Response, handler: StreamHandler, exchange: Exchange, reply: Reply
    ) -> None:
        self.response = response
        self.reply = reply
        self.exchange = exchange
        self._items = self._generate(handler)

    async def _generate(self, handler: StreamHandler) -> AsyncIterator[Any]:
        feeder = EventFeeder(handler, self.response.headers.get("content-type"), self.exchange)
        error: BaseException | None = None
        try:
            with transport_errors(self.reply.url):
                async for chunk in self.response.aiter_bytes():
                    for item in feeder.feed(chunk):
                        yield item
                    if feeder.finished:
                        return
            for item in feeder.finish():
                yield item
        except BaseException as exc:
            error = exc
            raise
        finally:
            await self.response.aclose()
            self.exchange.finish(None if isinstance(error, GeneratorExit) else error)

    def __aiter__(self) -> AsyncStream:
        return self

    async def __anext__(self) -> Any:
        return await self._items.__anext__()

    async def aclose(self) -> None:
        await self._items.aclose()  # type: ignore[attr-defined]
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
        ctx = CallContext(self._config, self._config.options.merged(options))
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
            return AsyncStream(pending[0], result.handler, pending[1], result.reply)
        await self._close(pending)
        return result

    @staticmethod
    async def _close(pending: Pending) -> None:
        if pending is not None:
            await pending[0].aclose()
            pending[1].finish()

    async def _perform(self, op: Op, ctx: CallContext) -> tuple[Any, Pending]:
        if isinstance(op, (Send, Open)):
            return await self._send(op)
        if isinstance(op, Sleep):
            if op.info is not None and ctx.options.on_wait is not None:
                outcome = ctx.options.on_wait(op.info)
                if inspect.isawaitable(outcome):
                    await outcome
            await anyio.sleep(op.seconds)
            return None, None
        if isinstance(op, Fetch):
            return await self._fetch(op.url, ctx.config.max_input_bytes), None
        raise TypeError(f"Unknown operation {op!r}")

    async def _send(self, op: Send | Open) -> tuple[Reply, Pending]:
        request = op.request
        body = request.body_bytes()
        exchange = begin_exchange(request, body, self._on_exchange)
        try:
            with transport_errors(request.url):
                response = await self._http.send(
                    self._http_request(self._http, request, body), stream=True
                )
                exchange.got_headers(response.status_code, response.headers)
                if isinstance(op, Open) and response.status_code < 400:
                    return reply_of(response, b"", exchange), (response, exchange)
                try:
                    content = await response.aread()
                finally:
                    await response.aclose()
        except BaseException as exc:
            exchange.finish(exc)
            raise
        exchange.got_body(content)
        exchange.finish()
        return reply_of(response, content, exchange), None

    async def _fetch(self, url: str, limit: int) -> Media:
        with transport_errors(url):
            response = await self._http.send(self._fetch_request(self._http, url), stream=True)
            try:
                if response.status_code >= 400:
                    raise fetch_error(url, response.status_code)
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise too_large(url, limit)
                    chunks.append(chunk)
            finally:
                await response.aclose()
        return Media(b"".join(chunks), response.headers.get("content-type", ""))
