"""Running a blocking token generator in a worker thread and serving it as SSE."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import anyio

T = TypeVar("T")
_END = object()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


async def in_thread(
    produce: Callable[[threading.Event], Iterator[T]], limiter: anyio.CapacityLimiter
) -> AsyncIterator[T]:
    """Yield what `produce(stop)` yields, computed in a worker thread.

    When the consumer stops early (client gone), `stop` is set and the producer ends after its
    current item.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def put(item: object) -> None:
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def run() -> None:
        try:
            for item in produce(stop):
                put(item)
                if stop.is_set():
                    break
        except Exception as exc:
            put(_Failure(exc))
        finally:
            put(_END)

    worker = asyncio.ensure_future(anyio.to_thread.run_sync(run, limiter=limiter))
    worker.add_done_callback(lambda task: task.cancelled() or task.exception())
    try:
        while True:
            item = await queue.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item
    finally:
        stop.set()


def sse(data: Any) -> str:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {text}\n\n"


SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
