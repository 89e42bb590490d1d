"""Text classification tasks: labels, entities, zero-shot labels, fill-mask."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ValidationError
from ..method import task_method
from ..plan import Job
from ..types import ClassificationOutput, FillMaskOutput, TokenClassificationOutput
from .job_shapes import clean, expect_list, inputs_body, json_job, list_of, reply_json, require_text

__all__ = ["TextMethods", "parse_classification", "parse_fill_mask", "parse_zero_shot"]


def parse_classification(
    data: Any, task: str = "text-classification"
) -> list[ClassificationOutput]:
    """Flat `[{label, score}]` or nested `[[...]]` (serverless, TEI batches) → flat list."""
    items = expect_list(data, task)
    if items and isinstance(items[0], list):
        items = items[0]
    return list_of(ClassificationOutput, items, task, ("label", "score"))


def parse_zero_shot(data: Any) -> list[ClassificationOutput]:
    """Old `{sequence, labels, scores}` (or a list of one) and new `[{label, score}]` shapes."""
    if (
        isinstance(data, list)
        and len(data) == 1
        and isinstance(data[0], Mapping)
        and "labels" in data[0]
    ):
        data = data[0]
    if isinstance(data, Mapping) and "labels" in data and "scores" in data:
        pairs = zip(data["labels"], data["scores"], strict=False)
        items = [{"label": label, "score": score} for label, score in pairs]
    else:
        items = expect_list(data, "zero-shot-classification")
    out = list_of(ClassificationOutput, items, "zero-shot-classification", ("label", "score"))
    return sorted(out, key=lambda item: item["score"], reverse=True)


def parse_fill_mask(data: Any) -> list[Any]:
    items = expect_list(data, "fill-mask")
    if items and isinstance(items[0], list):
        return [list_of(FillMaskOutput, group, "fill-mask", ("score",)) for group in items]
    return list_of(FillMaskOutput, items, "fill-mask", ("score",))


class TextMethods:
    """Task methods that label a text or its tokens."""

    @task_method
    def text_classification(
        self,
        text: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
        function_to_apply: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Classify a text (sentiment, topic, language...).

        Args:
            text: the text to classify.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many labels to return (the server's default when None).
            function_to_apply: "sigmoid", "softmax" or "none", applied to the scores.
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `list[ClassificationOutput]`: `{"label", "score"}` dicts (attributes work too),
            best first.

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message
                (`BadRequestError`, `AuthenticationError`, `NotFoundError`, ...).
            ResponseFormatError: the reply is not a list of labels with scores.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.text_classification("I like you")
            [{'label': 'POSITIVE', 'score': 0.9998}, {'label': 'NEGATIVE', 'score': 0.0001}]
        """
        require_text(text)
        extra = clean({"top_k": top_k, "function_to_apply": function_to_apply})
        task = "text-classification"
        return json_job(
            task,
            model,
            inputs_body(text, parameters, extra),
            lambda reply: parse_classification(reply_json(reply, task)),
        )

    @task_method
    def token_classification(
        self,
        text: str,
        model: str | None = None,
        *,
        aggregation_strategy: str | None = None,
        ignore_labels: list[str] | None = None,
        stride: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[TokenClassificationOutput]]:
        """Find the entities (people, places, organisations...) of a text.

        Args:
            text: the text to read.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            aggregation_strategy: how sub-word tokens merge into entities: "none", "simple",
                "first", "average" or "max".
            ignore_labels: labels to leave out (e.g. `["O"]`).
            stride: overlap, in tokens, between the chunks of a long text.
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `list[TokenClassificationOutput]`: `{"entity_group", "score", "word", "start",
            "end"}` dicts (`entity` instead of `entity_group` without aggregation), in text
            order; `start`/`end` are character offsets into `text`.

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of scored entities.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.token_classification("My name is Sarah and I live in London")
            [{'entity_group': 'PER', 'score': 0.9971, 'word': 'Sarah', 'start': 11, 'end': 16},
             {'entity_group': 'LOC', 'score': 0.9989, 'word': 'London', 'start': 31, 'end': 37}]
        """
        require_text(text)
        extra = clean(
            {
                "aggregation_strategy": aggregation_strategy,
                "ignore_labels": ignore_labels,
                "stride": stride,
            }
        )
        task = "token-classification"
        return json_job(
            task,
            model,
            inputs_body(text, parameters, extra),
            lambda reply: list_of(
                TokenClassificationOutput, reply_json(reply, task), task, ("score",)
            ),
        )

    @task_method
    def zero_shot_classification(
        self,
        text: str,
        labels: list[str],
        multi_label: bool = False,
        model: str | None = None,
        *,
        hypothesis_template: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Score a text against labels chosen at call time.

        Args:
            text: the text to classify.
            labels: the candidate labels (at least 2, or 1 with `multi_label=True`).
            multi_label: score each label on its own (several can be true) instead of
                spreading one probability over all of them.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            hypothesis_template: the sentence each label is put in, e.g.
                "This text is about {}.".
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `list[ClassificationOutput]`: one `{"label", "score"}` per candidate, best first
            (servers answering the old `{labels, scores}` shape are converted).

        Raises:
            ValidationError: `text` is empty or too few labels are given (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no labels with scores.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.zero_shot_classification("I love my new phone", ["technology", "sports"])
            [{'label': 'technology', 'score': 0.9821}, {'label': 'sports', 'score': 0.0179}]
        """
        require_text(text)
        labels = [label.strip() for label in labels if label and label.strip()]
        if len(labels) < (1 if multi_label else 2):
            raise ValidationError("Give at least 2 candidate labels (or 1 with multi_label=True).")
        extra = clean(
            {
                "candidate_labels": labels,
                "multi_label": multi_label,
                "hypothesis_template": hypothesis_template,
            }
        )
        return json_job(
            "zero-shot-classification",
            model,
            inputs_body(text, parameters, extra),
            lambda reply: parse_zero_shot(reply_json(reply, "zero-shot-classification")),
        )

    @task_method
    def fill_mask(
        self,
        text: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
        targets: list[str] | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[FillMaskOutput]]:
        """Guess the word hidden behind the model's mask token (`[MASK]`, `<mask>`...).

        Args:
            text: a text holding the model's mask token.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many guesses to return.
            targets: only score these words.
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `list[FillMaskOutput]`: `{"sequence", "score", "token", "token_str"}` dicts, best
            first (a list of such lists when the text holds several masks).

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error (e.g. no mask token in the text); the
                exception carries its message.
            ResponseFormatError: the reply is not a list of scored guesses.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.fill_mask("The goal of life is <mask>.")
            [{'score': 0.0643, 'token': 11098, 'token_str': ' happiness',
              'sequence': 'The goal of life is happiness.'}, ...]
        """
        require_text(text)
        extra = clean({"top_k": top_k, "targets": targets})
        return json_job(
            "fill-mask",
            model,
            inputs_body(text, parameters, extra),
            lambda reply: parse_fill_mask(reply_json(reply, "fill-mask")),
        )
