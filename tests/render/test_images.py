import io

import numpy as np
import pytest
from PIL import Image

from playground.render.glyphs import draw_text, text_mask, text_size
from playground.render.images import (
    ImageDecodeError,
    add_legend,
    chip_size,
    draw_label_chip,
    to_rgb_image,
)

from .helpers import colors_in


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_image_bytes_decode_to_rgb(photo: Image.Image, fmt: str) -> None:
    decoded = to_rgb_image(encode(photo, fmt))
    assert decoded.mode == "RGB"
    assert decoded.size == photo.size


def test_transparent_pixels_are_flattened_onto_white() -> None:
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    assert to_rgb_image(encode(rgba, "PNG")).getpixel((0, 0)) == (255, 255, 255)


def test_exif_rotation_is_applied_like_servers_do() -> None:
    wide = Image.new("RGB", (40, 20), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    assert to_rgb_image(encode(wide, "JPEG", exif=exif)).size == (20, 40)


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        (np.full((3, 5), 200, np.uint8), (200, 200, 200)),
        (np.full((3, 5, 3), 0.5, np.float32), (127, 127, 127)),
        (np.zeros((3, 5, 4), np.uint8), (255, 255, 255)),
    ],
)
def test_arrays_become_rgb_images(array: np.ndarray, expected: tuple[int, int, int]) -> None:
    image = to_rgb_image(array)
    assert image.size == (5, 3)
    assert image.getpixel((0, 0)) == expected


def test_paths_are_read(tmp_path, photo: Image.Image) -> None:
    path = tmp_path / "photo.png"
    photo.save(path)
    assert to_rgb_image(path).size == photo.size
    assert to_rgb_image(str(path)).size == photo.size


@pytest.mark.parametrize("junk", [b"", b"not an image", b'{"error": "Model is loading"}'])
def test_undecodable_bytes_raise_a_clear_error(junk: bytes) -> None:
    with pytest.raises(ImageDecodeError, match="Could not read the image"):
        to_rgb_image(junk)


def test_wrong_array_shape_raises() -> None:
    with pytest.raises(ImageDecodeError, match="shape"):
        to_rgb_image(np.zeros((2, 2, 2), np.uint8))


def test_text_is_drawn_from_cached_glyphs() -> None:
    mask = text_mask("cat 0.97", 16)
    assert mask.shape == (text_size("cat 0.97", 16)[1], text_size("cat 0.97", 16)[0])
    assert mask.max() == 255
    assert text_size("", 16)[0] == 0


def test_draw_text_marks_pixels_in_the_given_colour() -> None:
    canvas = Image.new("RGB", (80, 30), (255, 255, 255))
    draw_text(canvas, (2, 2), "Hi", 20, (255, 0, 0))
    assert (255, 0, 0) in colors_in(canvas)


def test_label_chip_is_filled_with_its_colour_and_sized_as_promised() -> None:
    canvas = Image.new("RGB", (100, 40), (0, 0, 0))
    width, height = draw_label_chip(canvas, (5, 5), "dog", (0, 0, 255), 14)
    assert (width, height) == chip_size("dog", 14)
    assert canvas.getpixel((5, 5)) == (0, 0, 255)
    assert canvas.getpixel((5 + width - 1, 5 + height - 1)) == (0, 0, 255)
    assert canvas.getpixel((5 + width + 1, 5)) == (0, 0, 0)


def test_legend_adds_a_strip_with_one_swatch_per_label(photo: Image.Image) -> None:
    colors = {f"label {i}": c for i, c in enumerate(["#e6194b", "#3cb44b", "#4363d8"] * 3)}
    with_legend = add_legend(photo, colors)
    assert with_legend.width == photo.width
    assert with_legend.height > photo.height
    assert with_legend.crop((0, 0, *photo.size)).tobytes() == photo.tobytes()
    strip = colors_in(with_legend.crop((0, photo.height, photo.width, with_legend.height)))
    assert {(230, 25, 75), (60, 180, 75), (67, 99, 216)} <= strip


def test_legend_wraps_long_label_lists_onto_more_rows(photo: Image.Image) -> None:
    one = add_legend(photo, {"a": "#e6194b"})
    many = add_legend(photo, {f"a long label {i}": "#e6194b" for i in range(8)})
    assert many.height > one.height


def test_empty_legend_returns_the_image_unchanged(photo: Image.Image) -> None:
    assert add_legend(photo, {}) is photo
