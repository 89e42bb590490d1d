"""Small media in permalinks: held by content hash, bounded and evicted least recently used
first, a forged key never reaching the filesystem, and the page opening a link restoring the
file or saying it is gone."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from starlette.requests import Request

from playground.client import InputError
from playground.ui.compare_slots import SLOT_NAMES
from playground.ui.media_store import MediaStore, is_key
from playground.ui.permalink import LinkState, make_query, read_query
from playground.ui.permalink_view import opened
from playground.ui.settings import Settings
from playground.ui.tab import AppContext
from playground.ui.target import ClientFactory

ASSETS = Path(__file__).resolve().parents[2] / "assets"
CAT = ASSETS / "cat.jpg"
CTX = AppContext(factory=ClientFactory(Settings(), None), target_inputs=[])
IMAGE, AUDIO, NOTE = 3 + SLOT_NAMES.index("image"), 3 + SLOT_NAMES.index("audio"), -1
SIDES = [("local", "local/mobilenet"), ("hf", "org/model")]


@pytest.fixture
def store(tmp_path: Path) -> MediaStore:
    return MediaStore(tmp_path / "held")


def request_for(query: str) -> gr.Request:
    scope = {"type": "http", "method": "GET", "path": "/", "query_string": query[1:].encode()}
    return gr.Request(request=Request(scope))


def image_link(store: MediaStore, source: Path = CAT) -> tuple[str, str]:
    key = store.put(source)
    assert key is not None
    state = LinkState("image-classification", 2, [], "", SIDES, media={"image": key})
    return make_query(state, public=False), key


def test_a_small_image_round_trips_by_its_hash(store: MediaStore) -> None:
    query, key = image_link(store)
    assert key == hashlib.sha256(CAT.read_bytes()).hexdigest()
    assert read_query(query[4:], public=False).media == {"image": key}
    assert store.put(CAT) == key and len(store) == 1  # the same content is held once
    out = opened(CTX, request_for(query), store)
    restored = Path(out[IMAGE]["value"])
    assert restored.read_bytes() == CAT.read_bytes() and restored.parent == store.directory
    assert out[NOTE] == "Opened from a link."


def test_media_no_longer_held_is_asked_for_again(store: MediaStore, tmp_path: Path) -> None:
    query, _ = image_link(store)
    fresh = MediaStore(tmp_path / "after-restart")
    out = opened(CTX, request_for(query), fresh)
    assert out[IMAGE]["value"] is None  # not the task's example image in its place
    assert "no longer held here; upload it again" in out[NOTE]


def test_the_least_recently_used_goes_first(tmp_path: Path) -> None:
    store = MediaStore(tmp_path, max_item_bytes=100, max_total_bytes=250, max_items=3)
    keys = [store.put_bytes(bytes([i]) * 100, ".png") for i in range(2)]
    assert store.get(keys[0]) is not None  # a use: keys[1] is now the oldest
    third = store.put_bytes(b"c" * 100, ".png")
    assert store.get(keys[1]) is None and store.get(keys[0]) and store.get(third)
    assert store.total_bytes == 200 and len(list(tmp_path.iterdir())) == 2
    for i in range(5):
        store.put_bytes(bytes([10 + i]), ".png")
    assert len(store) == 3 and len(list(tmp_path.iterdir())) == 3


def test_media_over_the_cap_is_not_carried(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "held", max_item_bytes=1024)
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 1025)
    assert store.put(big) is None and len(store) == 0
    state = LinkState("image-classification", 2, [], "", SIDES, left_out=["image"])
    out = opened(CTX, request_for(make_query(state, public=False)), store)
    assert out[IMAGE]["value"] is None
    assert "too large to travel in the link; upload it again" in out[NOTE]


@pytest.mark.parametrize(
    "forged", ["../../etc/passwd", "A" * 64, "0" * 63, "0" * 64 + "/x", "0" * 64 + "\n", 7, None]
)
def test_a_forged_key_never_reaches_the_filesystem(store: MediaStore, forged: Any) -> None:
    assert not is_key(forged) and store.get(forged) is None
    state = LinkState("image-classification", 2, [], "", SIDES, media={"image": forged})
    with pytest.raises(InputError, match="damaged"):
        read_query(make_query(state, public=False)[4:], public=False)
    out = opened(CTX, request_for(make_query(state, public=False)), store)
    assert "damaged" in out[NOTE]


def test_a_well_formed_unknown_key_is_no_longer_held(store: MediaStore) -> None:
    state = LinkState("image-classification", 2, [], "", SIDES, media={"image": "ab" * 32})
    out = opened(CTX, request_for(make_query(state, public=False)), store)
    assert out[IMAGE]["value"] is None and "no longer held" in out[NOTE]
    assert list(store.directory.iterdir()) == []


def test_media_for_a_slot_the_task_lacks_is_ignored(store: MediaStore) -> None:
    key = store.put(CAT)
    assert key is not None
    state = LinkState("text-classification", 2, ["hi"], "", SIDES, media={"image": key})
    out = opened(CTX, request_for(make_query(state, public=False)), store)
    assert out[IMAGE]["visible"] is False and out[IMAGE]["value"] is None
    assert out[NOTE] == "Opened from a link."


def test_public_mode_still_drops_private_urls_with_media(store: MediaStore) -> None:
    key = store.put(ASSETS / "chime.wav")
    assert key is not None
    sides = [("custom", "http://10.0.0.5:8080"), ("local", "")]
    state = LinkState("audio-classification", 2, [], "", sides, media={"audio": key})
    query = make_query(state, public=True)
    public = AppContext(factory=ClientFactory(Settings(public=True), None), target_inputs=[])
    out = opened(public, request_for(query), store)
    assert "10.0.0.5" not in str(out) and "token" not in query
    assert Path(out[AUDIO]["value"]).name == f"{key}.wav"
