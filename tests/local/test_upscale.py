"""Anime4K super-resolution as image-to-image: better than bicubic, sized as asked."""

from __future__ import annotations

import base64
import io

import httpx
import numpy as np
from PIL import Image

from tests.local.helpers import asset, need


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _psnr(a: Image.Image, b: Image.Image) -> float:
    error = np.mean((np.asarray(a, dtype=float) - np.asarray(b, dtype=float)) ** 2)
    return float(10 * np.log10(255**2 / error))


def test_super_resolution_beats_bicubic_on_the_portrait(client: httpx.Client) -> None:
    need("local/anime4k-upscale")
    original = Image.open(asset("portrait.jpg")).convert("RGB")
    small = original.resize((128, 128), Image.Resampling.BICUBIC)
    body = {"inputs": base64.b64encode(_png(small)).decode()}
    body["parameters"] = {"target_size": {"width": 512, "height": 512}}
    response = client.post("/models/local/anime4k-upscale", json=body)
    assert response.headers["content-type"] == "image/png"
    enlarged = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert enlarged.size == (512, 512)
    bicubic = small.resize((512, 512), Image.Resampling.BICUBIC)
    assert _psnr(enlarged, original) > _psnr(bicubic, original)


def test_super_resolution_doubles_by_default_and_refuses_shrinking(client: httpx.Client) -> None:
    need("local/anime4k-upscale")
    small = Image.open(asset("cat.jpg")).resize((100, 60))
    response = client.post(
        "/models/local/anime4k-upscale", content=_png(small), headers={"accept": "image/jpeg"}
    )
    assert response.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).size == (200, 120)
    shrink = {"inputs": base64.b64encode(_png(small)).decode(), "parameters": {"width": 50}}
    assert client.post("/models/local/anime4k-upscale", json=shrink).status_code == 422
