"""Speech recognition: text, and a table of timestamped chunks when the server returns them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    chunks = getattr(result, "chunks", None) or []
    return {
        "text": render.transcript_text({"text": str(result), "chunks": chunks}),
        "chunks": render.transcript_chunks_table({"chunks": chunks}) if chunks else None,
    }


SPEC = TaskSpec(
    id="automatic-speech-recognition",
    title="Speech recognition",
    group="Audio",
    description="Transcribe speech: record with the microphone or upload a file.",
    method="automatic_speech_recognition",
    inputs=[Field("audio", "Audio", "audio")],
    params=[
        Param(
            "return_timestamps",
            "Timestamps",
            "checkbox",
            value=False,
            info="Ask for timestamped chunks (when the model supports it).",
        )
    ],
    outputs=[OutputWidget("text", "Transcript", "text"), OutputWidget("chunks", "Chunks", "table")],
    build_call=lambda inputs, params: CallArgs(
        (inputs["audio"],), only(return_timestamps=params.get("return_timestamps") or None)
    ),
    render=view,
    examples=[Example({"audio": "speech.wav"}, "Speech")],
    local_model=local_model("automatic-speech-recognition"),
    hub_models=("openai/whisper-large-v3", "openai/whisper-small"),
    promise="{text, chunks?}",
)
