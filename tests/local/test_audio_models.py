"""Speech models: synthesis read back by recognition, voice activity, audio errors."""

from __future__ import annotations

import base64
import io

import httpx
import numpy as np
import pytest
import soundfile as sf

from tests.local.helpers import asset, need, words

SENTENCE = "Please send the quarterly report to the finance team before Friday."


def _wav(samples: np.ndarray, rate: int = 16_000) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format="WAV")
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("tts", ["local/piper-joe", "local/espeak-ng"])
def test_synthesised_speech_is_transcribed_back(client: httpx.Client, tts: str) -> None:
    need(tts, "local/whisper-tiny-en")
    speech = client.post(f"/models/{tts}", json={"inputs": SENTENCE})
    assert speech.status_code == 200
    assert speech.headers["content-type"] == "audio/flac"
    samples, rate = sf.read(io.BytesIO(speech.content))
    assert rate == 22_050
    assert 2.0 < len(samples) / rate < 10.0
    heard = client.post(
        "/models/local/whisper-tiny-en",
        content=speech.content,
        headers={"content-type": "audio/flac"},
    )
    assert words(heard.json()["text"]) == words(SENTENCE)


@pytest.mark.slow
def test_tts_honours_accept(client: httpx.Client) -> None:
    need("local/piper-joe")
    wav = client.post(
        "/models/local/piper-joe", json={"inputs": "Hi."}, headers={"accept": "audio/wav"}
    )
    assert wav.headers["content-type"] == "audio/wav"
    assert wav.content[:4] == b"RIFF"
    empty = client.post("/models/local/piper-joe", json={"inputs": " "})
    assert empty.status_code == 400


@pytest.mark.slow
def test_whisper_on_the_example_clip_with_timestamps(client: httpx.Client) -> None:
    need("local/whisper-tiny-en")
    body = {"inputs": base64.b64encode(asset("speech.wav").read_bytes()).decode()}
    body["parameters"] = {"return_timestamps": True}
    result = client.post("/models/local/whisper-tiny-en", json=body).json()
    assert {"inference", "playground", "speech", "recognition", "offline"} <= set(
        words(result["text"])
    )
    assert result["chunks"]
    assert result["chunks"][0]["timestamp"][0] == 0.0


def test_pocketsphinx_on_the_example_clip(client: httpx.Client) -> None:
    need("local/pocketsphinx-en")
    result = client.post("/models/local/pocketsphinx-en", content=asset("speech.wav").read_bytes())
    heard = set(words(result.json()["text"]))
    assert len(heard & {"this", "is", "the", "playground", "running", "speech", "recognition"}) >= 4


def test_vad_tells_speech_from_noise_and_silence(client: httpx.Client) -> None:
    need("local/silero-vad")
    speech = client.post("/models/local/silero-vad", content=asset("speech.wav").read_bytes())
    assert speech.json()[0] == {"label": "speech", "score": pytest.approx(1.0, abs=0.05)}
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.1, 32_000).astype(np.float32)
    for clip in (noise, np.zeros(16_000, np.float32)):
        ranked = client.post("/models/local/silero-vad", content=_wav(clip)).json()
        assert ranked[0]["label"] == "non-speech"
        assert ranked[0]["score"] > 0.9


def test_vad_reads_other_rates_and_formats(client: httpx.Client) -> None:
    need("local/silero-vad")
    samples, rate = sf.read(asset("speech.wav"))
    buffer = io.BytesIO()
    sf.write(buffer, np.repeat(samples, 3)[:, None].repeat(2, axis=1), rate * 3, format="FLAC")
    ranked = client.post("/models/local/silero-vad", content=buffer.getvalue()).json()
    assert ranked[0]["label"] == "speech"


def test_non_audio_bytes_are_400(client: httpx.Client) -> None:
    need("local/silero-vad")
    for junk in (b"definitely not audio", asset("portrait.jpg").read_bytes()):
        response = client.post("/models/local/silero-vad", content=junk)
        assert response.status_code == 400
        assert "audio" in response.json()["error"]
