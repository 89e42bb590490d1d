"""Vision tasks that answer in text: captions, and questions about an image or a document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CallContext, send
from ..media import MediaInput, resolve_media
from ..method import task_method
from ..plan import Job, Steps
from ..targets import task_url
from ..types import DocumentQuestionAnsweringOutput, VisualQuestionAnsweringOutput
from .job_shapes import binary_job, clean, list_of, reply_json, require_text, text_field

__all__ = ["ImageQuestionMethods"]


def _image_question_job(
    task: str,
    model: str | None,
    image: MediaInput,
    question: str,
    parameters: Mapping[str, Any],
    parse: Any,
) -> Job[Any]:
    def steps(ctx: CallContext) -> Steps[Any]:
        media = yield from resolve_media(image, ctx.config.max_input_bytes)
        inputs = {"image": media.base64(), "question": question}
        body = (
            {"inputs": inputs, "parameters": dict(parameters)} if parameters else {"inputs": inputs}
        )
        target = ctx.target(task, model)
        url = task_url(target, task)
        reply = yield from send(
            ctx, lambda wait: ctx.request(target, url, json=body, wait_for_model=wait)
        )
        return parse(reply_json(reply, task))

    return Job(task, steps)


def _as_list(data: Any) -> Any:
    return [data] if isinstance(data, Mapping) else data


class ImageQuestionMethods:
    """Task methods that read an image and answer in text."""

    @task_method
    def image_to_text(self, image: MediaInput, model: str | None = None) -> Job[str]:
        """Describe an image in words (captioning; OCR with OCR models).

        Args:
            image: the image: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.

        Returns:
            `str`: the generated text (the reply's `generated_text`).

        Raises:
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no `generated_text`.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.image_to_text("cat.jpg")
            'a cat standing in a grassy field '
        """
        return binary_job(
            "image-to-text",
            model,
            image,
            lambda reply: text_field(
                reply_json(reply, "image-to-text"), "generated_text", "image-to-text"
            ),
        )

    @task_method
    def visual_question_answering(
        self,
        image: MediaInput,
        question: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
    ) -> Job[list[VisualQuestionAnsweringOutput]]:
        """Answer a question about an image.

        Args:
            image: the image: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped).
            question: the question, in plain language.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many answers to return.

        Returns:
            `list[VisualQuestionAnsweringOutput]`: `{"answer", "score"}` dicts, best first.

        Raises:
            ValidationError: `question` is empty (nothing is sent).
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no answers.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.visual_question_answering("tiger.jpg", "What is the animal doing?")
            [{'score': 0.9780, 'answer': 'laying down'}, {'score': 0.0100, 'answer': 'sitting'}]
        """
        require_text(question, "question")
        task = "visual-question-answering"
        return _image_question_job(
            task,
            model,
            image,
            question,
            clean({"top_k": top_k}),
            lambda data: list_of(VisualQuestionAnsweringOutput, _as_list(data), task, ("answer",)),
        )

    @task_method
    def document_question_answering(
        self,
        image: MediaInput,
        question: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[DocumentQuestionAnsweringOutput]]:
        """Answer a question about a document image (an invoice, a form, a scanned page).

        Args:
            image: the document image: bytes, a file path, an open binary file, or a URL
                (fetched by the client, size-capped).
            question: the question, in plain language.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many answers to return.
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `list[DocumentQuestionAnsweringOutput]`: `{"answer", "score", "start", "end"}`
            dicts, best first; `start`/`end` are indices of the words the model read.

        Raises:
            ValidationError: `question` is empty (nothing is sent).
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no answers.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.document_question_answering("invoice.png", "What is the invoice number?")
            [{'score': 0.4252, 'answer': 'us-001', 'start': 16, 'end': 16}]
        """
        require_text(question, "question")
        task = "document-question-answering"
        params = {**clean(parameters), **clean({"top_k": top_k})}
        return _image_question_job(
            task,
            model,
            image,
            question,
            params,
            lambda data: list_of(
                DocumentQuestionAnsweringOutput, _as_list(data), task, ("answer",)
            ),
        )
