"""Bad files in the image and audio boxes of every tab that takes them: each is refused with one
sentence in the status line (not Gradio's generic error), no request reaches the inference
server, and the next good call works."""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import Client

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from tests.e2e.app_server import Running

from .helpers import assert_refused, requests_seen, run_tab

IMAGE_TABS = [s for s in TASKS.values() if any(f.kind == "image" for f in s.inputs)]
AUDIO_TABS = [s for s in TASKS.values() if any(f.kind == "audio" for f in s.inputs)]

BAD_IMAGES = {
    "corrupt.png": ("image could not be read", "PNG, JPEG", "upload another image"),
    "empty.png": ("image file is empty", "upload another image"),
    "bomb.png": ("too many pixels", "megapixel", "smaller image"),
    "big.png": ("12000×12000", "megapixel", "smaller image"),
    "notes.txt": ("image could not be read", "upload another image"),
    "chime.wav": ("image could not be read", "upload another image"),
}
BAD_AUDIO = {
    "corrupt.wav": ("audio could not be read", "WAV, FLAC", "another clip"),
    "empty.wav": ("audio file is empty", "another clip"),
    "noise.mp3": ("audio could not be read", "another clip"),
    "notes.txt": ("audio could not be read", "another clip"),
    "photo.png": ("audio could not be read", "another clip"),
    "silence.wav": ("no sound", "another clip"),
}


def _field(spec: TaskSpec, kind: str) -> str:
    return next(f.name for f in spec.inputs if f.kind == kind)


def test_the_tabs_under_test() -> None:
    assert {s.id for s in IMAGE_TABS} == {
        "image-classification",
        "object-detection",
        "image-segmentation",
        "image-to-image",
        "image-to-text",
        "zero-shot-image-classification",
        "visual-question-answering",
        "document-question-answering",
    }
    assert {s.id for s in AUDIO_TABS} == {"automatic-speech-recognition", "audio-classification"}


@pytest.mark.parametrize("name", list(BAD_IMAGES))
@pytest.mark.parametrize("spec", IMAGE_TABS, ids=lambda spec: spec.id)
def test_a_bad_image_is_one_sentence(
    api: Client, guarded: Running, bad_files: dict[str, Path], spec: TaskSpec, name: str
) -> None:
    before = requests_seen(guarded.fake_url)
    status = run_tab(api, spec, {_field(spec, "image"): bad_files[name]})
    assert_refused(status, *BAD_IMAGES[name])
    assert requests_seen(guarded.fake_url) == before, "a bad image reached the server"


@pytest.mark.parametrize("name", list(BAD_AUDIO))
@pytest.mark.parametrize("spec", AUDIO_TABS, ids=lambda spec: spec.id)
def test_bad_audio_is_one_sentence(
    api: Client, guarded: Running, bad_files: dict[str, Path], spec: TaskSpec, name: str
) -> None:
    before = requests_seen(guarded.fake_url)
    status = run_tab(api, spec, {_field(spec, "audio"): bad_files[name]})
    assert_refused(status, *BAD_AUDIO[name])
    assert requests_seen(guarded.fake_url) == before, "bad audio reached the server"


@pytest.mark.parametrize("spec", [*IMAGE_TABS, *AUDIO_TABS], ids=lambda spec: spec.id)
def test_after_a_bad_file_the_example_runs(
    api: Client, bad_files: dict[str, Path], spec: TaskSpec
) -> None:
    media = next(f for f in spec.inputs if f.kind in ("image", "audio"))
    assert_refused(run_tab(api, spec, {media.name: bad_files["corrupt.png"]}))
    status = run_tab(api, spec)
    assert "status-error" not in status and "✓" in status, status
