import io

import numpy as np
import pytest
import soundfile

from playground.tasks.spec import CallArgs
from playground.tasks.text_to_speech import SPEC

from .helpers import shown

CALL = CallArgs(("Hello there.",))


def tone(audio_format: str, rate: int = 16000, seconds: float = 0.5) -> bytes:
    t = np.arange(int(rate * seconds)) / rate
    buffer = io.BytesIO()
    soundfile.write(buffer, 0.3 * np.sin(2 * np.pi * 440 * t), rate, format=audio_format)
    return buffer.getvalue()


def test_build_call_sends_the_text() -> None:
    assert SPEC.build_call({"text": "Hello there."}, {}) == CallArgs(("Hello there.",))


@pytest.mark.parametrize(("audio_format", "name"), [("WAV", "WAV"), ("FLAC", "FLAC")])
def test_audio_bytes_become_a_player(audio_format: str, name: str) -> None:
    rendered = SPEC.render(tone(audio_format, rate=22050), CALL, {})
    rate, samples = rendered["audio"]
    assert rate == 22050
    assert samples.dtype == np.int16
    assert samples.shape == (11025,)
    assert rendered["note"].startswith(f"0.5 s · 22,050 Hz · mono · {name} from the server")
    player = shown(SPEC, rendered)["audio"]
    assert player.path.endswith(".wav")


def test_undecodable_bytes_give_a_clear_sentence() -> None:
    rendered = SPEC.render(b'{"error": "Model is loading"}', CALL, {})
    assert rendered["audio"] is None
    assert rendered["note"].startswith("⚠ The server's answer can't be played.")
    assert "JSON (probably an error message, not audio)" in rendered["note"]
    shown(SPEC, rendered)


def test_an_empty_body_gives_a_clear_sentence() -> None:
    rendered = SPEC.render(b"", CALL, {})
    assert rendered["audio"] is None
    assert "no audio (an empty body)" in rendered["note"]
