"""Decoding request images and audio, encoding response audio and masks."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from typing import TYPE_CHECKING

import numpy as np

from .errors import BadInput

if TYPE_CHECKING:
    from PIL import Image

SAMPLE_RATE = 16_000
MAX_PIXELS = 40_000_000
AUDIO_TYPES = {"flac": "audio/flac", "wav": "audio/wav", "ogg": "audio/ogg"}


def decode_image(data: bytes) -> Image.Image:
    """Decode image bytes to RGB, or raise BadInput."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise BadInput("The request has no image: send image bytes or base64 in 'inputs'")
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise BadInput(f"The image is too large ({image.width}×{image.height})")
        image.load()
    except UnidentifiedImageError as exc:
        raise BadInput(
            "Could not decode the image: the bytes are not a known image format"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadInput(f"Could not decode the image: {exc}") from exc
    return image.convert("RGB")


def decode_audio(data: bytes, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Decode audio bytes to mono float32 at `rate` Hz, or raise BadInput.

    libsndfile reads WAV, FLAC, OGG and MP3; anything else goes through ffmpeg when installed.
    """
    import soundfile as sf

    if not data:
        raise BadInput("The request has no audio: send audio bytes or base64 in 'inputs'")
    try:
        samples, source_rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (RuntimeError, TypeError):
        samples, source_rate = _ffmpeg_decode(data, rate), rate
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    if mono.size == 0:
        raise BadInput("The audio is empty")
    return resample(mono.astype(np.float32), source_rate, rate)


def _ffmpeg_decode(data: bytes, rate: int) -> np.ndarray:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise BadInput("Could not decode the audio: send WAV, FLAC, OGG or MP3 (no ffmpeg here)")
    command = [ffmpeg, "-nostdin", "-loglevel", "error", "-i", "pipe:0"]
    command += ["-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"]
    result = subprocess.run(command, input=data, capture_output=True, timeout=60, check=False)
    if result.returncode != 0 or not result.stdout:
        raise BadInput("Could not decode the audio: the bytes are not a known audio format")
    return np.frombuffer(result.stdout, dtype=np.float32)[:, None]


def resample(samples: np.ndarray, source: int, target: int) -> np.ndarray:
    """Band-limited linear-phase resampling (windowed-sinc low-pass, then interpolation)."""
    if source == target:
        return samples
    if target < source:
        cutoff = 0.5 * target / source
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(taps.size)
        samples = np.convolve(samples, kernel / kernel.sum(), mode="same")
    duration = samples.size / source
    positions = np.arange(int(duration * target)) * (source / target)
    resampled: np.ndarray = np.interp(positions, np.arange(samples.size), samples)
    return resampled.astype(np.float32)


def encode_audio(samples: np.ndarray, rate: int, accept: str | None) -> tuple[bytes, str]:
    """Encode float or int16 samples in the first format `accept` names (default FLAC)."""
    import soundfile as sf

    fmt = _pick_audio_format(accept)
    buffer = io.BytesIO()
    subtype = "VORBIS" if fmt == "ogg" else "PCM_16"
    sf.write(buffer, samples, rate, format=fmt.upper(), subtype=subtype)
    return buffer.getvalue(), AUDIO_TYPES[fmt]


def _pick_audio_format(accept: str | None) -> str:
    for part in (accept or "").split(","):
        subtype = part.split(";")[0].strip().lower().rpartition("/")[2]
        subtype = {"x-wav": "wav", "wave": "wav", "x-flac": "flac"}.get(subtype, subtype)
        if subtype in AUDIO_TYPES:
            return subtype
    return "flac"


def mask_png_b64(mask: np.ndarray) -> str:
    """A boolean or 0/255 mask as a base64 PNG in mode L."""
    from PIL import Image

    image = Image.fromarray(np.where(mask > 0, 255, 0).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def to_bgr(image: Image.Image) -> np.ndarray:
    return np.asarray(image)[:, :, ::-1].copy()
