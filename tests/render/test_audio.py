import io

import gradio as gr
import numpy as np
import pytest
import soundfile

from playground.render.audio import (
    AudioDecodeError,
    decode_audio,
    sniff_audio_format,
    transcript_chunks_table,
    transcript_text,
)

RATE = 16_000


def tone(seconds: float = 0.1, channels: int = 1) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave = 0.5 * np.sin(2 * np.pi * 440 * t)
    return wave if channels == 1 else np.stack([wave] * channels, axis=1)


def encode(samples: np.ndarray, fmt: str, subtype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, RATE, format=fmt, subtype=subtype)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "subtype", "name"),
    [
        ("WAV", "PCM_16", "WAV"),
        ("FLAC", None, "FLAC"),
        ("OGG", "VORBIS", "Ogg"),
        ("MP3", None, "MP3"),
    ],
)
def test_server_audio_decodes_to_rate_and_int16(fmt: str, subtype: str | None, name: str) -> None:
    payload = encode(tone(), fmt, subtype)
    assert sniff_audio_format(payload) == name
    rate, samples = decode_audio(payload)
    assert rate == RATE
    assert samples.dtype == np.int16
    assert samples.ndim == 1
    assert np.abs(samples).max() > 10_000  # the tone survived, not silence


def test_stereo_keeps_its_channels() -> None:
    _, samples = decode_audio(bytearray(encode(tone(channels=2), "WAV")))
    assert samples.shape == (int(RATE * 0.1), 2)


def test_decoded_audio_passes_gradio_audio_postprocess() -> None:
    data = gr.Audio().postprocess(decode_audio(encode(tone(), "FLAC")))
    assert data.path.endswith(".wav")


@pytest.mark.parametrize(
    ("payload", "hint"),
    [
        (b'{"error": "Model is loading"}', "JSON"),
        (b"<html>502 Bad Gateway</html>", "HTML"),
        (b"\x00\x01\x02\x03garbage", "unknown"),
        (b"\x00\x00\x00\x18ftypM4A junk", "MP4/M4A"),
    ],
)
def test_undecodable_audio_raises_a_clear_error(payload: bytes, hint: str) -> None:
    with pytest.raises(AudioDecodeError, match=f"Could not decode the audio .*{hint}"):
        decode_audio(payload)


def test_empty_audio_raises() -> None:
    with pytest.raises(AudioDecodeError, match="no audio"):
        decode_audio(b"")


ASR = {
    "text": " Hello world. Bye.",
    "chunks": [
        {"text": " Hello world.", "timestamp": [0.0, 1.234]},
        {"text": " Bye.", "timestamp": [1.5, None]},
    ],
}


def test_transcript_text_and_chunks_table() -> None:
    assert transcript_text(ASR) == " Hello world. Bye."
    assert transcript_text("plain") == "plain"
    table = transcript_chunks_table(ASR)
    assert list(table.columns) == ["start (s)", "end (s)", "text"]
    assert table.iloc[0].tolist() == [0.0, 1.23, "Hello world."]
    assert table["end (s)"].isna().tolist() == [False, True]
    assert gr.Dataframe(interactive=False).postprocess(table).data[1][2] == "Bye."


def test_no_chunks_gives_an_empty_table() -> None:
    assert transcript_chunks_table({"text": "hi"}).empty
    assert transcript_chunks_table({"text": "hi", "chunks": [{"text": "x"}]}).iloc[0, 2] == "x"
