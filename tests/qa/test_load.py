"""Repeat, the capped load sweep, the exact request and its Locust file (run by Locust itself),
against the local server and the fake server's fault routes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from playground.client import InferenceClient, WaitInfo
from playground.qa.exact import ExactRequest, exact_request, locustfile
from playground.qa.repeat import repeat_call, seed_check
from playground.qa.sweep import Sample, run_sweep, summarize

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@pytest.fixture
def fake(fake_server: str) -> str:
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


def test_summarize_keeps_cold_starts_out_of_latency() -> None:
    samples = [
        Sample(200, 0.1), Sample(200, 0.3), Sample(429, 0.01), Sample(503, 0.02, cold=True),
        Sample(503, 0.02), Sample(500, 0.05), Sample(None, 1.0, error="ConnectError"),
        Sample(200, 1.0, first_event=0.2, events=5),
    ]  # fmt: skip
    stats = summarize(4, samples, 2.0)
    assert (stats.requests, stats.ok, stats.errors, stats.cold_starts) == (8, 3, 1, 1)
    assert (stats.p50, stats.throughput) == (0.3, 1.5)
    assert (stats.rate_429, stats.rate_503, stats.rate_5xx) == (0.125, 0.125, 0.375)
    assert (stats.ttft_p50, stats.tokens_per_second) == (0.2, 5.0)


def test_exact_request_and_repeat_on_the_local_server(local_server: str) -> None:
    request = exact_request(
        lambda c: c.object_detection(ASSETS / "portrait.jpg", model="local/opencv-face"),
        inference_endpoint=local_server,
        wait_for_model=True,
    )
    assert request.url == f"{local_server}/models/local/opencv-face"
    assert request.body == (ASSETS / "portrait.jpg").read_bytes()
    waits: list[WaitInfo] = []
    with InferenceClient(
        token=False, inference_endpoint=local_server, on_wait=waits.append
    ) as client:
        report = repeat_call(
            lambda: client.text_classification("Nice!", model="local/vader-sentiment"),
            5,
            waits=waits,
        )
    assert len(report.latencies) + len(report.cold_starts) == 5
    assert report.identical and report.distinct == 1
    assert report.p50 is not None and report.p95 is not None and report.p50 <= report.p95


def test_a_seed_makes_sampled_generation_identical(fake: str) -> None:
    with InferenceClient(f"{fake}/tgi", token=False) as client:
        report = seed_check(
            lambda seed: client.text_generation("Hello", do_sample=True, seed=seed), n=4
        )
    assert report.seed_makes_identical
    assert report.with_seed.distinct == 1


def test_the_sweep_counts_statuses_and_cold_starts(fake: str) -> None:
    body = b'{"inputs": "I love it"}'
    cold = run_sweep(
        ExactRequest(
            "POST",
            f"{fake}/models/faults/loading-then-ok",
            {"content-type": "application/json"},
            body,
        ),
        levels=(1, 2),
        requests_per_level=6,
    )
    first = cold.levels[0]
    assert (first.requests, first.ok, first.cold_starts, first.rate_503) == (6, 5, 1, 0.0)
    limited = run_sweep(
        ExactRequest("POST", f"{fake}/models/faults/rate-limited-forever", {}, body),
        levels=(1, 2),
        requests_per_level=4,
    )
    assert [(lvl.rate_429, lvl.ok) for lvl in limited.levels] == [(1.0, 0)]
    assert limited.stopped == "most requests failed at concurrency 1"


def test_the_sweep_measures_streams(fake: str) -> None:
    request = exact_request(
        lambda c: c.text_generation("Hello", stream=True, max_new_tokens=8),
        model=f"{fake}/tgi",
    )
    assert request.stream and request.url == f"{fake}/tgi"
    report = run_sweep(request, levels=(1, 4), requests_per_level=8, max_seconds=20)
    assert [lvl.ok for lvl in report.levels] == [8, 8]
    assert all(lvl.ttft_p50 is not None and lvl.tokens_per_second for lvl in report.levels)


@pytest.mark.slow
def test_locust_replays_the_exact_request(fake: str, tmp_path: Path) -> None:
    request = exact_request(
        lambda c: c.automatic_speech_recognition(
            ASSETS / "speech.wav", model="fake/automatic-speech-recognition"
        ),
        inference_endpoint=fake,
        token="secret-token-123",
    )
    text = locustfile(request, name="asr")
    assert "secret-token-123" not in text and "TOKEN_ENV = 'HF_TOKEN'" in text
    (tmp_path / "locustfile.py").write_text(text)
    httpx.post(f"{fake}/_fake/reset").raise_for_status()
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        "locustfile.py",
        "--headless",
        "-u",
        "2",
        "-r",
        "2",
        "-t",
        "3s",
        "--only-summary",
    ]
    env = {"PATH": "/usr/bin:/bin", "HF_TOKEN": "from-env"}
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    sent = httpx.get(f"{fake}/_fake/requests").json()
    assert sent, done.stderr[-2000:]
    digest = hashlib.sha256((ASSETS / "speech.wav").read_bytes()).hexdigest()
    assert {(r["path"], r["body_sha256"], r["headers"].get("authorization")) for r in sent} == {
        ("/models/fake/automatic-speech-recognition", digest, "Bearer from-env")
    }
