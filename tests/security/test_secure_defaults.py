"""Secure where it is public: the Space image and a Space run in public mode unless the host
turns it off, an exposed app without public mode warns at start, public-mode limits are
configurable, sign-in only where Gradio's real OAuth routes exist, and logs never show a token."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from playground.ui.launch import exposure_warning, launch_options
from playground.ui.redacting import install_log_redaction
from playground.ui.settings import parse_settings
from tests.security.harness import HOST_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def test_the_space_image_runs_in_public_mode() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "PLAYGROUND_PUBLIC=1" in dockerfile
    assert '"--host", "0.0.0.0"' in dockerfile


def test_a_space_is_public_unless_the_host_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPACE_ID", "someone/playground")
    on_a_space = parse_settings([])
    assert on_a_space.public
    assert on_a_space.trusted_proxies == 1
    monkeypatch.setenv("PLAYGROUND_PUBLIC", "0")
    assert not parse_settings([]).public


def test_public_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_MAX_TIMEOUT", "30")
    monkeypatch.setenv("PLAYGROUND_HOST_CALLS_PER_DAY", "7")
    monkeypatch.setenv("PLAYGROUND_VISITOR_CALLS", "2")
    settings = parse_settings(["--public"])
    assert (settings.max_timeout, settings.host_calls_per_day, settings.visitor_calls) == (30, 7, 2)
    assert settings.call_timeout_cap == 30
    assert parse_settings([]).call_timeout_cap is None  # private mode: the visitor's own box


def test_an_exposed_app_without_public_mode_warns() -> None:
    assert exposure_warning(parse_settings(["--host", "0.0.0.0"])) is not None
    assert exposure_warning(parse_settings(["--host", "0.0.0.0", "--public"])) is None
    assert exposure_warning(parse_settings([])) is None


def test_public_mode_rate_limits_queue_joins_and_uploads() -> None:
    public = launch_options(parse_settings(["--public"]))["app_kwargs"]["middleware"]
    private = launch_options(parse_settings([]))["app_kwargs"]["middleware"]
    assert [m.cls.__name__ for m in public] == ["VisitorRateLimit"]
    assert private == []


def test_sign_in_needs_a_space_with_oauth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAUTH_CLIENT_ID", "client")
    assert not parse_settings([]).oauth  # Gradio would mock sign-in with the machine's login
    monkeypatch.setenv("SYSTEM", "spaces")
    assert parse_settings([]).oauth
    monkeypatch.setenv("PLAYGROUND_OAUTH", "0")
    assert not parse_settings([]).oauth


def test_logs_never_show_a_token(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("playground.test.redaction")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        install_log_redaction([HOST_TOKEN], logger)
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "sent %s", (HOST_TOKEN,), None)
        other = "hf_" + "a1B2c3D4" * 4
        unknown = logging.LogRecord("x", logging.ERROR, __file__, 1, f"visitor {other}", (), None)
        assert HOST_TOKEN not in handler.format(record)
        assert other not in handler.format(unknown)
    finally:
        logger.removeHandler(handler)
