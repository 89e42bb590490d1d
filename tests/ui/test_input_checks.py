"""The checks on visitors' inputs, on real files and values: what passes, and the sentence for
what doesn't."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image

from playground.assets import asset
from playground.client import InputError
from playground.ui.input_checks import (
    MAX_JSON_DEPTH,
    check_audio,
    check_image,
    check_json_size,
    check_table,
    check_text,
    check_timeout,
    text_value,
)
from tests.security.helpers import png_header_only


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("name", ["portrait.jpg", "invoice.png"])
def test_real_images_pass(name: str) -> None:
    check_image(str(asset(name)))


@pytest.mark.parametrize("mode", ["RGBA", "L", "P"])
@pytest.mark.parametrize("form", ["PNG", "WEBP", "GIF", "BMP", "TIFF"])
def test_every_accepted_format_passes(tmp_path: Path, form: str, mode: str) -> None:
    buffer = io.BytesIO()
    Image.new(mode, (32, 16)).save(buffer, format=form)
    check_image(_file(tmp_path, f"x.{form.lower()}", buffer.getvalue()))


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (b"", "The image file is empty (0 bytes); upload another image."),
        (bytes(range(256)), "The image could not be read (it is not a PNG, JPEG, WebP, GIF or "
         "BMP file); upload another image."),
        (png_header_only(7_000, 7_000), "The image is 7000×7000 pixels, over the 40-megapixel "
         "limit; upload a smaller image."),
        (png_header_only(50_000, 50_000), "The image is far too many pixels to open safely, "
         "over the 40-megapixel limit; upload a smaller image."),
    ],
)  # fmt: skip
def test_bad_images_say_what_is_wrong(tmp_path: Path, data: bytes, sentence: str) -> None:
    with pytest.raises(InputError) as caught:
        check_image(_file(tmp_path, "x.png", data))
    assert str(caught.value) == sentence


def test_a_png_with_a_broken_checksum_is_unreadable(tmp_path: Path) -> None:
    data = bytearray(asset("invoice.png").read_bytes())
    data[40] ^= 0xFF  # inside the first chunk after IHDR
    with pytest.raises(InputError, match="could not be read"):
        check_image(_file(tmp_path, "x.png", bytes(data)))


def test_formats_pil_knows_but_servers_dont_take_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PPM")
    with pytest.raises(InputError, match="could not be read"):
        check_image(_file(tmp_path, "x.ppm", buffer.getvalue()))


@pytest.mark.parametrize("form", ["WAV", "FLAC", "OGG", "MP3"])
def test_real_audio_passes(tmp_path: Path, form: str) -> None:
    buffer = io.BytesIO()
    tone = np.sin(np.linspace(0, 440 * 2 * math.pi, 16_000)).astype("float32")
    sf.write(buffer, tone, 16_000, format=form)
    check_audio(_file(tmp_path, f"x.{form.lower()}", buffer.getvalue()))
    check_audio(str(asset("speech.wav")))


def test_m4a_is_left_to_the_server(tmp_path: Path) -> None:
    check_audio(_file(tmp_path, "x.m4a", b"\x00\x00\x00\x20ftypM4A " + bytes(64)))


def _silent_wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"", "The audio file is empty (0 bytes); upload or record another clip."),
        (b"hello" * 100, "The audio could not be read (it is not a WAV, FLAC, OGG or MP3 file)"),
        (_silent_wav(), "The audio clip has no sound in it (0 samples)"),
    ],
)
def test_bad_audio_says_what_is_wrong(tmp_path: Path, data: bytes, phrase: str) -> None:
    with pytest.raises(InputError) as caught:
        check_audio(_file(tmp_path, "x.wav", data))
    assert str(caught.value).startswith(phrase)


def test_a_good_table_comes_back_as_names_and_rows() -> None:
    table = {"headers": ["a", 2], "data": [["x", 1.5], [None, True]], "metadata": None}
    assert check_table(table, 100) == (["a", "2"], [["x", 1.5], [None, True]])
    assert check_table({"headers": ["a"], "data": [[]]}, 100) == (["a"], [])


def test_a_ragged_row_is_named() -> None:
    with pytest.raises(InputError) as caught:
        check_table({"headers": ["a", "b", "c"], "data": [["1", "2", "3"], ["4"]]}, 100)
    assert str(caught.value) == (
        "Row 2 of the table has 1 cell but the table has 3 columns; give every row one value "
        "per column."
    )


def test_text_over_the_limit_names_box_limit_and_length() -> None:
    check_text("Question", "x" * 10, 10)
    with pytest.raises(InputError) as caught:
        check_text("Question", "x" * 12_345, 1_000)
    assert str(caught.value) == (
        "Question is 12,345 characters long, over this task's 1,000-character limit; shorten it."
    )
    assert text_value("Prompt", None, 5) == ""
    with pytest.raises(InputError, match="Prompt must be text"):
        text_value("Prompt", ["not", "text"], 5)


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, 120.0), ("", 120.0), ("30", 30.0), (0.5, 0.5)]
)
def test_timeouts_that_pass(value: object, seconds: float) -> None:
    assert check_timeout(value, 120.0) == seconds


@pytest.mark.parametrize("value", ["soon", 0, -1, "nan", math.inf, "-inf", [], "1e999"])
def test_timeouts_that_dont(value: object) -> None:
    with pytest.raises(InputError, match=r"^The timeout must be a number of seconds.*e\.g\. 60\.$"):
        check_timeout(value, 120.0)


def test_json_depth_is_counted_outside_strings_only() -> None:
    deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(InputError, match=f"nested more than {MAX_JSON_DEPTH} levels"):
        check_json_size(deep, "Extra parameters", 10_000)
    check_json_size('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[[["}', "Extra parameters", 10_000)
    check_json_size("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, "Extra parameters", 10_000)
    with pytest.raises(InputError, match="11 characters long, over the 10-character limit"):
        check_json_size('{"a": "xx"}', "Extra parameters", 10)
