"""What a client learns about servers is kept with its connection pool, per server, bounded."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from playground.client import InferenceClient
from playground.client.memory import RecentMap, ServerMemory, memory_for

Sent = Callable[[], list[dict[str, Any]]]


def _paths(sent: Sent) -> list[str]:
    return [request["path"] for request in sent()]


def test_clients_sharing_a_pool_ask_a_server_its_model_once(fake: str, sent: Sent) -> None:
    pool = httpx.HTTPTransport()
    for _ in range(2):  # per-call clients, as the playground makes them
        with InferenceClient(f"{fake}/openai/v1", token=False, transport=pool) as client:
            client.text_generation("Hi", max_new_tokens=2)
    assert _paths(sent).count("/openai/v1/models") == 1
    pool.close()


def test_clients_with_their_own_pools_learn_on_their_own(fake: str, sent: Sent) -> None:
    for _ in range(2):
        with InferenceClient(f"{fake}/openai/v1", token=False) as client:
            client.text_generation("Hi", max_new_tokens=2)
    assert _paths(sent).count("/openai/v1/models") == 2


def test_refused_parameters_are_remembered_per_pool(fake: str, sent: Sent) -> None:
    pool = httpx.HTTPTransport()
    model = "transformers/text-generation"
    for _ in range(2):
        client = InferenceClient(token=False, inference_endpoint=fake, transport=pool)
        with client, pytest.warns(UserWarning, match="`watermark`"):
            client.text_generation("Hi", model=model, max_new_tokens=2, watermark=True)
    # The first call is refused and retried without `watermark`; the second drops it at once.
    assert len(sent()) == 3
    assert all("watermark" not in request["json"]["parameters"] for request in sent()[1:])
    pool.close()


def test_recent_map_forgets_the_least_recently_used_first() -> None:
    recent: RecentMap[int] = RecentMap(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1  # "a" is now the most recent
    recent.put("c", 3)
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)
    assert len(recent) == 2


def test_a_memory_lives_as_long_as_its_pool() -> None:
    pool = httpx.HTTPTransport()
    memory = memory_for(pool)
    assert memory_for(pool) is memory
    assert memory_for(None) is not memory_for(None)
    memory.refuse("http://h", {"stop"})
    memory.refuse("http://h", {"watermark"})
    assert memory.refused("http://h") == {"stop", "watermark"}
    assert ServerMemory().refused("http://h") == frozenset()
    del pool
    gc.collect()
    assert memory_for(httpx.HTTPTransport()) is not memory
