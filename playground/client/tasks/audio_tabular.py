"""Audio tasks (classification, speech recognition, speech synthesis, audio-to-audio) and
tabular tasks (classification and regression on column-oriented tables)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CallContext
from ..errors import ResponseFormatError, ValidationError
from ..media import MediaInput
from ..method import task_method
from ..plan import Job, Reply, Steps
from ..types import AudioToAudioOutput, ClassificationOutput, Transcription
from .common import binary_job, clean, expect_list, json_job, list_of, reply_json, unwrap_single
from .images import _b64, media_from_reply
from .text import parse_classification

__all__ = ["AudioTasks", "TabularTasks", "parse_transcription"]

AUDIO_ACCEPT = "audio/flac, audio/wav, */*"


def parse_transcription(data: Any) -> Transcription:
    data = unwrap_single(data)
    if not isinstance(data, Mapping) or not isinstance(data.get("text"), str):
        raise ResponseFormatError(
            f"Expected {{text}} for automatic-speech-recognition, got {data!r:.200}", body=data
        )
    chunks = data.get("chunks") if isinstance(data.get("chunks"), list) else None
    return Transcription(data["text"], chunks)


def _parse_audio_to_audio(reply: Reply) -> list[AudioToAudioOutput]:
    items = list_of(
        AudioToAudioOutput, reply_json(reply, "audio-to-audio"), "audio-to-audio", ("blob",)
    )
    for item in items:
        item["blob"] = _b64(item["blob"])
        item["content_type"] = item.pop("content-type", item.get("content_type", ""))
    return items


def _tts_job(text: str, model: str | None, parameters: Mapping[str, Any]) -> Job[bytes]:
    task = "text-to-speech"
    body = {"inputs": text, "parameters": dict(parameters)} if parameters else {"inputs": text}

    def steps(ctx: CallContext) -> Steps[bytes]:
        job = json_job(task, model, body, lambda reply: reply, accept=AUDIO_ACCEPT)
        reply: Reply = yield from job.steps(ctx)
        media = yield from media_from_reply(reply, "audio")
        return media.data

    return Job(task, steps)


def _table_columns(table: Mapping[str, Any]) -> dict[str, list[str]]:
    if not isinstance(table, Mapping) or not table:
        raise ValidationError("`table` must be a non-empty dict of column name → list of values.")
    columns: dict[str, list[str]] = {}
    for name, values in table.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise ValidationError(f"Column {name!r} must be a list of values.")
        columns[str(name)] = ["" if value is None else str(value) for value in values]
    if len({len(values) for values in columns.values()}) != 1:
        raise ValidationError("Every column of `table` must have the same number of rows.")
    return columns


def _predictions(reply: Reply, task: str, rows: int) -> list[Any]:
    values = expect_list(reply_json(reply, task), task)
    if len(values) != rows:
        raise ResponseFormatError(
            f"Expected {rows} predictions for {task}, got {len(values)}.", body=values
        )
    return values


def _tabular_job(task: str, table: Mapping[str, Any], model: str | None) -> Job[list[Any]]:
    columns = _table_columns(table)
    rows = len(next(iter(columns.values())))
    return json_job(
        task, model, {"inputs": {"data": columns}}, lambda reply: _predictions(reply, task, rows)
    )


class AudioTasks:
    """Task methods on audio."""

    @task_method
    def audio_classification(
        self,
        audio: MediaInput,
        model: str | None = None,
        *,
        top_k: int | None = None,
        function_to_apply: str | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Classify audio. Returns `[{"label", "score"}]`."""
        task = "audio-classification"
        return binary_job(
            task,
            model,
            audio,
            lambda reply: parse_classification(reply_json(reply, task), task),
            parameters={"top_k": top_k, "function_to_apply": function_to_apply},
        )

    @task_method
    def automatic_speech_recognition(
        self,
        audio: MediaInput,
        model: str | None = None,
        *,
        return_timestamps: bool | None = None,
        generation_parameters: dict[str, Any] | None = None,
    ) -> Job[Transcription]:
        """Transcribe speech. Returns the text (a `str` whose `.chunks` hold timestamps if any)."""
        task = "automatic-speech-recognition"
        params = {
            "return_timestamps": return_timestamps,
            "generation_parameters": generation_parameters,
        }
        return binary_job(
            task,
            model,
            audio,
            lambda reply: parse_transcription(reply_json(reply, task)),
            parameters=params,
        )

    @task_method
    def text_to_speech(
        self,
        text: str,
        model: str | None = None,
        *,
        parameters: dict[str, Any] | None = None,
    ) -> Job[bytes]:
        """Synthesize speech. Returns the audio bytes (the server's format, usually FLAC or WAV)."""
        if not isinstance(text, str) or not text.strip():
            raise ValidationError("`text` must be a non-empty string.")
        return _tts_job(text, model, clean(parameters))

    @task_method
    def audio_to_audio(
        self, audio: MediaInput, model: str | None = None
    ) -> Job[list[AudioToAudioOutput]]:
        """Transform audio (e.g. separate sources): `[{"label", "content_type", "blob"}]`."""
        return binary_job("audio-to-audio", model, audio, _parse_audio_to_audio)


class TabularTasks:
    """Task methods on tables given as dicts of column name → values."""

    @task_method
    def tabular_classification(self, table: dict[str, Any], model: str) -> Job[list[Any]]:
        """Predict a class per row. Returns one label per row."""
        return _tabular_job("tabular-classification", table, model)

    @task_method
    def tabular_regression(self, table: dict[str, Any], model: str) -> Job[list[float]]:
        """Predict a number per row. Returns one value per row."""
        return _tabular_job("tabular-regression", table, model)
