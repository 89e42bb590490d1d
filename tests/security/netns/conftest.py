"""Hosts on public addresses, for attacks that need them: these tests run inside a network
namespace made by tests/security/test_network_namespace.py, where loopback also carries
1.2.3.4 (a legitimate public endpoint), 5.6.7.8 (the attacker's hosts), 9.9.9.9 (the Hugging
Face router) and 169.254.169.254 (the cloud metadata service). Names resolve through a patched
resolver (`dns`), which can give different answers to successive lookups (DNS rebinding).
HTTPS hosts present certificates of a test CA the app is told to trust."""

from __future__ import annotations

import datetime
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import Certificates, Resolver, Servers

IN_NETNS = os.environ.get("PLAYGROUND_IN_NETNS") == "1"
# Collected only inside the namespace (the outer test runs them there).
collect_ignore_glob = [] if IN_NETNS else ["test_*.py"]

PUBLIC_HOST, ATTACKER, ROUTER, METADATA = "1.2.3.4", "5.6.7.8", "9.9.9.9", "169.254.169.254"
TLS_NAMES = ["router.huggingface.co", "evil.hf.space", "*.hf.space", "api.example"]


def _write_certificates(folder: Path) -> Certificates:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "playground test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, TLS_NAMES[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in TLS_NAMES]), False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = Certificates(str(folder / "ca.pem"), str(folder / "cert.pem"), str(folder / "key.pem"))
    Path(paths.ca).write_bytes(ca.public_bytes(pem))
    Path(paths.cert).write_bytes(leaf.public_bytes(pem))
    Path(paths.key).write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return _write_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    resolver = Resolver(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    resolver.answer("router.huggingface.co", [ROUTER])
    resolver.answer("evil.hf.space", [ATTACKER])
    resolver.answer("api.example", [PUBLIC_HOST])
    resolver.answer("attacker.example", [ATTACKER])
    return resolver


@pytest.fixture(scope="session")
def servers(certificates: Certificates) -> Iterator[Servers]:
    from contextlib import ExitStack

    from tests.fakes import create_app, serving

    tls = (certificates.cert, certificates.key)
    with ExitStack() as stack:
        started = Servers(
            router=stack.enter_context(serving(create_app(), ROUTER, 443, tls=tls)),
            attacker_tls=stack.enter_context(serving(create_app(), ATTACKER, 443, tls=tls)),
            attacker=stack.enter_context(serving(create_app(), ATTACKER, 80)),
            public=stack.enter_context(serving(create_app(), PUBLIC_HOST, 80)),
            internal=stack.enter_context(serving(create_app())),
            metadata=stack.enter_context(serving(create_app(), METADATA, 80)),
        )
        yield started


@pytest.fixture
def net(servers: Servers, dns: Resolver) -> Servers:
    servers.reset()
    return servers
