"""Chunks in, items out: the part of streaming that is the same for both clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .limits import ReadBudget
from .plan import StreamHandler
from .recording import Exchange
from .sse import LinesDecoder, ServerSentEvent, decoder_for

__all__ = ["EventFeeder"]


class EventFeeder:
    """Decodes a response's chunks into events and events into items, recording as it goes.
    Its generators do no I/O, so the sync and the async stream both iterate them."""

    def __init__(
        self,
        handler: StreamHandler,
        content_type: str | None,
        exchange: Exchange,
        budget: ReadBudget | None = None,
    ) -> None:
        self.handler = handler
        self.exchange = exchange
        self.budget = budget
        self.decoder = LinesDecoder() if handler.framing == "lines" else decoder_for(content_type)

    @property
    def finished(self) -> bool:
        return self.handler.finished

    def feed(self, chunk: bytes) -> Iterator[Any]:
        if self.budget is not None:
            self.budget.take(chunk)
        self.exchange.got_body(chunk)
        return self._items(self.decoder.feed(chunk))

    def finish(self) -> Iterator[Any]:
        yield from self._items(self.decoder.flush())
        if not self.finished:
            yield from self.handler.on_end()

    def _items(self, events: list[ServerSentEvent]) -> Iterator[Any]:
        handler, exchange = self.handler, self.exchange
        for data, _event, _id, _retry, error in events:
            exchange.got_event(data or (f"error: {error}" if error else ""))
            items = handler.on_event(data, error)
            if items:
                exchange.got_items(len(items))
                yield from items
            if handler.finished:
                return
