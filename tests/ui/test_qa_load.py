"""Repeat, sweep and Locust export of one side, against the fake server over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from playground.client import InputError
from playground.qa.repeat import RepeatReport, SeedReport
from playground.ui.qa_load import (
    SweepLimits,
    export_locustfile,
    record_request,
    repeat_side,
    sweep_side,
)
from playground.ui.qa_sides import ComparePlan, Side, plan_call
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

SIDE = Side("hf", "fake/text-classification")


def plan() -> ComparePlan:
    return plan_call("text-classification", {"text0": "I love it"}, "", 2, ["hf"] * 4, [""] * 4)


@pytest.fixture
async def factory(fake_server: str) -> AsyncIterator[ClientFactory]:
    transport = httpx.AsyncHTTPTransport()
    yield ClientFactory(Settings(hf_endpoint=fake_server, hf_token="hf_host"), None, transport)
    await transport.aclose()


@pytest.mark.anyio
async def test_repeat_counts_warm_calls_and_distinct_outputs(factory: ClientFactory) -> None:
    report = await repeat_side(factory, plan(), SIDE, TargetChoice(kind="hf"), 4, seed=False)
    assert isinstance(report, RepeatReport)
    assert len(report.latencies) == 4 and report.identical and report.p95 is not None


@pytest.mark.anyio
async def test_seed_check_runs_both_halves(factory: ClientFactory) -> None:
    report = await repeat_side(factory, plan(), SIDE, TargetChoice(kind="hf"), 2, seed=True)
    assert isinstance(report, SeedReport)
    assert sum(report.with_seed.outputs.values()) + len(report.with_seed.errors) == 2


@pytest.mark.anyio
async def test_a_small_sweep_is_bounded(factory: ClientFactory) -> None:
    limits = SweepLimits(top=4, requests=4, seconds=10)
    report = await sweep_side(factory, plan(), SIDE, TargetChoice(kind="hf"), limits)
    assert [level.concurrency for level in report.levels] == [1, 2, 4]
    assert all(level.requests <= 4 and level.ok == level.requests for level in report.levels)
    assert SweepLimits(top=999, requests=10_000, seconds=1e6).bounded() == SweepLimits(32, 64, 60)


@pytest.mark.anyio
async def test_the_locustfile_holds_the_request_but_never_the_token(
    factory: ClientFactory, tmp_path: Path
) -> None:
    sent = await record_request(factory, plan(), SIDE, TargetChoice(kind="hf"))
    assert sent.has_credential  # the host's token went to its own endpoint
    text = export_locustfile(sent, "text", tmp_path).read_text()
    assert "hf_host" not in text and "I love it" in text and "TOKEN_ENV = 'HF_TOKEN'" in text


@pytest.mark.anyio
async def test_public_mode_refuses_the_sweep(fake_server: str) -> None:
    public = ClientFactory(Settings(hf_endpoint=fake_server, public=True), None)
    with pytest.raises(InputError, match="public demo"):
        await record_request(public, plan(), SIDE, TargetChoice(kind="hf"))
