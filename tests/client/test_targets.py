"""Where calls go, for every family and task."""

from __future__ import annotations

import pytest

from playground.client.targets import (
    HF_ROUTER_ENDPOINT,
    Family,
    chat_completions_url,
    resolve_target,
    task_url,
)


def test_model_id_goes_to_the_router_hf_inference() -> None:
    target = resolve_target("text-classification", "org/model")
    assert target.family is Family.HF
    assert task_url(target, "text-classification") == f"{HF_ROUTER_ENDPOINT}/models/org/model"
    assert task_url(target, "feature-extraction") == (
        f"{HF_ROUTER_ENDPOINT}/models/org/model/pipeline/feature-extraction"
    )
    assert task_url(target, "chat-completion") == (
        f"{HF_ROUTER_ENDPOINT}/models/org/model/v1/chat/completions"
    )


def test_legacy_host_uses_the_legacy_pipeline_route() -> None:
    target = resolve_target(
        "sentence-similarity",
        "org/model",
        inference_endpoint="https://api-inference.huggingface.co",
    )
    assert task_url(target, "sentence-similarity") == (
        "https://api-inference.huggingface.co/pipeline/sentence-similarity/org/model"
    )


def test_env_overrides_the_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_INFERENCE_ENDPOINT", "http://127.0.0.1:8080/")
    target = resolve_target("fill-mask", "local/x")
    assert target.url == "http://127.0.0.1:8080/models/local/x"


def test_no_model_uses_the_recommended_one() -> None:
    assert resolve_target("summarization", None).model_id == "facebook/bart-large-cnn"
    assert resolve_target("summarization", None, client_model="a/b").model_id == "a/b"


@pytest.mark.parametrize(
    ("url", "family", "base"),
    [
        ("http://h:8080/generate", Family.TGI, "http://h:8080"),
        ("http://h:8080/generate_stream", Family.TGI, "http://h:8080"),
        ("http://h/embed", Family.TEI, "http://h"),
        ("http://h/similarity", Family.TEI, "http://h"),
        ("http://h/v1", Family.OPENAI, "http://h"),
        ("http://h/v1/chat/completions", Family.OPENAI, "http://h"),
        (
            "https://x.endpoints.huggingface.cloud",
            Family.ENDPOINT,
            "https://x.endpoints.huggingface.cloud",
        ),
        (
            "http://127.0.0.1:8080/models/local/e5",
            Family.HF,
            "http://127.0.0.1:8080/models/local/e5",
        ),
    ],
)
def test_urls_are_recognised(url: str, family: Family, base: str) -> None:
    target = resolve_target("text-generation", url)
    assert (target.family, target.url) == (family, base)


def test_family_routes() -> None:
    tgi = resolve_target("text-generation", "http://h", backend="tgi")
    assert task_url(tgi, "text-generation") == "http://h/generate"
    assert task_url(tgi, "text-generation", stream=True) == "http://h/generate_stream"
    tei = resolve_target("feature-extraction", "http://h", backend="tei")
    assert task_url(tei, "feature-extraction") == "http://h/embed"
    assert task_url(tei, "sentence-similarity") == "http://h/similarity"
    assert task_url(tei, "text-classification") == "http://h/predict"
    openai = resolve_target("text-generation", "http://h/v1")
    assert task_url(openai, "text-generation") == "http://h/v1/completions"
    assert task_url(openai, "feature-extraction") == "http://h/v1/embeddings"
    endpoint = resolve_target("image-classification", "https://e.hf.space/predict")
    assert task_url(endpoint, "image-classification") == "https://e.hf.space/predict"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h", "http://h/v1/chat/completions"),
        ("http://h/", "http://h/v1/chat/completions"),
        ("http://h/v1", "http://h/v1/chat/completions"),
        ("http://h/v1/chat/completions", "http://h/v1/chat/completions"),
        ("http://h/openai/chat/completions", "http://h/openai/chat/completions"),
        ("http://h/x?key=1", "http://h/x/v1/chat/completions?key=1"),
    ],
)
def test_chat_url_rule(url: str, expected: str) -> None:
    assert chat_completions_url(url) == expected
