"""Clients pointed at the fake inference server, and a view of what it received."""

from __future__ import annotations

import io
import math
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile
from PIL import Image

from playground.client import AsyncInferenceClient, InferenceClient


@pytest.fixture
def fake(fake_server: str) -> str:
    """The fake server's base URL, with its request log and counters reset."""
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


@pytest.fixture
def sent(fake: str) -> Callable[[], list[dict[str, Any]]]:
    """The requests the fake server received since this test began."""
    return lambda: httpx.get(f"{fake}/_fake/requests").json()  # type: ignore[no-any-return]


@pytest.fixture
def client(fake: str) -> Iterator[InferenceClient]:
    with InferenceClient(token=False, inference_endpoint=fake, timeout=20) as sync_client:
        yield sync_client


@pytest.fixture
async def aclient(fake: str) -> AsyncIterator[AsyncInferenceClient]:
    async with AsyncInferenceClient(token=False, inference_endpoint=fake, timeout=20) as a:
        yield a


def png(size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (220, 20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def wav(seconds: float = 0.5, rate: int = 16000, loud: bool = True) -> bytes:
    samples = np.arange(int(seconds * rate)) / rate
    signal = (0.5 if loud else 0.0) * np.sin(2 * math.pi * 440 * samples)
    buffer = io.BytesIO()
    soundfile.write(buffer, signal.astype("float32"), rate, format="WAV")
    return buffer.getvalue()
