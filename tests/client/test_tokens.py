"""Token discovery and the policy deciding which hosts may receive it."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.client.tokens import find_token, is_hf_host, may_receive


def test_explicit_token_goes_anywhere() -> None:
    credential = find_token("hf_explicit")
    assert credential is not None
    assert credential.explicit
    assert may_receive(credential, "http://127.0.0.1:8080/generate")


def test_env_token_goes_only_to_hf_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    credential = find_token(None)
    assert credential is not None
    assert not credential.explicit
    assert credential.value == "hf_from_env"
    assert may_receive(credential, "https://router.huggingface.co/hf-inference/models/a/b")
    assert not may_receive(credential, "https://x.us-east-1.aws.endpoints.huggingface.cloud")
    assert not may_receive(credential, "https://someone.hf.space/v1/chat/completions")
    assert not may_receive(credential, "http://127.0.0.1:8080/models/a/b")
    assert not may_receive(credential, "https://api.together.xyz/v1/chat/completions")
    assert not may_receive(credential, "http://huggingface.co/api")


def test_login_file_honours_hf_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    (tmp_path / "token").write_text("hf_saved\n")
    credential = find_token(None)
    assert credential is not None
    assert credential.value == "hf_saved"
    assert credential.source == "login file"
    explicit = find_token(True)
    assert explicit is not None
    assert explicit.explicit


def test_false_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    assert find_token(False) is None


def test_credential_never_shows_its_value() -> None:
    credential = find_token("hf_secret_value")
    assert "hf_secret_value" not in repr(credential)
    assert "hf_secret_value" not in str(credential)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://huggingface.co/api", True),
        ("https://hf.co/x", True),
        ("https://cdn.hf.co/x", True),
        ("https://router.huggingface.co/v1/models", True),
        # anyone can create a Space or an Inference Endpoint: not trusted with implicit tokens
        ("https://my-space.hf.space", False),
        ("https://e.endpoints.huggingface.cloud", False),
        ("https://huggingface.cloud", False),
        ("https://huggingface.co.evil.com", False),
        ("https://evilhuggingface.co", False),
        ("http://huggingface.co", False),
        ("not a url", False),
    ],
)
def test_hf_hosts(url: str, expected: bool) -> None:
    assert is_hf_host(url) is expected


def test_a_bound_credential_goes_only_to_its_origin() -> None:
    from playground.client.tokens import Credential

    host = Credential.bound_to(
        "hf_host", "https://router.huggingface.co/hf-inference", source="host"
    )
    assert may_receive(host, "https://router.huggingface.co/hf-inference/models/a/b")
    assert may_receive(host, "https://router.huggingface.co:443/v1/chat/completions")
    assert not may_receive(host, "https://huggingface.co/api/whoami-v2")
    assert not may_receive(host, "http://router.huggingface.co/v1/models")
    assert not may_receive(host, "https://router.huggingface.co:8443/v1/models")
    assert not may_receive(host, "https://evil.hf.space/v1/models")
    assert "hf_host" not in repr(host)
