"""Image and audio inputs of every kind become bytes with the right Content-Type."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from playground.client.errors import InputError
from playground.client.media import Media, resolve_media, sniff_content_type
from playground.client.plan import Fetch


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def run(value: object, limit: int = 10_000_000) -> Media:
    steps = resolve_media(value, limit)
    try:
        op = next(steps)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    assert isinstance(op, Fetch)
    try:
        steps.send(Media(png_bytes(), "image/png"))
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    raise AssertionError("resolve_media did not finish")


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (b"GIF89a....", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"OggS\x00\x02", "audio/ogg"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x00", "audio/mpeg"),
        (b"\x1a\x45\xdf\xa3....", "audio/webm"),
        (b"\x00\x00\x00\x20ftypM4A ", "audio/m4a"),
        (b"plain text", "application/octet-stream"),
    ],
)
def test_sniffing(head: bytes, content_type: str) -> None:
    assert sniff_content_type(head) == content_type


def test_every_input_kind(tmp_path: Path) -> None:
    data = png_bytes()
    path = tmp_path / "in.png"
    path.write_bytes(data)
    for value in (
        data,
        bytearray(data),
        str(path),
        path,
        io.BytesIO(data),
        Image.open(io.BytesIO(data)),
    ):
        media = run(value)
        assert media.content_type == "image/png"
        assert Image.open(io.BytesIO(media.data)).size == (4, 3)
    with path.open("rb") as handle:
        assert run(handle).data == data


def test_url_inputs_are_fetched_by_the_driver() -> None:
    assert run("https://example.org/cat.png").content_type == "image/png"


def test_data_url() -> None:
    import base64

    url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    assert run(url).content_type == "image/png"


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Can't read"):
        run(str(tmp_path / "missing.png"))
    with pytest.raises(InputError, match="empty"):
        run(b"")
    with pytest.raises(InputError, match="limit"):
        run(png_bytes(), limit=10)
    with pytest.raises(InputError, match="Unsupported input"):
        run(12345)
