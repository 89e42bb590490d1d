"""Settings from the command line and the environment."""

from __future__ import annotations

import pytest

from playground.ui.launch import launch_options
from playground.ui.settings import parse_settings


def test_no_token_defaults_to_the_local_target() -> None:
    settings = parse_settings([])
    assert (settings.target, settings.host, settings.port) == ("local", "127.0.0.1", 7860)


def test_a_token_in_the_environment_defaults_to_hugging_face(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_host_secret")
    settings = parse_settings([])
    assert settings.target == "hf"
    assert settings.hf_token == "hf_host_secret"
    assert "hf_host_secret" not in repr(settings)


def test_url_makes_the_custom_target_default() -> None:
    settings = parse_settings(
        [
            "--url",
            "http://e:8080",
            "--port",
            "9000",
            "--public",
            "--tasks",
            "text-classification, object-detection",
        ]
    )
    assert (settings.target, settings.custom_url, settings.port) == (
        "custom",
        "http://e:8080",
        9000,
    )
    assert settings.public
    assert settings.tasks == ("text-classification", "object-detection")


def test_launch_options_keep_secrets_out_of_the_browser() -> None:
    options = launch_options(parse_settings([]))
    assert options["run_history"] is False
    assert options["share"] is False
    assert options["max_file_size"] == "25mb"
    assert options["enable_monitoring"] is False
