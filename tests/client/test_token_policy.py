"""The token goes only to Hugging Face hosts unless it was given explicitly. Hugging Face host
names are routed to the fake server over real loopback, so the test sees real requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from playground.client import InferenceClient, capture_exchanges

Sent = Callable[[], list[dict[str, Any]]]
SECRET = "hf_fake_implicit_token_from_the_env"


class LoopbackTransport(httpx.HTTPTransport):
    """Sends every request to the fake server, keeping the path (minus `/hf-inference`)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = httpx.URL(base)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/hf-inference")
        request.url = request.url.copy_with(
            scheme="http", host=self.base.host, port=self.base.port, path=path
        )
        return super().handle_request(request)


EXPLICIT_TOKEN = "hf_" + "explicitSecretValue123456789"  # built: no token-shaped literal


def authorization(request: dict[str, Any]) -> str | None:
    return request["headers"].get("authorization")


def test_implicit_token_goes_to_the_hf_router(
    fake: str, sent: Sent, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    with InferenceClient(transport=LoopbackTransport(fake)) as client:
        client.text_classification("x", model="fake/text-classification")
        client.text_classification(
            "x", model="https://api-inference.huggingface.co/models/fake/text-classification"
        )
    assert [authorization(request) for request in sent()] == [f"Bearer {SECRET}"] * 2


@pytest.mark.parametrize(
    "url",
    [
        "https://abc.us-east-1.aws.endpoints.huggingface.cloud/models/fake/text-classification",
        "https://anyone.hf.space/models/fake/text-classification",
    ],
)
def test_implicit_token_skips_hosts_anyone_can_create(
    fake: str, sent: Sent, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    with InferenceClient(transport=LoopbackTransport(fake)) as client:
        client.text_classification("x", model=url)
    with InferenceClient(token=True, transport=LoopbackTransport(fake)) as client:
        client.text_classification("x", model=url)  # attached on purpose: sent
    assert [authorization(request) for request in sent()] == [None, f"Bearer {SECRET}"]


def test_implicit_token_is_not_sent_elsewhere(
    fake: str, sent: Sent, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    with InferenceClient(inference_endpoint=fake) as client:
        client.text_classification("x", model="fake/text-classification")
        client.text_generation("x", model=f"{fake}/tgi", max_new_tokens=1)
        client.chat_completion(
            [{"role": "user", "content": "x"}], model=f"{fake}/openai/v1/chat/completions"
        )
    with InferenceClient(transport=LoopbackTransport(fake)) as client:
        client.text_classification(
            "x", model="http://huggingface.co.evil.example/models/fake/text-classification"
        )
    requests = sent()
    assert len(requests) >= 4
    assert all(authorization(request) is None for request in requests)


def test_explicit_token_goes_where_the_user_sends_it(fake: str, sent: Sent) -> None:
    with InferenceClient(token="my-endpoint-key", inference_endpoint=fake) as client:
        client.text_classification("x", model="fake/text-classification")
    assert authorization(sent()[0]) == "Bearer my-endpoint-key"


def test_login_file_token_follows_the_same_policy(
    fake: str, sent: Sent, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    (tmp_path / "token").write_text(SECRET)
    with InferenceClient(inference_endpoint=fake) as local:
        local.text_classification("x", model="fake/text-classification")
    with InferenceClient(transport=LoopbackTransport(fake)) as router:
        router.text_classification("x", model="fake/text-classification")
    assert [authorization(request) for request in sent()] == [None, f"Bearer {SECRET}"]


def test_token_false_sends_nothing(fake: str, sent: Sent, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)
    with InferenceClient(token=False, transport=LoopbackTransport(fake)) as client:
        client.text_classification("x", model="fake/text-classification")
    assert authorization(sent()[0]) is None


def test_inputs_fetched_from_urls_never_carry_the_token(fake: str, sent: Sent) -> None:
    with InferenceClient(token="explicit", inference_endpoint=fake) as client:
        client.image_classification(f"{fake}/files/red.png", model="fake/image-classification")
    fetch, call = sent()
    assert authorization(fetch) is None
    assert authorization(call) == "Bearer explicit"


def test_recorded_exchanges_mask_the_token(fake: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with (
        InferenceClient(token=EXPLICIT_TOKEN, inference_endpoint=fake) as client,
        capture_exchanges() as log,
    ):
        client.text_classification("x", model="fake/text-classification")
    (exchange,) = log
    assert exchange.request_headers["authorization"] == "Bearer ***"
    assert EXPLICIT_TOKEN not in repr(exchange)
