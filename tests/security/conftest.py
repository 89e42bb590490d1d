"""The app launched over loopback with its Hugging Face target on the fake server (no local
server: bad input must be refused before any server is involved), a gradio_client on it, and
bad files made on the spot."""

from __future__ import annotations

import asyncio
import io
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client

from playground.ui.settings import Settings
from tests.e2e.app_server import Running, free_port, launch_app
from tests.security.helpers import png_header_only


@pytest.fixture(scope="session")
def guarded(fake_server: str) -> Iterator[Running]:
    settings = Settings(
        port=free_port(), target="hf", hf_endpoint=fake_server, concurrency=8, local_server=False
    )
    app = asyncio.run(launch_app(settings))
    try:
        yield Running(f"http://127.0.0.1:{settings.port}/", None, fake_server)
    finally:
        app.close()


@pytest.fixture(scope="module")
def api(guarded: Running, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    downloads = tmp_path_factory.mktemp("downloads")
    client = Client(guarded.url, verbose=False, analytics_enabled=False, download_files=downloads)
    yield client
    client.close()


def _wav_without_samples() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files a visitor might drop into a media box, by name."""
    folder = tmp_path_factory.mktemp("bad-files")
    contents = {
        "corrupt.png": bytes(range(256)) * 8,
        "empty.png": b"",
        "bomb.png": png_header_only(50_000, 50_000),
        "big.png": png_header_only(12_000, 12_000),
        "notes.txt": b"Just some notes, not an image.\n" * 10,
        "chime.wav": (Path(__file__).resolve().parents[2] / "assets" / "chime.wav").read_bytes(),
        "corrupt.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(200)),
        "empty.wav": b"",
        "silence.wav": _wav_without_samples(),
        "noise.mp3": bytes(range(256)) * 8,
        "photo.png": (Path(__file__).resolve().parents[2] / "assets" / "invoice.png").read_bytes(),
    }
    paths = {}
    for name, data in contents.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths
