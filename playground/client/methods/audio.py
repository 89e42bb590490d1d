"""Audio tasks: classification, speech recognition, speech synthesis, audio-to-audio."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CallContext
from ..errors import ResponseFormatError, ValidationError
from ..media import MediaInput
from ..method import task_method
from ..plan import Job, Reply, Steps
from ..types import AudioToAudioOutput, ClassificationOutput, Transcription
from .job_shapes import binary_job, clean, json_job, list_of, reply_json, unwrap_single
from .reply_media import _b64, media_from_reply
from .text import parse_classification

__all__ = ["AudioMethods", "parse_transcription"]

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


class AudioMethods:
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
        """Classify audio (emotion, language, sounds...).

        Args:
            audio: the audio: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped); its format is sniffed for the Content-Type.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many labels to return.
            function_to_apply: "sigmoid", "softmax" or "none", applied to the scores.

        Returns:
            `list[ClassificationOutput]`: `{"label", "score"}` dicts, best first.

        Raises:
            InputError: the audio can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of labels with scores.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.audio_classification("audio.flac")
            [{'score': 0.4976, 'label': 'hap'}, {'score': 0.3678, 'label': 'neu'}, ...]
        """
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
        """Transcribe speech to text.

        Args:
            audio: the audio: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped); its format is sniffed for the Content-Type.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            return_timestamps: ask for timestamped chunks (Whisper-style models).
            generation_parameters: decoding parameters for the model (e.g.
                `{"max_new_tokens": 128}`), sent as given.

        Returns:
            `Transcription`: the text, a `str` as in huggingface_hub 0.17, whose `.chunks`
            holds `{"text", "timestamp": [start, end]}` dicts when the server sent any.

        Raises:
            InputError: the audio can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no `text`.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.automatic_speech_recognition("hello_world.flac")
            'hello world'
        """
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
        """Read a text aloud.

        Args:
            text: the text to speak.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            parameters: task parameters, sent as given.

        Returns:
            `bytes`: the audio, in the server's format (usually FLAC or WAV; servers that
            answer JSON samples get them packed as WAV).

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not audio.

        Example:
            >>> from pathlib import Path
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> audio = client.text_to_speech("Hello world")
            >>> Path("hello_world.flac").write_bytes(audio)
        """
        if not isinstance(text, str) or not text.strip():
            raise ValidationError("`text` must be a non-empty string.")
        return _tts_job(text, model, clean(parameters))

    @task_method
    def audio_to_audio(
        self, audio: MediaInput, model: str | None = None
    ) -> Job[list[AudioToAudioOutput]]:
        """Transform audio: separate sources, enhance speech, remove noise.

        Args:
            audio: the audio: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped); its format is sniffed for the Content-Type.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.

        Returns:
            `list[AudioToAudioOutput]`: one `{"label", "content_type", "blob"}` per output
            track, `blob` being the decoded audio bytes.

        Raises:
            InputError: the audio can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of tracks.

        Example:
            >>> from pathlib import Path
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> for track in client.audio_to_audio("audio.flac"):
            ...     Path(f"{track.label}.flac").write_bytes(track.blob)
        """
        return binary_job("audio-to-audio", model, audio, _parse_audio_to_audio)
