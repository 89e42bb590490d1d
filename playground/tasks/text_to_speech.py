"""Text to speech: type a sentence, hear it, download it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks.common import local_model
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, TaskSpec


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    data = bytes(result or b"")
    try:
        rate, samples = render.decode_audio(data)
    except render.AudioDecodeError as error:
        return {"audio": None, "note": f"⚠ The server's answer can't be played. {error}"}
    channels = "mono" if samples.ndim == 1 else f"{samples.shape[1]} channels"
    return {
        "audio": (rate, samples),
        "note": f"{len(samples) / rate:.1f} s · {rate:,} Hz · {channels} · "
        f"{render.sniff_audio_format(data)} from the server ({len(data) / 1024:,.0f} KB). "
        "Save it with the download button on the player.",
    }


SPEC = TaskSpec(
    id="text-to-speech",
    title="Text to speech",
    group="Audio",
    description="Turn text into spoken audio. The voice and language depend on the model.",
    method="text_to_speech",
    inputs=[
        Field(
            "text",
            "Text",
            "textarea",
            value="Hello! This is the inference playground, reading your text aloud.",
            max_chars=5_000,
        )
    ],
    outputs=[OutputWidget("audio", "Speech", "audio"), OutputWidget("note", "", "markdown")],
    build_call=lambda inputs, _params: CallArgs((inputs["text"],)),
    render=view,
    examples=[
        Example(
            {"text": "Hello! This is the inference playground, reading your text aloud."},
            "Greeting",
        ),
        Example(
            {"text": "The lighthouse keeper climbed one hundred and twelve steps every evening."},
            "Lighthouse",
        ),
    ],
    local_model=local_model("text-to-speech"),
    hub_models=("hexgrad/Kokoro-82M", "facebook/mms-tts-eng", "microsoft/speecht5_tts"),
    promise="audio bytes (FLAC, WAV, Ogg or MP3)",
)
