"""The namespace tests' hosts as objects: the test CA's files, the patched resolver, and the
fake servers on the namespace's addresses (the fixtures making them are in conftest.py)."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["Certificates", "Resolver", "Servers"]


@dataclass
class Certificates:
    ca: str
    cert: str
    key: str

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca)


class Resolver:
    """Name → answers; a list of answer lists is given out in turn (the last one repeats)."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.table: dict[str, list[list[str]]] = {}
        self.asked: dict[str, int] = {}

    def answer(self, name: str, *answers: list[str]) -> None:
        self.table[name] = list(answers)

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in self.table:
            return self.real(host, port, *args, **kwargs)
        turn = self.asked.get(name, 0)
        self.asked[name] = turn + 1
        addresses = self.table[name][min(turn, len(self.table[name]) - 1)]
        number = int(port or 0) if str(port or "0").isdigit() else 0
        return [
            (socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "",
             (address, number))
            for address in addresses
        ]  # fmt: skip


@dataclass
class Servers:
    """Fake inference servers on the namespace's addresses; each keeps a request log."""

    router: str  # https://router.huggingface.co (9.9.9.9:443)
    attacker_tls: str  # https on 5.6.7.8:443 (evil.hf.space)
    attacker: str  # http://5.6.7.8:80
    public: str  # http://1.2.3.4:80, a legitimate endpoint
    internal: str  # http://127.0.0.1:PORT, a service visitors must never reach
    metadata: str  # http://169.254.169.254:80

    def requests(self, base: str) -> list[dict[str, Any]]:
        return httpx.get(f"{base}/_fake/requests", verify=False).json()  # type: ignore[no-any-return]

    def reset(self) -> None:
        for base in (self.router, self.attacker_tls, self.attacker, self.public):
            httpx.post(f"{base}/_fake/reset", verify=False)
        for base in (self.internal, self.metadata):
            httpx.post(f"{base}/_fake/reset")
