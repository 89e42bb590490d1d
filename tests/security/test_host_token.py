"""The host's token (a Space secret) goes to the configured Hugging Face endpoint only, is
masked wherever a server echoes it, and each visitor has a budget on it. Attacks that need
hosts on public addresses (a Space URL anyone can create, over TLS) are in tests/security/netns."""

from __future__ import annotations

import httpx
import pytest

from playground.ui.settings import Settings
from tests.security.harness import (
    HOST_TOKEN,
    VISITOR_TOKEN,
    classify,
    joined_by_everyone,
    leaks,
    public_settings,
    running,
    target,
    visitor,
)


@pytest.fixture
def fake(fake_server: str) -> str:
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


def authorizations(fake: str) -> list[str | None]:
    requests = httpx.get(f"{fake}/_fake/requests").json()
    return [request["headers"].get("authorization") for request in requests]


@pytest.mark.parametrize(
    "model",
    [
        "https://attacker.hf.space/models/x/y",
        "https://x.us-east-1.aws.endpoints.huggingface.cloud/models/x/y",
        "http://127.0.0.1:9/models/x/y",
    ],
)
def test_a_visitor_url_on_the_hf_target_is_refused_without_their_token(
    fake: str, model: str
) -> None:
    with running(public_settings(hf_endpoint=fake)) as url, visitor(url) as client:
        shown = classify(client, model)
    assert "paste your token" in shown.status
    assert "No request was sent" in shown.everything or "→" not in shown.everything
    assert authorizations(fake) == []
    assert not leaks(shown.everything)


def test_the_host_token_stays_on_its_origin_in_private_mode_too(fake: str) -> None:
    # Same server, another origin (localhost vs 127.0.0.1): the bound token must not follow.
    other_origin = fake.replace("127.0.0.1", "localhost") + "/hostile/echo"
    settings = Settings(hf_token=HOST_TOKEN, hf_endpoint=fake, local_server=False)
    with running(settings) as url, visitor(url) as client:
        on_endpoint = classify(client, "fake/text-classification")
        elsewhere = classify(client, other_origin)
    assert "status-ok" in on_endpoint.status
    assert "no authorization header" in elsewhere.everything
    assert authorizations(fake) == [f"Bearer {HOST_TOKEN}", None]


@pytest.mark.parametrize("public", [True, False])
def test_an_echoed_token_is_masked_in_outputs_status_and_inspector(fake: str, public: bool) -> None:
    # The configured endpoint itself echoes the request: the labels it makes up carry the token.
    settings = public_settings(public=public, hf_endpoint=f"{fake}/hostile/echo")
    with running(settings) as url, visitor(url) as client:
        by_host = classify(client, "a/b")
        by_visitor = classify(client, "a/b", token=VISITOR_TOKEN)
        failed = classify(client, "a/b?status=401")
    assert "Bearer ***" in by_host.everything
    assert "Bearer ***" in by_visitor.everything
    assert "status-error" in failed.status
    for shown in (by_host, by_visitor, failed):
        assert not leaks(shown.everything)
    assert authorizations(fake)[:2] == [f"Bearer {HOST_TOKEN}", f"Bearer {VISITOR_TOKEN}"]


def test_each_visitor_has_a_budget_on_the_host_token(fake: str) -> None:
    settings = public_settings(hf_endpoint=fake, host_calls_per_minute=3, host_calls_per_day=5)
    model = "fake/text-classification"
    with running(settings) as url:
        with visitor(url, "198.51.100.1") as greedy:
            statuses = [classify(greedy, model).status for _ in range(5)]
            own_token = classify(greedy, model, token=VISITOR_TOKEN).status
        with visitor(url, "198.51.100.2") as other:
            others = classify(other, model).status
    assert all("status-ok" in status for status in statuses[:3])
    assert all("own token" in status for status in statuses[3:])
    assert not any("sign in" in status.lower() for status in statuses)  # no sign-in here
    assert "status-ok" in own_token  # their own token isn't charged
    assert "status-ok" in others  # another visitor's budget is untouched
    assert authorizations(fake).count(f"Bearer {HOST_TOKEN}") == 4


def test_test_connection_never_names_the_hosts_account(fake: str) -> None:
    with running(public_settings(hf_endpoint=fake)) as url, visitor(url) as client:
        report = client.predict(*target("hf"), api_name="/test_connection")
    assert "this demo's token" in report
    assert "belongs to" not in report
    requests = httpx.get(f"{fake}/_fake/requests").json()
    assert all("whoami" not in request["path"] for request in requests)


def test_no_token_in_what_every_visitor_can_fetch(fake: str) -> None:
    settings = public_settings(hf_endpoint=f"{fake}/hostile/echo")
    with running(settings) as url, visitor(url) as client:
        classify(client, "a/b", token=VISITOR_TOKEN)
        classify(client, "a/b?shape=odd")
        everything = joined_by_everyone(url)
    assert not leaks(everything)
