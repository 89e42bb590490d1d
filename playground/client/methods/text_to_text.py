"""Text in, text out: summarization, translation, and the legacy conversational pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ResponseFormatError, ValidationError
from ..method import task_method
from ..plan import Job, Reply
from ..types import ConversationalOutput
from .job_shapes import (
    clean,
    inputs_body,
    json_job,
    reply_json,
    require_text,
    text_field,
    unwrap_single,
)

__all__ = ["TextToTextMethods"]


def _conversation(reply: Reply) -> ConversationalOutput:
    data = unwrap_single(reply_json(reply, "conversational"))
    if not isinstance(data, Mapping) or "generated_text" not in data:
        raise ResponseFormatError(f"Expected {{generated_text, conversation}}, got {data!r:.200}")
    return ConversationalOutput.parse(data)


class TextToTextMethods:
    """Task methods that rewrite a text."""

    @task_method
    def summarization(
        self,
        text: str,
        parameters: dict[str, Any] | None = None,
        model: str | None = None,
    ) -> Job[str]:
        """Summarize a text.

        Args:
            text: the text to summarize.
            parameters: task parameters, sent as given (e.g. `{"max_length": 60}`,
                `{"min_length": 10}`).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.

        Returns:
            `str`: the summary (the reply's `summary_text`).

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no `summary_text`.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.summarization("The Eiffel tower is 324 metres tall, about the height "
            ...                      "of an 81-storey building, and the tallest in Paris.")
            'The Eiffel tower is 324 metres tall and the tallest structure in Paris.'
        """
        require_text(text)
        return json_job(
            "summarization",
            model,
            inputs_body(text, parameters),
            lambda reply: text_field(
                reply_json(reply, "summarization"), "summary_text", "summarization"
            ),
        )

    @task_method
    def translation(
        self,
        text: str,
        model: str | None = None,
        *,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[str]:
        """Translate a text.

        Args:
            text: the text to translate.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            src_lang: the source language, for multilingual models (e.g. "en_XX"); give it
                with `tgt_lang`.
            tgt_lang: the target language, for multilingual models (e.g. "fr_XX").
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `str`: the translation (the reply's `translation_text`).

        Raises:
            ValidationError: `text` is empty, or only one of `src_lang`/`tgt_lang` is given
                (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no `translation_text`.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.translation("My name is Wolfgang and I live in Berlin")
            'Mein Name ist Wolfgang und ich lebe in Berlin.'
            >>> client.translation("My name is Wolfgang", model="Helsinki-NLP/opus-mt-en-fr")
            "Je m'appelle Wolfgang."
        """
        require_text(text)
        if (src_lang is None) != (tgt_lang is None):
            raise ValidationError("Give both `src_lang` and `tgt_lang`, or neither.")
        extra = clean({"src_lang": src_lang, "tgt_lang": tgt_lang})
        return json_job(
            "translation",
            model,
            inputs_body(text, parameters, extra),
            lambda reply: text_field(
                reply_json(reply, "translation"), "translation_text", "translation"
            ),
        )

    @task_method
    def conversational(
        self,
        text: str,
        generated_responses: list[str] | None = None,
        past_user_inputs: list[str] | None = None,
        parameters: dict[str, Any] | None = None,
        model: str | None = None,
    ) -> Job[ConversationalOutput]:
        """Answer the next turn of a conversation (the legacy DialoGPT-style pipeline; prefer
        `chat_completion` with chat models).

        Args:
            text: the user's new message.
            generated_responses: the model's earlier answers, oldest first.
            past_user_inputs: the user's earlier messages, oldest first.
            parameters: task parameters, sent as given (e.g. `{"max_length": 50}`).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.

        Returns:
            `ConversationalOutput`: `{"generated_text", "conversation": {"generated_responses",
            "past_user_inputs"}, "warnings"}`; pass the conversation back for the next turn.

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no `generated_text`.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> output = client.conversational("Hi, who are you?")
            >>> output
            {'generated_text': 'I am the one who knocks.', 'conversation':
             {'generated_responses': ['I am the one who knocks.'],
              'past_user_inputs': ['Hi, who are you?']}, 'warnings': [...]}
            >>> client.conversational("Wow, that's scary!", **output["conversation"])
        """
        require_text(text)
        inputs = {
            "text": text,
            "generated_responses": list(generated_responses or []),
            "past_user_inputs": list(past_user_inputs or []),
        }
        return json_job("conversational", model, inputs_body(inputs, parameters), _conversation)
