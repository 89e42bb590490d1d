"""What one response may cost the client: bytes read and time taken.

Both clients read bodies and streams chunk by chunk through a `ReadBudget`, so a server that
sends a gigabyte, or one byte every few seconds, ends the call with a clear error instead of
filling memory or holding it forever. The async client also enforces the deadline inside a read
(a cancel scope); the sync client, which can't interrupt a blocking read, checks it between
reads, whose own timeout is at most the time that was left when the request was sent."""

from __future__ import annotations

import time
from collections.abc import Mapping

from .error_mapping import host_of
from .errors import InferenceTimeoutError, ResponseTooLargeError

__all__ = ["ReadBudget", "deadline_error"]


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else f"{size:,} bytes"


def deadline_error(url: str, started: float) -> InferenceTimeoutError:
    elapsed = time.monotonic() - started
    return InferenceTimeoutError(
        f"The call to {host_of(url)} was stopped after {elapsed:.0f} s, at its deadline.",
        hint="Raise the timeout, ask for a shorter output, or check that the server is up.",
    )


class ReadBudget:
    """Counts the bytes of one response against `limit`, and the time against `deadline_at`
    (monotonic; None: no deadline)."""

    def __init__(
        self, url: str, limit: int, deadline_at: float | None, started: float | None = None
    ) -> None:
        self.url = url
        self.limit = limit
        self.deadline_at = deadline_at
        self.started = time.monotonic() if started is None else started
        self.size = 0

    def check_declared(self, headers: Mapping[str, str]) -> None:
        """Refuse at once a body whose declared length is over the limit."""
        try:
            declared = int(headers.get("content-length", ""))
        except ValueError:
            return
        if declared > self.limit:
            raise self._too_large(declared)

    def take(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.limit:
            raise self._too_large(self.size)
        if self.deadline_at is not None and time.monotonic() > self.deadline_at:
            raise deadline_error(self.url, self.started)
        return chunk

    def seconds_left(self) -> float | None:
        if self.deadline_at is None:
            return None
        return max(0.0, self.deadline_at - time.monotonic())

    def expired(self) -> InferenceTimeoutError:
        return deadline_error(self.url, self.started)

    def _too_large(self, size: int) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"The response from {host_of(self.url)} is larger than this client reads "
            f"({_megabytes(size)} over the {_megabytes(self.limit)} limit); reading stopped.",
            limit=self.limit,
        )
