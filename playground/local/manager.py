"""Lazy, once-only, thread-safe model loading and bounded off-loop execution."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import anyio

from .errors import LoadFailed, ModelLoading, ModelUnavailable, NotFound
from .spec import Model, ModelSpec

T = TypeVar("T")
log = logging.getLogger(__name__)

LOADED, LOADABLE, LOADING, UNAVAILABLE = "Loaded", "Loadable", "Loading", "Unavailable"


class _Slot:
    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.lock = threading.Lock()
        self.call_lock = threading.Lock()
        self.done = threading.Event()
        self.model: Model | None = None
        self.error: str | None = None
        self.started: float | None = None

    def start(self) -> None:
        with self.lock:
            if self.started is not None and (self.model is not None or self.error is None):
                return
            self.error, self.started = None, time.monotonic()
            self.done.clear()
        threading.Thread(target=self._load, name=f"load {self.spec.id}", daemon=True).start()

    def _load(self) -> None:
        model, error = None, None
        try:
            model = self.spec.load()
        except Exception as exc:
            log.exception("loading %s failed", self.spec.id)
            error = f"{type(exc).__name__}: {exc}"
        with self.lock:
            self.model, self.error = model, error
            self.done.set()

    def remaining(self) -> float:
        elapsed = time.monotonic() - (self.started or time.monotonic())
        return max(1.0, self.spec.load_seconds - elapsed)


DEFAULT_HOLD = 60.0


class ModelManager:
    """Loads each model once, on first use, in a background thread.

    `acquire` holds a request for a cold model while it loads, up to `hold` seconds, so that
    clients that don't retry (curl, the OpenAI SDK, huggingface_hub 2.x) get an answer; past
    that it answers `ModelLoading` (503 + estimated_time). A caller that asks not to wait
    (`wait=False`) gets that 503 at once; one that asks to wait (`wait=True`) is held until the
    load ends. Calls run in worker threads, at most `workers` at a time, one at a time per
    model.
    """

    def __init__(
        self, specs: Iterable[ModelSpec], workers: int = 2, hold: float = DEFAULT_HOLD
    ) -> None:
        self.slots = {spec.id: _Slot(spec) for spec in specs}
        self.limiter = anyio.CapacityLimiter(workers)
        self.hold = hold

    def spec(self, model_id: str) -> ModelSpec:
        slot = self.slots.get(model_id)
        if slot is None:
            raise NotFound(f"Model {model_id} does not exist on the local server")
        return slot.spec

    def state(self, model_id: str) -> str:
        slot = self.slots[model_id]
        if slot.model is not None:
            return LOADED
        if slot.spec.missing():
            return UNAVAILABLE
        if slot.started is not None and not slot.done.is_set():
            return LOADING
        return LOADABLE

    def status(self, model_id: str) -> dict[str, Any]:
        spec = self.spec(model_id)
        state = self.state(model_id)
        info: dict[str, Any] = {
            "loaded": state == LOADED,
            "state": state,
            "compute_type": "cpu",
            "framework": spec.package,
        }
        slot = self.slots[model_id]
        if slot.error:
            info["error"] = slot.error
        return info

    async def acquire(self, model_id: str, wait: bool | None = None) -> Model:
        """The loaded model, loading it if needed. `wait`: None holds up to `hold` seconds,
        True until loaded, False not at all (503 + estimated_time while it loads)."""
        slot = self._startable(model_id)
        bound = {None: self.hold, True: None, False: 0.0}[wait]
        deadline = None if bound is None else time.monotonic() + bound
        while not slot.done.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                raise ModelLoading(model_id, slot.remaining())
            await asyncio.sleep(0.02)
        return self._result(slot)

    async def run(self, model_id: str, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` in a worker thread, serialised per model and bounded overall."""
        lock = self.slots[model_id].call_lock

        def locked() -> T:
            with lock:
                return fn(*args)

        return await anyio.to_thread.run_sync(locked, limiter=self.limiter)

    def close(self) -> None:
        """Stop what loaded models keep running (child processes)."""
        for slot in self.slots.values():
            close = getattr(slot.model, "close", None)
            if callable(close):
                close()
            slot.model = None
            slot.started = None

    def _startable(self, model_id: str) -> _Slot:
        spec = self.spec(model_id)
        reason = spec.missing()
        if reason:
            raise ModelUnavailable(f"Model {model_id} is unavailable here: {reason}")
        slot = self.slots[model_id]
        if slot.model is None:
            slot.start()
        return slot

    def _result(self, slot: _Slot) -> Model:
        if slot.model is None:
            raise LoadFailed(
                f"Model {slot.spec.id} failed to load ({slot.error}). {slot.spec.install}"
            )
        return slot.model
