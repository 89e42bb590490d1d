"""Connections that can only reach public addresses (public mode's SSRF defence).

A URL check before the call is not enough: the client resolves the name again when it connects
(DNS rebinding), follows redirects, and fetches media named in replies. So the check sits where
connections are made: the transport's network backend resolves each host once, refuses it if
any address is not public, and connects to the address it checked. TLS still verifies the host
name (httpcore passes the URL's host as SNI), and the Host header is untouched. Every redirect
hop that opens a connection goes through the same check.

    client = AsyncInferenceClient(transport=public_transport(is_async=True))
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable
from typing import Any, Literal, overload

import anyio
import anyio.to_thread
import httpcore
import httpx

from .errors import BlockedAddressError

__all__ = [
    "Address",
    "Resolver",
    "blocked_reason",
    "public_addresses",
    "public_transport",
    "system_resolver",
]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_NAT64_PREFIXES = (
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_TEREDO = ipaddress.ip_network("2001::/32")
_SHARED_V4 = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_SPECIAL_V4 = (
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.ip_network("192.88.99.0/24"),  # 6to4 relay anycast
)


def _embedded_v4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, 6to4, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in prefix for prefix in _NAT64_PREFIXES):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _v6_reason(address: ipaddress.IPv6Address) -> str | None:
    embedded = _embedded_v4(address)
    if embedded is not None:
        reason = blocked_reason(embedded)
        return f"{reason}, inside an IPv6 address" if reason else None
    if address in _IPV4_COMPATIBLE:
        return "an IPv4-compatible IPv6 address"
    if address in _TEREDO:
        return "a Teredo tunnel address"
    if address.is_site_local:
        return "a site-local address"
    return None


def blocked_reason(address: Address) -> str | None:
    """Why a visitor may not reach this address, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "a scoped (link-local) address"
        special = _v6_reason(address)
        if special or _embedded_v4(address) is not None:
            return special
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address in _SHARED_V4 if address.version == 4 else False, "a carrier-grade NAT address"),
        (any(address in net for net in _SPECIAL_V4), "a special-purpose address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "a non-public address"),
    )
    return next((reason for failed, reason in checks if failed), None)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (a name or an IP literal)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def public_addresses(host: str, addresses: Iterable[str]) -> list[str]:
    """The addresses to connect to, or BlockedAddressError if any of them is not public (a
    name with one private address among public ones is refused: the attacker picks which)."""
    checked = list(addresses)
    for text in checked:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        reason = blocked_reason(address)
        if reason is not None:
            raise BlockedAddressError(host=host, address=str(address), reason=reason)
    if not checked:
        raise BlockedAddressError(host=host, address="", reason="no address at all")
    return checked


def _resolution_failed(host: str, error: OSError) -> httpcore.ConnectError:
    return httpcore.ConnectError(f"[Errno {error.errno}] {error.strerror or error}: {host}")


class _PublicBackend(httpcore.NetworkBackend):
    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            resolved = self._resolver(host, port)
        except OSError as error:
            raise _resolution_failed(host, error) from error
        failure: Exception | None = None
        for address in public_addresses(host, resolved):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(host)

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("Unix sockets are not reachable in public mode.")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncPublicBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                resolved = await anyio.to_thread.run_sync(
                    self._resolver, host, port, abandon_on_cancel=True
                )
        except TimeoutError as error:
            raise httpcore.ConnectTimeout(f"Resolving {host} timed out.") from error
        except OSError as error:
            raise _resolution_failed(host, error) from error
        failure: Exception | None = None
        for address in public_addresses(host, resolved):
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(host)

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Unix sockets are not reachable in public mode.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@overload
def public_transport(
    *,
    is_async: Literal[True],
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
    limits: httpx.Limits | None = None,
) -> httpx.AsyncHTTPTransport: ...
@overload
def public_transport(
    *,
    is_async: Literal[False],
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
    limits: httpx.Limits | None = None,
) -> httpx.HTTPTransport: ...
@overload
def public_transport(
    *,
    is_async: bool,
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
    limits: httpx.Limits | None = None,
) -> httpx.HTTPTransport | httpx.AsyncHTTPTransport: ...
def public_transport(
    *,
    is_async: bool,
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
    limits: httpx.Limits | None = None,
) -> httpx.HTTPTransport | httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes to a checked public address.

    Environment proxies are not used (a proxy would resolve names itself)."""
    limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
    resolve = resolver or system_resolver
    # httpx builds its pool without a way to pass a network backend: rebuild it with ours,
    # keeping httpx's TLS context and limits.
    if is_async:
        async_transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits)
        async_transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=async_transport._pool._ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_AsyncPublicBackend(resolve),
        )
        return async_transport
    transport = httpx.HTTPTransport(verify=verify, limits=limits)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=transport._pool._ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_PublicBackend(resolve),
    )
    return transport
