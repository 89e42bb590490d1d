"""Speech recognition tab: the audio and the timestamps box in; the transcript, and a table of
timestamped chunks when the server sends them, out."""

from __future__ import annotations

import math

import pytest

from playground.assets import asset
from playground.client import InputError
from playground.client.methods.audio import parse_transcription
from playground.tasks.automatic_speech_recognition import SPEC
from playground.tasks.spec import CallArgs

from .helpers import default_params, shown, widget_inputs

SPEECH = str(asset("speech.wav"))
CALL = CallArgs((SPEECH,))
TEXT = " Hello! This is the inference playground, running speech recognition offline."


def test_an_unticked_timestamps_box_sends_the_audio_alone() -> None:
    inputs = widget_inputs(SPEC, {"audio": SPEECH})
    assert default_params(SPEC) == {"return_timestamps": False}
    assert SPEC.build_call(inputs, default_params(SPEC)) == CallArgs((SPEECH,), {})


def test_a_ticked_timestamps_box_asks_for_them() -> None:
    call = SPEC.build_call({"audio": SPEECH}, {"return_timestamps": True})
    assert call == CallArgs((SPEECH,), {"return_timestamps": True})


def test_no_audio_is_refused_before_sending() -> None:
    with pytest.raises(InputError, match="Give an audio clip first"):
        widget_inputs(SPEC, {"audio": None})


def test_a_transcript_without_chunks_shows_the_text_alone() -> None:
    rendered = SPEC.render(parse_transcription({"text": TEXT}), CALL, {})
    assert rendered == {"text": TEXT, "chunks": None}
    assert shown(SPEC, rendered)["text"] == TEXT


def test_timestamped_chunks_become_a_table_in_seconds() -> None:
    result = parse_transcription(
        {
            "text": TEXT,
            "chunks": [
                {"text": " Hello!", "timestamp": [0.0, 0.823]},
                {"text": " This is the inference playground,", "timestamp": [0.823, 2.6]},
                {"text": " running speech recognition offline.", "timestamp": [2.6, None]},
            ],
        }
    )
    rendered = SPEC.render(result, CALL, {})
    assert rendered["text"] == TEXT
    rows = rendered["chunks"].to_dict("records")
    assert [row["text"] for row in rows] == [
        "Hello!",
        "This is the inference playground,",
        "running speech recognition offline.",
    ]
    assert [row["start (s)"] for row in rows] == [0.0, 0.82, 2.6]
    assert rows[1]["end (s)"] == 2.6
    assert math.isnan(rows[2]["end (s)"])  # the last chunk's end is open
    out = shown(SPEC, rendered)
    assert out["chunks"].headers == ["start (s)", "end (s)", "text"]


def test_a_plain_string_result_is_shown_as_it_is() -> None:
    """The client's 0.17-style answer is a `str`; one without `chunks` still renders."""
    assert SPEC.render("hello there", CALL, {}) == {"text": "hello there", "chunks": None}
