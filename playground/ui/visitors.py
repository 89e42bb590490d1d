"""Who is calling, and each visitor's fair share of a public demo: calls in flight at once, and
calls on the host's token (a token bucket plus a daily cap).

A visitor is their Hugging Face account when signed in, else their client address (behind a
trusted proxy such as a Space's, the address that proxy saw). Counters live in this process
(see docs/scaling.md for several replicas), in bounded maps: a flood of addresses evicts the
oldest idle visitors instead of growing memory.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.client import InputError

__all__ = [
    "BusyError",
    "Caller",
    "FairShare",
    "HostBudget",
    "QuotaError",
    "TokenBuckets",
    "caller_of",
    "client_address",
]

MAX_TRACKED_VISITORS = 50_000
DAY = 86_400.0


class BusyError(InputError):
    """This visitor already has as many calls running as a visitor may."""


class QuotaError(InputError):
    """This visitor has used their share of the host's token. (`advice.advise` offers signing
    in where it exists.)"""

    hint = "Paste your own token in the target bar to go on."


@dataclass(frozen=True)
class Caller:
    """The visitor behind an event: an id for fair-share counters, and their OAuth token when
    they signed in with Hugging Face."""

    visitor: str = "local"
    oauth_token: str = field(default="", repr=False)
    username: str = ""


def client_address(headers: Mapping[str, str], peer: str | None, trusted_hops: int) -> str:
    """The visitor's address: the peer's, or behind `trusted_hops` proxies the one the outermost
    trusted proxy saw (headers with lower-cased names)."""
    return _forwarded_address(headers, trusted_hops) or peer or "unknown"


def _forwarded_address(headers: Mapping[str, str], trusted_hops: int) -> str | None:
    """The client address as the outermost trusted proxy saw it: each proxy appends the address
    it received from, so the entries before the last `trusted_hops` are the client's to forge."""
    chain = [part.strip() for part in headers.get("x-forwarded-for", "").split(",")]
    chain = [part for part in chain if part]
    if trusted_hops <= 0 or len(chain) < trusted_hops:
        return None
    return chain[-trusted_hops]


def _session(request: Any) -> Any:
    """The signed session cookie's contents (Gradio keeps the sign-in there), or None. A
    `gr.Request` wraps the Starlette request, whose scope holds the session when Gradio's
    OAuth installed the session middleware."""
    underlying = getattr(request, "request", None) or request
    scope = getattr(underlying, "scope", None)
    if isinstance(scope, dict):
        return scope.get("session")
    try:
        return getattr(underlying, "session", None)
    except AssertionError:  # Starlette: no session middleware
        return None


def _oauth_info(request: Any) -> Mapping[str, Any] | None:
    session = _session(request)
    info = session.get("oauth_info") if isinstance(session, Mapping) else None
    if not isinstance(info, Mapping) or not info.get("access_token"):
        return None
    expires = info.get("expires_at")
    return None if isinstance(expires, (int, float)) and expires < time.time() else info


def caller_of(request: Any, trusted_hops: int = 0) -> Caller:
    """The caller of a Gradio event (`gr.Request`; None outside a request, e.g. in tests)."""
    if request is None:
        return Caller()
    info = _oauth_info(request)
    if info is not None:
        user = info.get("userinfo") or {}
        name = str(user.get("preferred_username") or user.get("sub") or "signed-in")
        return Caller(f"user:{name}", str(info["access_token"]), name)
    headers = {key.lower(): value for key, value in dict(request.headers or {}).items()}
    peer = getattr(getattr(request, "client", None), "host", None)
    return Caller(f"ip:{client_address(headers, peer, trusted_hops)}")


class _Bounded(OrderedDict[str, Any]):
    """A map that forgets its least recently used entries beyond `capacity`."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity

    def touch(self, key: str, default: Any) -> Any:
        value = self.pop(key, None)
        self[key] = default if value is None else value
        while len(self) > self.capacity:
            self.popitem(last=False)
        return self[key]


class FairShare:
    """At most `per_visitor` calls in flight per visitor and `total` for the whole app; a call
    over either limit is refused at once (never queued behind a slow endpoint)."""

    def __init__(self, per_visitor: int, total: int) -> None:
        self.per_visitor, self.total = per_visitor, total
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    def in_flight(self, visitor: str) -> int:
        return self._running.get(visitor, 0)

    def take(self, visitor: str) -> _Slot:
        """A slot for one call, taken now (BusyError if none is free); leave it with `with`."""
        self._acquire(visitor)
        return _Slot(self, visitor)

    def _acquire(self, visitor: str) -> None:
        with self._lock:
            mine = self._running.get(visitor, 0)
            if mine >= self.per_visitor:
                raise BusyError(
                    f"You already have {mine} calls running, the most this demo allows at "
                    "once; wait for one to finish or press Stop."
                )
            if sum(self._running.values()) >= self.total:
                raise BusyError("This demo is busy with other visitors' calls; try again soon.")
            self._running[visitor] = mine + 1

    def _release(self, visitor: str) -> None:
        with self._lock:
            left = self._running.get(visitor, 1) - 1
            if left > 0:
                self._running[visitor] = left
            else:
                self._running.pop(visitor, None)


class _Slot(contextlib.AbstractContextManager[None]):
    def __init__(self, share: FairShare, visitor: str) -> None:
        self._share, self._visitor, self._held = share, visitor, True

    def __exit__(self, *exc_info: object) -> None:
        if self._held:
            self._held = False
            self._share._release(self._visitor)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """One token bucket per key: `burst` at once, refilled at `per_second`."""

    def __init__(self, per_second: float, burst: float) -> None:
        self.per_second, self.burst = per_second, burst
        self._buckets = _Bounded(MAX_TRACKED_VISITORS)
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> bool:
        """Take a token for `key` if one is left."""
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.touch(key, _Bucket(self.burst, now))
            refill = (now - bucket.updated) * self.per_second
            bucket.tokens, bucket.updated = min(self.burst, bucket.tokens + refill), now
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True


class HostBudget:
    """Calls a visitor may make on the host's token: `burst` at once, refilled at `per_minute`,
    and at most `per_day` in 24 hours."""

    def __init__(self, per_minute: float, burst: int, per_day: int) -> None:
        self.per_minute, self.per_day = per_minute, per_day
        self._rate = TokenBuckets(per_minute / 60.0, burst)
        self._days = _Bounded(MAX_TRACKED_VISITORS)  # visitor -> [day started, calls that day]
        self._lock = threading.Lock()

    def spend(self, visitor: str, now: float | None = None) -> None:
        """Take one call from the visitor's allowance, or raise QuotaError."""
        now = time.monotonic() if now is None else now
        with self._lock:
            day = self._days.touch(visitor, [now, 0])
            if now - day[0] >= DAY:
                day[:] = [now, 0]
            if day[1] >= self.per_day:
                raise self._exhausted(f"{self.per_day} calls a day")
            if not self._rate.take(visitor, now):
                raise self._exhausted(f"{self.per_minute:g} calls a minute")
            day[1] += 1

    def left_today(self, visitor: str) -> int:
        day = self._days.get(visitor)
        return self.per_day - (day[1] if day else 0)

    @staticmethod
    def _exhausted(limit: str) -> QuotaError:
        return QuotaError(f"You've used this demo's free calls on its own token for now ({limit}).")
