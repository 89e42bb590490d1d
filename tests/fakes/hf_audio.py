"""Audio tasks: inputs must look like audio; answers follow the decoded duration/loudness."""

from __future__ import annotations

from typing import Any

import numpy as np

from .hf_inputs import audio_payload, require_str, text_payload
from .payloads import AudioOut, Body, b64, decode_audio, encode_audio, ranked, tone, top_k

TRANSCRIPT_TEXT = (
    "hello from the fake speech recognition model the quick brown fox jumps over the lazy dog"
)
TRANSCRIPT = tuple(TRANSCRIPT_TEXT.split(" "))
SECONDS_PER_WORD = 0.25
AUDIO_LABELS = ("speech", "music", "noise", "silence")


def loudness(raw: bytes) -> float:
    """RMS of the decoded samples; undecodable audio counts as 0.1."""
    decoded = decode_audio(raw)
    if decoded is None:
        return 0.1
    samples = decoded[0]
    return float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0


def automatic_speech_recognition(body: Body, variant: str) -> Any:
    raw, params = audio_payload(body)
    decoded = decode_audio(raw)
    words = list(TRANSCRIPT)
    if decoded is not None:
        samples, rate = decoded
        count = int(len(samples) / rate / SECONDS_PER_WORD)
        words = words[: max(1, min(len(words), count))]
    result: dict[str, Any] = {"text": " ".join(words)}
    if params.get("return_timestamps"):
        result["chunks"] = [
            {
                "text": word,
                "timestamp": [round(i * SECONDS_PER_WORD, 2), round((i + 1) * SECONDS_PER_WORD, 2)],
            }
            for i, word in enumerate(words)
        ]
    return result


def audio_classification(body: Body, variant: str) -> Any:
    raw, params = audio_payload(body)
    silence = 1.0 - min(1.0, loudness(raw) * 20)
    scores = [(1 - silence) * 0.7, (1 - silence) * 0.2, (1 - silence) * 0.1, silence]
    total = sum(scores) or 1.0
    return top_k(ranked(list(AUDIO_LABELS), [s / total for s in scores]), params, default=5)


def text_to_speech(body: Body, variant: str) -> Any:
    inputs, _ = text_payload(body)
    text = require_str(inputs)
    seconds = min(3.0, max(0.2, 0.05 * len(text)))
    return AudioOut(tone(seconds), 16000)


def audio_to_audio(body: Body, variant: str) -> Any:
    raw, _ = audio_payload(body)
    decoded = decode_audio(raw)
    samples, rate = decoded if decoded is not None else (tone(1.0), 16000)
    sources = [("label_0", samples * 0.8), ("label_1", samples * 0.2)]
    return [
        {
            "label": label,
            "blob": b64(encode_audio(wave, rate, "flac")),
            "content-type": "audio/flac",
        }
        for label, wave in sources
    ]
