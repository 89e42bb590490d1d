"""Feature extraction and sentence similarity, on HF pipelines, TEI and OpenAI embeddings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ..context import CallContext
from ..errors import ResponseFormatError, ValidationError
from ..families import Family, adapter_for
from ..families.openai import openai_vectors
from ..method import task_method
from ..plan import Job, Reply, Steps
from ..targets import Target, task_url
from ..vectors import cosine_similarities
from .job_shapes import clean, expect_list, reply_json, send_json, served_model_name

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EmbeddingMethods", "cosine_similarities", "parse_embedding"]

T = TypeVar("T")


def parse_embedding(data: Any, family: Family) -> np.ndarray:
    """One text's embedding, in the shape the serverless API gives (see each family's
    `parse_embedding`)."""
    return adapter_for(family).parse_embedding(data)


def _embedding_job(
    task: str,
    model: str | None,
    payload: Callable[[Target, str | None], Any],
    parse: Callable[[Reply, Target], T],
) -> Job[T]:
    """Embedding requests: the family builds the body; servers that want one get a model name."""

    def steps(ctx: CallContext) -> Steps[T]:
        target, name = ctx.named_target(task, model)
        name = yield from served_model_name(ctx, target, name)
        reply = yield from send_json(
            ctx, target, task_url(target, task), payload(target, name), None
        )
        return parse(reply, target)

    return Job(task, steps)


def _parse_similarity(reply: Reply, task: str) -> list[float]:
    data = reply_json(reply, task)
    if isinstance(data, Mapping) and "data" in data:
        return cosine_similarities(openai_vectors(data))
    scores = expect_list(data, task)
    if not all(isinstance(score, (int, float)) for score in scores):
        raise ResponseFormatError(f"Expected a list of scores for {task}, got {data!r:.200}")
    return [float(score) for score in scores]


class EmbeddingMethods:
    """Task methods producing or comparing embeddings."""

    @task_method
    def feature_extraction(
        self,
        text: str,
        model: str | None = None,
        *,
        normalize: bool | None = None,
        truncate: bool | None = None,
        truncation_direction: str | None = None,
        prompt_name: str | None = None,
        dimensions: int | None = None,
    ) -> Job[np.ndarray]:
        """Embed a text: the vector (or per-token vectors) a model gives it.

        Works with HF pipelines, TEI (`/embed`) and OpenAI-compatible `/v1/embeddings`.

        Args:
            text: the text to embed.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            normalize: ask for unit-length vectors (TEI).
            truncate: cut inputs longer than the model's limit instead of failing (TEI).
            truncation_direction: "left" or "right": which end `truncate` cuts (TEI).
            prompt_name: the name of a prompt the model prepends (sentence-transformers).
            dimensions: the vector size, for models that can shorten it (OpenAI).

        Returns:
            `numpy.ndarray`: float32; 1-D for pooled models (one vector), 2-D for token-level
            models (one vector per token). Needs numpy.

        Raises:
            ValidationError: `text` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a regular array of numbers.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> vector = client.feature_extraction("Hi, who are you?")
            >>> vector.shape, vector.dtype
            ((384,), dtype('float32'))
        """
        if not isinstance(text, str) or not text.strip():
            raise ValidationError("`text` must be a non-empty string.")
        options = clean(
            {
                "normalize": normalize,
                "truncate": truncate,
                "prompt_name": prompt_name,
                "truncation_direction": truncation_direction,
                "dimensions": dimensions,
            }
        )
        task = "feature-extraction"
        return _embedding_job(
            task,
            model,
            lambda target, name: adapter_for(target.family).embedding_body(text, options, name),
            lambda reply, target: parse_embedding(reply_json(reply, task), target.family),
        )

    @task_method
    def sentence_similarity(
        self,
        sentence: str,
        other_sentences: list[str],
        model: str | None = None,
    ) -> Job[list[float]]:
        """Compare a sentence with others: one similarity score per other sentence.

        On OpenAI-compatible servers the client embeds all sentences and computes the cosine
        similarities itself.

        Args:
            sentence: the sentence to compare.
            other_sentences: the sentences to compare it with (at least one).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.

        Returns:
            `list[float]`: one score per other sentence, in their order (cosine similarity:
            1.0 means the same meaning).

        Raises:
            ValidationError: `sentence` is empty or no other sentence is given (nothing is
                sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of scores (or of vectors).

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.sentence_similarity(
            ...     "Machine learning is so easy.",
            ...     other_sentences=["Deep learning is so straightforward.", "I like pizza."],
            ... )
            [0.7785, 0.0932]
        """
        if not isinstance(sentence, str) or not sentence.strip():
            raise ValidationError("`sentence` must be a non-empty string.")
        others = [text for text in other_sentences if isinstance(text, str) and text.strip()]
        if not others:
            raise ValidationError("Give at least one other sentence to compare with.")
        task = "sentence-similarity"
        return _embedding_job(
            task,
            model,
            lambda target, name: adapter_for(target.family).similarity_body(sentence, others, name),
            lambda reply, _target: _parse_similarity(reply, task),
        )
