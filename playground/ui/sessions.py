"""A bounded, lean store for Gradio's per-session state.

Gradio 6.31 keeps one `SessionState` per browser session (`session_hash`), up to
`launch(state_session_capacity=...)` sessions (default 10,000), and every `SessionState` builds
a config dict for every block of the app when it is created (`config_values`, ~1.7 MB for this
app's ~1,000 blocks, and ~0.1 s of CPU) plus a copy of the app's `BlocksConfig`.

`LeanSessionState` keeps what differs from the app instead:
- the app's `BlocksConfig` is shared until the session replaces a block (a `gr.update(...)`
  output); then the session gets its own, whose blocks and functions are a `ChainMap` layer over
  the app's. Apps with `gr.render` get a full copy up front, as in Gradio, because rendering
  writes into the session's config from code Gradio owns;
- for each block the session changed, it keeps the block (if replaced) and the value; the
  configs are built from them only when Gradio asks for them (`components`, which only the
  deep-link route reads). Gradio builds them at once, from the same block objects; its
  components' pre/postprocess don't change their own attributes (checked in 6.31), so the
  configs come out the same.

`LeanStateHolder` creates those sessions, under its lock, and evicts the least recently used
ones beyond its capacity. `session_store_options()` gives the `launch()` arguments that install
it (through a FastAPI lifespan, so every launch that uses them, tests too, gets the same store).

These classes lean on Gradio internals (`gradio/state_holder.py`, `gradio/routes.py`):
`tests/ui/test_sessions.py` pins them and fails loudly when they change.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections import ChainMap
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import gradio
from gradio.blocks import BlocksConfig
from gradio.components import State
from gradio.state_holder import SessionState, StateHolder

if TYPE_CHECKING:
    from gradio.blocks import Blocks
    from gradio.routes import App

__all__ = [
    "DEFAULT_MAX_SESSIONS",
    "TESTED_GRADIO",
    "LeanSessionState",
    "LeanStateHolder",
    "install_session_store",
    "lean_sessions_enabled",
    "session_capacity",
    "session_store_options",
]

log = logging.getLogger(__name__)

TESTED_GRADIO = "6.31.0"
DEFAULT_MAX_SESSIONS = 1000
_CLOSED_TTL_S = 1 if os.getenv("GRADIO_IS_E2E_TEST") else 3600  # as Gradio's SessionState


_UNSET: Any = object()


@dataclass(slots=True)
class _Change:
    """A block the session changed: the block its config comes from (None: the app's own) and
    the value the session put in that config. The config itself is built when asked for."""

    block: Any = None
    value: Any = _UNSET

    def config(self, key: int, apps_block: Any) -> dict[str, Any]:
        config = BlocksConfig.config_for_block(key, [], self.block or apps_block)
        if self.value is not _UNSET and "props" in config:
            config["props"]["value"] = self.value
        return config


class LeanSessionState(SessionState):
    """A `SessionState` that stores only what the session changed (see the module docstring).

    Deliberately does not call `SessionState.__init__`, which builds every block's config."""

    def __init__(self, blocks: Blocks):
        self._shared: BlocksConfig = blocks.default_config
        self._own: BlocksConfig | None = copy(self._shared) if self._shared.renderables else None
        self._changes: dict[int, _Change] = {}
        self.state_data: dict[int, Any] = {}
        self._state_ttl: dict[int, tuple[float, datetime.datetime]] = {}
        self.is_closed = False
        self.STATE_TTL_WHEN_CLOSED = _CLOSED_TTL_S

    @property
    def blocks_config(self) -> BlocksConfig:
        return self._own if self._own is not None else self._shared

    @blocks_config.setter
    def blocks_config(self, value: BlocksConfig) -> None:  # Gradio's reloader assigns a copy
        self._own = value

    def _writable(self) -> BlocksConfig:
        """The session's own BlocksConfig: the app's blocks and functions under a layer of
        the session's own (only `gr.render` would change functions, and it has a full copy)."""
        if self._own is None:
            own = BlocksConfig(self._shared.root_block)
            # Gradio annotates these as dict; it only uses the mapping methods a ChainMap has.
            own.blocks = ChainMap({}, self._shared.blocks)  # type: ignore[assignment]
            own.fns = ChainMap({}, self._shared.fns)  # type: ignore[assignment]
            own.fn_id = self._shared.fn_id
            self._own = own
        return self._own

    def __setitem__(self, key: int, value: Any) -> None:
        block = self.blocks_config.blocks.get(key)
        if isinstance(block, State):
            self._state_ttl[key] = (block.time_to_live, datetime.datetime.now())
            self.state_data[key] = value
            # Gradio rebuilds the unchanged State block's config here: the app's own
            self._changes.pop(key, None)
            return
        self._writable().blocks[key] = value
        if block:  # as Gradio: the config of the block that was there before
            self._changes[key] = _Change(block)

    def _update_config(self, key: int) -> None:
        block = self[key]
        if block is not None:
            self._changes[key] = _Change(block)

    def _update_value_in_config(self, key: int, value: Any) -> None:
        change = self._changes.get(key)
        if change is None:
            block = self.blocks_config.blocks[key]
            apps = self._shared.blocks.get(key) is block
            change = self._changes[key] = _Change(None if apps else block)
        change.value = value

    # Read-only on purpose: only SessionState.__init__ (which this class skips) assigns it.
    @property
    def config_values(self) -> dict[int, dict[str, Any]]:  # type: ignore[override]
        """Gradio's per-block configs of this session, built on demand (a read-only view)."""
        shared, changes = self._shared.blocks, self._changes
        keys = [*shared, *(key for key in changes if key not in shared)]
        return {
            key: changes[key].config(key, shared.get(key))
            if key in changes
            else BlocksConfig.config_for_block(key, [], shared[key])
            for key in keys
        }

    @property
    def components(self) -> Iterator[dict[str, Any]]:
        for config in self.config_values.values():
            if config:
                yield config


class LeanStateHolder(StateHolder):
    """Gradio's `StateHolder` with `LeanSessionState` sessions, created under the lock, and
    least-recently-used eviction that holds the capacity even if it was lowered."""

    def __getitem__(self, session_id: str) -> SessionState:
        with self.lock:
            session = self.session_data.get(session_id)
            if session is None:
                session = self.session_data[session_id] = LeanSessionState(self.blocks)
        self.update(session_id)
        self.time_last_used[session_id] = datetime.datetime.now()
        return session

    def update(self, session_id: str) -> None:
        with self.lock:
            if session_id in self.session_data:
                self.session_data.move_to_end(session_id)
            self.trim()

    def trim(self) -> None:
        """Evict the least recently used sessions beyond the capacity (call under the lock)."""
        while len(self.session_data) > max(1, self.capacity):
            evicted, _ = self.session_data.popitem(last=False)
            self.time_last_used.pop(evicted, None)


def install_session_store(app: App) -> LeanStateHolder:
    """Replace a configured Gradio app's session store with a `LeanStateHolder` (whose
    capacity is the Blocks' `state_session_capacity`). Sessions already stored are kept."""
    # Gradio's StateHolder.__init__ has no annotations.
    holder = LeanStateHolder()  # type: ignore[no-untyped-call]
    holder.set_blocks(app.get_blocks())
    with holder.lock:
        holder.session_data.update(app.state_holder.session_data)
        holder.trim()
    app.state_holder = holder
    if gradio.__version__ != TESTED_GRADIO:
        log.warning(
            "Session store written for Gradio %s, running on %s: check playground/ui/sessions.py",
            TESTED_GRADIO,
            gradio.__version__,
        )
    return holder


@asynccontextmanager
async def _install_on_startup(app: App) -> AsyncIterator[None]:
    install_session_store(app)
    yield


def session_capacity(environ: Mapping[str, str] | None = None) -> int:
    """Sessions kept in memory: `PLAYGROUND_MAX_SESSIONS`, default 1,000, at least 1."""
    raw = (os.environ if environ is None else environ).get("PLAYGROUND_MAX_SESSIONS", "")
    try:
        return max(1, int(raw)) if raw.strip() else DEFAULT_MAX_SESSIONS
    except ValueError:
        log.warning("PLAYGROUND_MAX_SESSIONS=%r: not a number", raw)
        return DEFAULT_MAX_SESSIONS


def lean_sessions_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """`PLAYGROUND_LEAN_SESSIONS=0` falls back to Gradio's own store (for comparison, or if a
    Gradio upgrade breaks this one); the capacity still applies."""
    value = (os.environ if environ is None else environ).get("PLAYGROUND_LEAN_SESSIONS", "1")
    return value.strip().lower() not in ("0", "false", "no", "off")


def session_store_options(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`launch()` arguments: the session capacity, and the lean store installed at startup."""
    options: dict[str, Any] = {"state_session_capacity": session_capacity(environ)}
    if lean_sessions_enabled(environ):
        options["app_kwargs"] = {"lifespan": _install_on_startup}
    return options
