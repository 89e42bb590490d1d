"""The app's last line against showing a token: every value an event sends to the page (status
sentences, drawn outputs such as labels a server made up, inspector bodies, snippets) and every
log line is masked. The client already masks what it records; this covers what a server puts
in a successful answer (an echo service's labels, a chat reply quoting the request)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from playground.client.redaction import redact, redact_tokens, redact_value

__all__ = ["RedactingFormatter", "install_log_redaction", "redact_outputs"]


def _redact_one(value: Any, secrets: Sequence[str]) -> Any:
    if _is_dataframe(value):
        masked = value.rename(columns=lambda name: redact_value(name, secrets))
        return masked.map(lambda cell: redact_value(cell, secrets))
    if hasattr(value, "model_dump") and not isinstance(value, type):
        return redact_value(value.model_dump(), secrets)
    return redact_value(value, secrets)


def _is_dataframe(value: object) -> bool:
    import sys

    pandas = sys.modules.get("pandas")  # only loaded when a table is on the page anyway
    frame_type = getattr(pandas, "DataFrame", None)
    return frame_type is not None and isinstance(value, frame_type)


def redact_outputs(values: Iterable[Any], secrets: Sequence[str]) -> list[Any]:
    """An event's output values with the secrets masked (values that can't hold text, such as
    images and states, pass through)."""
    secrets = [secret for secret in secrets if secret]
    if not secrets:
        return list(values)
    return [_redact_one(value, secrets) for value in values]


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks the known secrets and anything shaped like an HF token,
    tracebacks included."""

    def __init__(self, base: logging.Formatter | None, secrets: Sequence[str]) -> None:
        super().__init__()
        self._base = base or logging.Formatter()
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        return redact_tokens(redact(self._base.format(record), self._secrets))


def install_log_redaction(secrets: Sequence[str], logger: logging.Logger | None = None) -> None:
    """Wrap the formatter of every handler on `logger` (the root logger by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not isinstance(handler.formatter, RedactingFormatter):
            handler.setFormatter(RedactingFormatter(handler.formatter, secrets))
