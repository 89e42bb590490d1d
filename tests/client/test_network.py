"""Public mode's connect-time check: which addresses a visitor may reach, and the transport
that refuses the rest where the connection is made (for any spelling and any resolver answer).
Connections that succeed to public addresses are tested in tests/security (network namespace)."""

from __future__ import annotations

import ipaddress

import pytest

from playground.client import AsyncInferenceClient, BlockedAddressError, InferenceClient
from playground.client.network import blocked_reason, public_transport

BLOCKED = [
    "127.0.0.1",
    "127.255.255.254",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "100.64.0.1",
    "0.0.0.0",
    "::",
    "224.0.0.1",
    "239.255.255.250",
    "ff02::1",
    "255.255.255.255",
    "240.0.0.1",
    "198.18.0.1",
    "192.0.0.8",
    "192.0.2.1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address
    "64:ff9b:1::7f00:1",
    "2002:7f00:1::1",  # 6to4 of loopback
    "2002:a9fe:a9fe::1",
    "::7f00:1",  # IPv4-compatible
    "::a9fe:a9fe",
    "2001::1",  # Teredo
    "fec0::1",  # site-local
    "2001:db8::1",
]
PUBLIC = ["1.1.1.1", "8.8.8.8", "93.184.216.34", "2606:4700::1111", "64:ff9b::808:808"]


@pytest.mark.parametrize("text", BLOCKED)
def test_non_public_addresses_are_blocked(text: str) -> None:
    assert blocked_reason(ipaddress.ip_address(text)) is not None


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_pass(text: str) -> None:
    assert blocked_reason(ipaddress.ip_address(text)) is None


def resolving(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        return table.get(host, [host])

    return resolve


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("{fake}", {}),
        ("http://localhost:{port}", {"localhost": ["127.0.0.1"]}),
        ("http://public.example:{port}", {"public.example": ["127.0.0.1"]}),
        ("http://mixed.example:{port}", {"mixed.example": ["1.1.1.1", "127.0.0.1"]}),
        ("http://2130706433:{port}", {"2130706433": ["127.0.0.1"]}),
    ],
)
def test_the_transport_refuses_where_it_connects(
    fake: str, url: str, table: dict[str, list[str]]
) -> None:
    port = fake.rsplit(":", 1)[1]
    transport = public_transport(is_async=False, resolver=resolving(table))
    with (
        InferenceClient(token=False, transport=transport) as client,
        pytest.raises(BlockedAddressError, match="Refused to connect") as caught,
    ):
        client.text_classification("x", model=url.format(fake=fake, port=port) + "/x")
    assert "public internet" in str(caught.value)


@pytest.mark.anyio
async def test_the_async_transport_refuses_too(fake: str) -> None:
    transport = public_transport(is_async=True)
    async with AsyncInferenceClient(token=False, transport=transport) as client:
        with pytest.raises(BlockedAddressError, match="loopback"):
            await client.text_classification("x", model=f"{fake}/models/fake/text-classification")


def test_media_urls_in_replies_go_through_the_same_check(fake: str) -> None:
    transport = public_transport(is_async=False, resolver=resolving({"cdn.example": ["1.1.1.1"]}))
    url = f"{fake}/hostile/media?to=http://169.254.169.254/latest/meta-data"
    with (
        InferenceClient(token=False, transport=transport) as client,
        pytest.raises(BlockedAddressError),
    ):
        # the first hop (the loopback fake) is refused already; the media hop is covered in
        # tests/security where the first hop can be public
        client.text_to_image("a cat", model=url)
