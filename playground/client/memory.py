"""What a client learns about the servers it calls, kept with its connection pool.

Per-call clients that share one transport (the UI's) share one memory; a client with its own
pool has its own. Entries are keyed by the target's base URL and bounded (least recently used
out first), so no visitor can grow it without limit.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["RecentMap", "ServerMemory", "memory_for"]

MAX_SERVERS = 256
V = TypeVar("V")


class RecentMap(Generic[V]):
    """A bounded map that forgets its least recently used key first; safe across threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class ServerMemory:
    """Per server base URL: the model it serves (asked once from `/v1/models`), and the
    text-generation parameters it refused (dropped from later calls)."""

    def __init__(self, size: int = MAX_SERVERS) -> None:
        self.served_models: RecentMap[str] = RecentMap(size)
        self._refused: RecentMap[frozenset[str]] = RecentMap(size)

    def refused(self, url: str) -> frozenset[str]:
        return self._refused.get(url) or frozenset()

    def refuse(self, url: str, names: set[str]) -> None:
        self._refused.put(url, self.refused(url) | names)


_BY_POOL: weakref.WeakKeyDictionary[object, ServerMemory] = weakref.WeakKeyDictionary()
_BY_POOL_LOCK = threading.Lock()


def memory_for(transport: object | None) -> ServerMemory:
    """The memory of the clients sharing `transport` (a new one for a client's own pool)."""
    if transport is None:
        return ServerMemory()
    with _BY_POOL_LOCK:
        try:
            memory = _BY_POOL.get(transport)
            if memory is None:
                memory = _BY_POOL[transport] = ServerMemory()
        except TypeError:  # a transport that can't be weakly referenced: the client's own
            memory = ServerMemory()
        return memory
