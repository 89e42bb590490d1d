"""Audio classification: what a sound is (speech, music, an emotion, a keyword…), as bars."""

from __future__ import annotations

from playground.tasks.common import classification_view, local_model, only
from playground.tasks.image_classification import (
    FUNCTION_TO_APPLY,
    LABEL_OUTPUTS,
    TOP_K,
)
from playground.tasks.spec import CallArgs, Example, Field, TaskSpec

SPEC = TaskSpec(
    id="audio-classification",
    title="Audio classification",
    group="Audio",
    description="Label a sound: speech or not, music genre, emotion, spoken keyword… Record with "
    "the microphone or upload a file.",
    method="audio_classification",
    inputs=[Field("audio", "Audio", "audio")],
    params=[TOP_K, FUNCTION_TO_APPLY],
    outputs=LABEL_OUTPUTS,
    build_call=lambda inputs, params: CallArgs(
        (inputs["audio"],),
        only(top_k=params.get("top_k"), function_to_apply=params.get("function_to_apply")),
    ),
    render=classification_view,
    examples=[
        Example({"audio": "speech.wav"}, "Speech"),
        Example({"audio": "chime.wav"}, "Chime (no speech)"),
    ],
    local_model=local_model("audio-classification"),
    hub_models=(
        "MIT/ast-finetuned-audioset-10-10-0.4593",
        "superb/hubert-base-superb-er",
        "speechbrain/lang-id-voxlingua107-ecapa",
    ),
    promise="a list of {label, score}",
)
