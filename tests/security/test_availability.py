"""One visitor can't take a public demo down for the others: a dripping endpoint ends at the
capped deadline, a visitor's calls in flight are limited, a flood of queue joins is refused
before it fills the queue, a huge body is not read into memory, a deeply nested reply is one
sentence."""

from __future__ import annotations

import asyncio
import re
import resource
import time
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from playground.ui.launch import start_local_server
from playground.ui.ratelimit import RATES
from playground.ui.settings import Settings
from tests.security.harness import classify, classify_args, public_settings, running, visitor

MB = 1024 * 1024


@pytest.fixture(scope="module")
def local_settings() -> Iterator[Settings]:
    """Public settings with the embedded local server running (a quiet target for bystanders)."""
    settings, server = start_local_server(replace(public_settings(), local_server=True))
    try:
        yield settings
    finally:
        if server is not None:
            server.stop()


@pytest.mark.parametrize("public", [True, False])
def test_a_dripping_endpoint_ends_at_one_deadline(fake_server: str, public: bool) -> None:
    # One byte every 2 s: no read ever times out. Public mode caps the visitor's 10^9 s box;
    # in private mode the box itself (2 s) bounds the whole call, not each read.
    timeout = 1e9 if public else 2
    settings = public_settings(
        public=public, max_timeout=2, hf_endpoint=f"{fake_server}/hostile/drip"
    )
    with running(settings) as url, visitor(url) as client:
        job = client.submit(*classify_args("a/b", timeout=timeout), api_name="/text_classification")
        status = job.result(timeout=60)[2]
    assert re.search(r"stopped after \d+ s, at its deadline", status), status


def test_one_visitor_cannot_starve_the_others(fake_server: str, local_settings: Settings) -> None:
    settings = replace(
        local_settings, visitor_calls=2, max_timeout=8, hf_endpoint=f"{fake_server}/hostile/drip"
    )
    with running(settings) as url, visitor(url, "198.51.100.7") as greedy:
        held = [
            greedy.submit(*classify_args("a/b"), api_name="/text_classification") for _ in range(4)
        ]
        with visitor(url, "198.51.100.8") as bystander:
            calm = classify(bystander, "local/vader-sentiment", kind="local")
        still_running = [not job.done() for job in held]
        statuses = [job.result(timeout=60)[2] for job in held]
    assert "status-ok" in calm.status, calm.status
    assert any(still_running)  # the bystander was served while the greedy calls held on
    refused = [status for status in statuses if "calls running" in status]
    assert len(refused) == 2, statuses
    assert sum("deadline" in status for status in statuses) == 2


async def _flood(url: str, fn_index: int, address: str, joins: int) -> list[int]:
    """Queue joins sent all at once, as an attacker's loop would."""
    headers = {"X-Forwarded-For": address}

    async def join(client: httpx.AsyncClient, number: int) -> int:
        body = {
            "data": classify_args("a/b"),
            "event_data": None,
            "fn_index": fn_index,
            "trigger_id": None,
            "session_hash": f"flood{number}",
        }
        reply = await client.post(f"{url}gradio_api/queue/join", json=body, headers=headers)
        return reply.status_code

    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        return list(await asyncio.gather(*(join(client, n) for n in range(joins))))


def _fn_index(url: str, api_name: str) -> int:
    config = httpx.get(f"{url}config", timeout=30).json()
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name)


def test_a_flood_of_queue_joins_is_refused_before_it_fills_the_queue(fake_server: str) -> None:
    settings = public_settings(hf_endpoint=fake_server)
    with running(settings) as url:
        index = _fn_index(url, "text_classification")
        started = time.monotonic()
        codes = asyncio.run(_flood(url, index, "198.51.100.9", 300))
        elapsed = time.monotonic() - started
        with visitor(url, "198.51.100.10") as bystander:
            calm = classify(bystander, "fake/text-classification")
    accepted = codes.count(200)
    assert accepted + codes.count(429) == len(codes), set(codes)
    rate, burst = RATES["/queue/join"]
    assert accepted <= burst + rate * elapsed + 1, (accepted, elapsed)
    assert "status-ok" in calm.status, calm.status


def test_a_huge_body_is_not_read_into_memory(fake_server: str) -> None:
    settings = public_settings(max_response_mb=4, hf_endpoint=f"{fake_server}/hostile/huge")
    with running(settings) as url, visitor(url) as client:
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        shown = classify(client, "a/b?mb=512")
        peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "larger than this client reads" in shown.status, shown.status
    assert (peak_after - peak_before) * 1024 < 256 * MB  # ru_maxrss is in KiB on Linux


def test_a_deeply_nested_reply_is_one_sentence(fake_server: str) -> None:
    settings = public_settings(hf_endpoint=f"{fake_server}/hostile/deep")
    with running(settings) as url, visitor(url) as client:
        shown = classify(client, "a/b")
    assert "not in the shape this task expects" in shown.status, shown.status
    assert "RecursionError" not in shown.everything


def test_a_flood_of_uploads_is_refused(fake_server: str) -> None:
    settings = public_settings(hf_endpoint=fake_server)
    headers = {"X-Forwarded-For": "198.51.100.11"}
    with running(settings) as url:
        codes = [
            httpx.post(
                f"{url}gradio_api/upload", files={"files": ("a.txt", b"x")}, headers=headers
            ).status_code
            for _ in range(40)
        ]
        other = httpx.post(
            f"{url}gradio_api/upload",
            files={"files": ("a.txt", b"x")},
            headers={"X-Forwarded-For": "198.51.100.12"},
        )
    assert codes.count(429) > 0 and codes[0] == 200, codes
    assert other.status_code == 200


def test_the_deep_link_route_is_closed(fake_server: str) -> None:
    with running(public_settings(hf_endpoint=fake_server)) as url:
        reply = httpx.get(f"{url}gradio_api/deep_link", params={"session_hash": "x"})
    assert reply.status_code == 404
