"""Keeping tokens out of everything the client (and the app) shows: error messages, recorded
request and response bodies, headers echoed back, logs.

The token itself only goes where the token policy allows (`tokens.may_receive`); redaction is
the second line, for servers that echo what they receive (an echo service, a proxy's error page
quoting the request, a misconfigured endpoint)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

__all__ = ["MASK", "redact", "redact_bytes", "redact_error", "redact_tokens", "redact_value"]

MASK = "***"
# Shorter "secrets" are not worth masking and would mangle ordinary text (a visitor who types
# "x" in the token box must not see every "x" of the output replaced).
MIN_SECRET_CHARS = 6
_HF_TOKEN = re.compile(r"\bhf_[A-Za-z0-9]{16,}\b")
E = TypeVar("E", bound=BaseException)


def _usable(secrets: Iterable[str | None]) -> list[str]:
    unique = {secret for secret in secrets if secret and len(secret) >= MIN_SECRET_CHARS}
    return sorted(unique, key=len, reverse=True)  # longest first: no partial leftovers


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every secret replaced by the mask."""
    for secret in _usable(secrets):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_bytes(data: bytes, secrets: Iterable[str | None]) -> bytes:
    for secret in _usable(secrets):
        raw = secret.encode()
        if raw in data:
            data = data.replace(raw, MASK.encode())
    return data


def redact_tokens(text: str) -> str:
    """Mask anything shaped like a Hugging Face token (for logs, where the secret is unknown)."""
    return _HF_TOKEN.sub("hf_" + MASK, text)


def redact_value(value: Any, secrets: Iterable[str | None]) -> Any:
    """A JSON-like value (dicts, lists, strings) with the secrets masked in every string."""
    usable = _usable(secrets)
    if not usable:
        return value
    return _walk(value, usable)


def _walk(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, bytes):
        return redact_bytes(value, secrets)
    if isinstance(value, Mapping):
        return {_walk(key, secrets): _walk(item, secrets) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(item, secrets) for item in value)
    return value


def redact_error(error: E, secrets: Iterable[str | None]) -> E:
    """Mask the secrets in an exception's message and the text attributes our errors carry
    (server message, body, URL), in place. Returns the same exception."""
    usable = _usable(secrets)
    if not usable:
        return error
    error.args = tuple(_walk(arg, usable) for arg in error.args)
    for name in ("message", "server_message", "body", "url", "hint", "headers"):
        value = getattr(error, name, None)
        if value is not None:
            setattr(error, name, _walk(value, usable))
    return error
