"""The bounded, lean session store: the same answers as Gradio's own sessions, a small fraction
of their memory, eviction beyond the capacity, and the app over HTTP (gr.State round trip after
other sessions were evicted, deep links of a changed component)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import inspect
import json
import socket
import sys
import tracemalloc
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest
from gradio import route_utils, routes, state_holder
from gradio.state_holder import SessionState

from playground.assets import asset
from playground.ui.app import create_app
from playground.ui.launch import launch_options
from playground.ui.sessions import (
    DEFAULT_MAX_SESSIONS,
    TESTED_GRADIO,
    LeanSessionState,
    LeanStateHolder,
    session_capacity,
    session_store_options,
)
from playground.ui.settings import Settings

pytestmark = pytest.mark.filterwarnings(
    "ignore:unclosed:ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)

# What sessions.py relies on, fingerprinted. When a Gradio upgrade changes one of these, read
# it against playground/ui/sessions.py (and the uses in gradio/routes.py, queueing.py,
# route_utils.py, blocks.py process_api), then update the fingerprint.
_RELIED_ON: dict[str, Callable[[], str]] = {
    "gradio/state_holder.py": lambda: inspect.getsource(state_holder),
    "App.__init__ / configure_app": lambda: (
        inspect.getsource(routes.App.__init__) + inspect.getsource(routes.App.configure_app)
    ),
    "create_lifespan_handler": lambda: inspect.getsource(route_utils.create_lifespan_handler),
    "BlocksConfig.config_for_block / __copy__": lambda: (
        inspect.getsource(gr.blocks.BlocksConfig.config_for_block)
        + inspect.getsource(gr.blocks.BlocksConfig.__copy__)
    ),
}
_FINGERPRINT = "d90fbcc82f8954d0"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name, source in _RELIED_ON.items():
        digest.update(name.encode() + source().encode())
    return digest.hexdigest()[:16]


def test_gradio_internals_the_store_relies_on_are_unchanged() -> None:
    assert gr.__version__ == TESTED_GRADIO, (
        f"Gradio {gr.__version__}: playground/ui/sessions.py was written against "
        f"{TESTED_GRADIO}; re-check it, then update TESTED_GRADIO"
    )
    assert _fingerprint() == _FINGERPRINT, (
        "Gradio internals used by playground/ui/sessions.py changed: "
        f"re-check {', '.join(_RELIED_ON)}, then update _FINGERPRINT to {_fingerprint()}"
    )
    launch = inspect.signature(gr.Blocks.launch).parameters
    assert "state_session_capacity" in launch
    assert "app_kwargs" in launch


# The real app, no server -------------------------------------------------------------------


@pytest.fixture(scope="module")
def app() -> Iterator[gr.Blocks]:
    yield create_app(Settings(port=0, local_server=False, local_url="http://127.0.0.1:9"))
    # Building Blocks outside a running loop makes gradio create event loops it never closes
    # (gradio.utils.safe_get_lock); the last one is this thread's current one: close it here.
    with contextlib.suppress(RuntimeError):  # none left if asyncio.run ran since
        asyncio.get_event_loop_policy().get_event_loop().close()
    asyncio.set_event_loop(None)
    gc.collect()


def _by_elem_id(app: gr.Blocks, elem_id: str) -> int:
    return next(k for k, b in app.blocks.items() if getattr(b, "elem_id", None) == elem_id)


def _state_id(app: gr.Blocks) -> int:
    return next(k for k, b in app.blocks.items() if isinstance(b, gr.State))


def _changes(app: gr.Blocks) -> list[Callable[[SessionState], None]]:
    """What process_api does to a session: inputs' and outputs' values, a gr.State, an update
    that replaces a component (then a value on the replaced one)."""
    model = _by_elem_id(app, "text_classification-model")
    status = _by_elem_id(app, "text_classification-status")
    state = _state_id(app)

    def replace(session: SessionState) -> None:
        block = app.blocks[model]
        session[model] = block.__class__(**{**block.constructor_args, "render": False})
        session._update_config(model)

    return [
        lambda s: s._update_value_in_config(status, "**Done**"),
        lambda s: s.__setitem__(state, ("result", "call")),
        replace,
        lambda s: s._update_value_in_config(model, "my/model"),
    ]


def test_a_lean_session_answers_as_gradios_own(app: gr.Blocks) -> None:
    gradios, lean = SessionState(app), LeanSessionState(app)
    assert list(lean.components) == list(gradios.components)
    for change in _changes(app):
        change(gradios)
        change(lean)
        assert list(lean.components) == list(gradios.components)
    state = _state_id(app)
    assert lean[state] == gradios[state] == ("result", "call")
    assert lean.config_values == gradios.config_values
    assert [c[1] for c in lean.state_components] == [c[1] for c in gradios.state_components]


def _allocated(make: Callable[[], Any], count: int = 20) -> float:
    """Bytes allocated per object and kept while the objects live."""
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        kept = [make() for _ in range(count)]
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    assert len(kept) == count
    return sum(stat.size_diff for stat in after.compare_to(before, "filename")) / count


def test_a_session_costs_a_tiny_fraction_of_gradios_own(app: gr.Blocks) -> None:
    gradios = _allocated(lambda: SessionState(app), count=3)
    lean = _allocated(lambda: LeanSessionState(app))
    assert gradios > 500_000  # the whole app's config per session (~1.7 MB here)
    assert lean < 2_000, lean

    def used() -> LeanSessionState:
        session = LeanSessionState(app)
        for change in _changes(app)[:2]:  # a call: values and a gr.State, no replaced block
            change(session)
        return session

    assert _allocated(used) < 4_000


def test_a_session_copies_the_apps_blocks_only_when_it_replaces_one(app: gr.Blocks) -> None:
    first, second = LeanSessionState(app), LeanSessionState(app)
    model = _by_elem_id(app, "text_classification-model")
    original = app.blocks[model]
    _changes(app)[2](first)
    assert first.blocks_config is not app.default_config
    assert first.blocks_config.blocks[model] is not original
    assert second.blocks_config is app.default_config
    assert app.blocks[model] is original


def test_an_app_with_gr_render_gets_its_own_copy_up_front() -> None:
    with gr.Blocks() as demo:
        count = gr.Number(1)

        @gr.render(inputs=count)
        def _boxes(n: float) -> None:
            for _ in range(int(n)):
                gr.Textbox()

    assert LeanSessionState(demo).blocks_config is not demo.default_config


# The holder ----------------------------------------------------------------------------------


def _holder(app: gr.Blocks, capacity: int) -> LeanStateHolder:
    holder = LeanStateHolder()
    holder.set_blocks(app)
    holder.capacity = capacity
    return holder


def test_sessions_beyond_the_capacity_are_evicted_least_recently_used_first(
    app: gr.Blocks,
) -> None:
    holder = _holder(app, 3)
    for name in ("a", "b", "c"):
        assert isinstance(holder[name], LeanSessionState)
    holder["a"]  # used again: "b" is now the oldest
    holder["d"]
    holder["e"]
    assert list(holder.session_data) == ["a", "d", "e"]
    assert set(holder.time_last_used) == {"a", "d", "e"}


def test_a_kept_session_keeps_its_state_and_an_evicted_one_starts_afresh(app: gr.Blocks) -> None:
    holder, state = _holder(app, 2), _state_id(app)
    holder["a"][state] = "mine"
    holder["b"]
    holder["a"]
    holder["c"]  # evicts "b"
    assert holder["a"][state] == "mine"
    assert "b" not in holder


def test_the_capacity_comes_from_the_environment() -> None:
    assert session_capacity({}) == DEFAULT_MAX_SESSIONS
    assert session_capacity({"PLAYGROUND_MAX_SESSIONS": "50"}) == 50
    assert session_capacity({"PLAYGROUND_MAX_SESSIONS": "0"}) == 1
    assert session_capacity({"PLAYGROUND_MAX_SESSIONS": "many"}) == DEFAULT_MAX_SESSIONS
    assert session_store_options({"PLAYGROUND_MAX_SESSIONS": "7"})["state_session_capacity"] == 7
    assert "app_kwargs" in session_store_options({})
    assert "app_kwargs" not in session_store_options({"PLAYGROUND_LEAN_SESSIONS": "0"})


# The app over HTTP, as a browser drives it ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _launch(settings: Settings, capacity: int) -> gr.Blocks:
    """Launched inside a running loop, so Gradio makes no event loops of its own."""
    app = create_app(settings)
    app.queue(default_concurrency_limit=settings.concurrency)
    options = {**launch_options(settings), "state_session_capacity": capacity}
    app.launch(**options, prevent_thread_lock=True, quiet=True)
    return app


@pytest.fixture(scope="module")
def served(fake_server: str) -> Iterator[tuple[gr.Blocks, Browser]]:
    """The whole app, Hugging Face target on the fake server, 3 sessions kept."""
    settings = Settings(
        port=_free_port(), target="hf", hf_endpoint=fake_server, local_server=False, concurrency=4
    )
    app = asyncio.run(_launch(settings, capacity=3))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{settings.port}", timeout=30) as http:
            yield app, Browser(http)
    finally:
        app.close()


class Browser:
    """What the page does: read /config, upload, join the queue and read its SSE stream, or
    post a queue-less event; one session_hash per visitor."""

    def __init__(self, http: httpx.Client):
        self.http = http
        self.config = http.get("/config").raise_for_status().json()

    def component(self, elem_id: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
        components = (config or self.config)["components"]
        return next(c for c in components if c["props"].get("elem_id") == elem_id)

    def event(self, trigger: str, event: str) -> dict[str, Any]:
        block = self.component(trigger)["id"]
        return next(d for d in self.config["dependencies"] if [block, event] in d["targets"])

    def inputs(self, dependency: dict[str, Any], **values: Any) -> list[Any]:
        by_id = {c["id"]: c for c in self.config["components"]}
        data = []
        for block in dependency["inputs"]:
            props = by_id[block]["props"]
            data.append(values.get(props.get("elem_id", ""), props.get("value")))
        return data

    def upload(self, path: Path) -> dict[str, Any]:
        with path.open("rb") as file:
            response = self.http.post("/gradio_api/upload", files={"files": file})
        uploaded = response.raise_for_status().json()[0]
        return {"path": uploaded, "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}

    def queued(self, session: str, dependency: dict[str, Any], data: list[Any]) -> list[Any]:
        body = {"data": data, "fn_index": dependency["id"], "session_hash": session}
        self.http.post("/gradio_api/queue/join", json=body).raise_for_status()
        params = {"session_hash": session}
        with self.http.stream("GET", "/gradio_api/queue/data", params=params) as stream:
            for line in stream.iter_lines():
                message = json.loads(line[5:]) if line.startswith("data:") else {}
                if message.get("msg") == "process_completed":
                    assert message["success"], message
                    return list(message["output"]["data"])
        raise AssertionError("the queue closed without completing the event")

    def direct(self, session: str, dependency: dict[str, Any], data: list[Any]) -> list[Any]:
        body = {"data": data, "fn_index": dependency["id"], "session_hash": session}
        response = self.http.post("/gradio_api/run/predict", json=body)
        return list(response.raise_for_status().json()["data"])


def _detect(browser: Browser, session: str) -> list[Any]:
    run = browser.event("object_detection-run", "click")
    image = browser.upload(asset("portrait.jpg"))
    values = {"object_detection-model": "fake/object-detection", "object_detection-image": image}
    return browser.queued(session, run, browser.inputs(run, **values))


def _redraw(browser: Browser, session: str) -> Any:
    """Move the threshold: redraws from the session's gr.State, without calling the model."""
    redraw = browser.event("object_detection-control-threshold", "input")
    return browser.direct(session, redraw, browser.inputs(redraw))[0]


def test_the_launched_app_uses_the_bounded_lean_store(served: tuple[gr.Blocks, Browser]) -> None:
    app, _ = served
    holder = app.server_app.state_holder
    assert isinstance(holder, LeanStateHolder)
    assert app.state_holder is holder
    assert holder.capacity == 3


def test_state_survives_the_eviction_of_other_sessions(served: tuple[gr.Blocks, Browser]) -> None:
    app, browser = served
    for session in ("old-1", "old-2", "mine"):
        assert _detect(browser, session)[0], session
    for session in ("new-1", "new-2"):  # evict "old-1" and "old-2"; "mine" stays
        _detect(browser, session)
    holder = app.server_app.state_holder
    assert list(holder.session_data) == ["mine", "new-1", "new-2"]
    assert isinstance(_redraw(browser, "mine"), dict)  # an image, drawn from its gr.State
    assert _redraw(browser, "old-1") == {"__type__": "update"}  # evicted: nothing to redraw
    session = holder.session_data["mine"]
    assert isinstance(session, LeanSessionState)
    # the run's component updates live in the session's own layer over the app's blocks
    own, apps = session.blocks_config.blocks.maps  # type: ignore[attr-defined]
    assert apps is app.blocks
    assert 0 < len(own) < 30
    assert _size_of_own(session, app) < 64_000  # Gradio's own: ~1.7 MB (see above)


_NOT_DATA = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)


def _reachable(root: Any, stop: set[int]) -> dict[int, Any]:
    seen: dict[int, Any] = {}
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or id(obj) in stop or isinstance(obj, _NOT_DATA):
            continue
        seen[id(obj)] = obj
        todo.extend(gc.get_referents(obj))
    return seen


def _size_of_own(session: SessionState, app: gr.Blocks) -> int:
    """Bytes of the objects only the session holds (not reachable from the app without it)."""
    sessions = app.server_app.state_holder.session_data
    shared = _reachable(app, stop={id(sessions)})
    return sum(sys.getsizeof(obj) for obj in _reachable(session, stop=set(shared)).values())


def test_a_deep_link_carries_the_sessions_changed_values(
    served: tuple[gr.Blocks, Browser],
) -> None:
    _, browser = served
    _detect(browser, "linked")
    link = browser.http.get("/gradio_api/deep_link", params={"session_hash": "linked"})
    config = browser.http.get("/config", params={"deep_link": link.json()}).json()
    assert config["deep_link_state"] == "valid"
    model = browser.component("object_detection-model", config)
    assert model["props"]["value"] == "fake/object-detection"
    status = browser.component("object_detection-status", config)
    assert "Object detection" in status["props"]["value"]
    assert browser.component("object_detection-model")["props"]["value"] != model["props"]["value"]
