"""Feature extraction and sentence similarity, on HF pipelines, TEI and OpenAI embeddings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ..context import CallContext
from ..errors import ResponseFormatError, ValidationError
from ..method import task_method
from ..plan import Job, Reply, Steps
from ..targets import Family, Target, task_url
from .common import clean, expect_list, reply_json, send_json, served_model_name

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EmbeddingTasks", "cosine_similarities", "parse_embedding"]

T = TypeVar("T")


def _to_array(data: Any) -> np.ndarray:
    import numpy as np

    try:
        array = np.asarray(data, dtype="float32")
    except (ValueError, TypeError) as exc:
        raise ResponseFormatError(
            f"The embedding is not a regular array of numbers: {exc}", body=data
        ) from None
    if array.ndim == 0 or array.size == 0:
        raise ResponseFormatError("The server returned an empty embedding.", body=data)
    return array


def _openai_vectors(data: Any) -> list[Any]:
    if not isinstance(data, Mapping) or not isinstance(data.get("data"), list):
        raise ResponseFormatError(f"Expected an OpenAI embeddings object, got {data!r:.200}")
    rows = sorted(data["data"], key=lambda row: row.get("index", 0))
    return [row["embedding"] for row in rows]


def parse_embedding(data: Any, family: Family) -> np.ndarray:
    """One text's embedding. TEI and OpenAI answer one row per input: squeeze it to 1-D, the
    shape the serverless API gives for pooled models (token-level outputs keep their shape)."""
    if family is Family.OPENAI:
        return _to_array(_openai_vectors(data)[0])
    array = _to_array(data)
    if family is Family.TEI and array.ndim == 2 and array.shape[0] == 1:
        return array[0]
    return array


def cosine_similarities(vectors: list[Any]) -> list[float]:
    """Cosine similarity of vectors[0] with each of vectors[1:]."""
    import numpy as np

    matrix = _to_array(vectors)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    return [float(score) for score in unit[1:] @ unit[0]]


def _feature_payload(text: str, options: dict[str, Any], target: Target, name: str | None) -> Any:
    if target.family is Family.OPENAI:
        return clean({"input": text, "model": name, "dimensions": options.get("dimensions")})
    return {"inputs": text, **options}


def _similarity_payload(sentence: str, others: list[str], target: Target, name: str | None) -> Any:
    if target.family is Family.OPENAI:
        return clean({"input": [sentence, *others], "model": name})
    return {"inputs": {"source_sentence": sentence, "sentences": others}}


def _embedding_job(
    task: str,
    model: str | None,
    payload: Callable[[Target, str | None], Any],
    parse: Callable[[Reply, Target], T],
) -> Job[T]:
    """Embedding requests: OpenAI servers get their own body and a model name."""

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
        return cosine_similarities(_openai_vectors(data))
    scores = expect_list(data, task)
    if not all(isinstance(score, (int, float)) for score in scores):
        raise ResponseFormatError(f"Expected a list of scores for {task}, got {data!r:.200}")
    return [float(score) for score in scores]


class EmbeddingTasks:
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
            lambda target, name: _feature_payload(text, options, target, name),
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
            lambda target, name: _similarity_payload(sentence, others, target, name),
            lambda reply, _target: _parse_similarity(reply, task),
        )
