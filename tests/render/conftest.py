"""Fixtures for the renderer tests. Telemetry is switched off before any test imports gradio."""

import os
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

import numpy as np
import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def gradio_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Components read GRADIO_TEMP_DIR when built: keep their cache files in the test's dir."""
    cache = tmp_path / "gradio"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    return cache


@pytest.fixture
def photo() -> Image.Image:
    """A 120×80 mid-grey RGB image with a little texture."""
    pixels = np.full((80, 120, 3), 128, dtype=np.uint8)
    pixels[::7, :, 1] = 140
    return Image.fromarray(pixels)
