"""Vision tasks: classification, detection, segmentation, captioning, image generation, VQA."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CallContext, send
from ..errors import ValidationError
from ..media import MediaInput, resolve_media
from ..method import task_method
from ..plan import Job, Reply, Steps
from ..targets import task_url
from ..types import (
    ClassificationOutput,
    DocumentQuestionAnsweringOutput,
    ImageSegmentationOutput,
    ObjectDetectionOutput,
    VisualQuestionAnsweringOutput,
)
from .common import binary_job, clean, json_job, list_of, reply_json
from .images import decode_image, decode_mask
from .text import _text_field, parse_classification

__all__ = ["VisionTasks", "parse_detections", "parse_segments"]

IMAGE_ACCEPT = "image/png"


def parse_detections(data: Any) -> list[ObjectDetectionOutput]:
    return list_of(ObjectDetectionOutput, data, "object-detection", ("label", "score", "box"))


def parse_segments(data: Any) -> list[ImageSegmentationOutput]:
    segments = list_of(ImageSegmentationOutput, data, "image-segmentation", ("label", "mask"))
    for segment in segments:
        segment["mask"] = decode_mask(segment["mask"])
        segment.setdefault("score", None)
    return segments


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


def _generated_image(
    task: str,
    model: str | None,
    image: MediaInput | None,
    prompt: str | None,
    parameters: Mapping[str, Any],
) -> Job[Any]:
    """text-to-image (prompt in) and image-to-image (image in, binary when no parameters)."""

    def steps(ctx: CallContext) -> Steps[Any]:
        target = ctx.target(task, model)
        url = task_url(target, task)
        if image is None:
            body: Any = (
                {"inputs": prompt, "parameters": dict(parameters)}
                if parameters
                else {"inputs": prompt}
            )
            content, content_type = None, None
        else:
            media = yield from resolve_media(image, ctx.config.max_input_bytes)
            body = (
                {"inputs": media.base64(), "parameters": dict(parameters)} if parameters else None
            )
            content, content_type = (None, None) if parameters else (media.data, media.content_type)
        reply: Reply = yield from send(
            ctx,
            lambda wait: ctx.request(
                target,
                url,
                json=body,
                content=content,
                content_type=content_type,
                accept=IMAGE_ACCEPT,
                wait_for_model=wait,
            ),
        )
        return (yield from decode_image(reply))

    return Job(task, steps)


def _at_least_two(labels: list[str]) -> list[str]:
    labels = [label.strip() for label in labels if label and label.strip()]
    if len(labels) < 2:
        raise ValidationError("Give at least 2 candidate labels.")
    return labels


def _require_question(question: str) -> None:
    if not isinstance(question, str) or not question.strip():
        raise ValidationError("`question` must be a non-empty string.")


class VisionTasks:
    """Task methods on images."""

    @task_method
    def image_classification(
        self,
        image: MediaInput,
        model: str | None = None,
        *,
        top_k: int | None = None,
        function_to_apply: str | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Classify an image. Returns `[{"label", "score"}]`."""
        params = {"top_k": top_k, "function_to_apply": function_to_apply}
        return binary_job(
            "image-classification",
            model,
            image,
            lambda reply: parse_classification(
                reply_json(reply, "image-classification"), "image-classification"
            ),
            parameters=params,
        )

    @task_method
    def object_detection(
        self,
        image: MediaInput,
        model: str | None = None,
        *,
        threshold: float | None = None,
    ) -> Job[list[ObjectDetectionOutput]]:
        """Detect objects. Returns `[{"label", "score", "box": {"xmin", "ymin", "xmax", "ymax"}}]`
        in the input image's pixels. Raises ResponseFormatError (a ValueError) on a non-list."""
        return binary_job(
            "object-detection",
            model,
            image,
            lambda reply: parse_detections(reply_json(reply, "object-detection")),
            parameters={"threshold": threshold},
        )

    @task_method
    def image_segmentation(
        self,
        image: MediaInput,
        model: str | None = None,
        *,
        threshold: float | None = None,
        mask_threshold: float | None = None,
        overlap_mask_area_threshold: float | None = None,
        subtask: str | None = None,
    ) -> Job[list[ImageSegmentationOutput]]:
        """Segment an image: `[{"label", "score", "mask"}]`, masks as PIL images of mode L."""
        params = {
            "threshold": threshold,
            "mask_threshold": mask_threshold,
            "overlap_mask_area_threshold": overlap_mask_area_threshold,
            "subtask": subtask,
        }
        return binary_job(
            "image-segmentation",
            model,
            image,
            lambda reply: parse_segments(reply_json(reply, "image-segmentation")),
            parameters=params,
        )

    @task_method
    def image_to_image(
        self,
        image: MediaInput,
        prompt: str | None = None,
        negative_prompt: str | None = None,
        height: int | None = None,
        width: int | None = None,
        num_inference_steps: int | None = None,
        guidance_scale: float | None = None,
        model: str | None = None,
        **kwargs: Any,
    ) -> Job[Any]:
        """Transform an image, optionally guided by a prompt. Returns a PIL image."""
        params = clean(
            {
                "prompt": prompt,
                "negative_prompt": negative_prompt,
                "height": height,
                "width": width,
                "num_inference_steps": num_inference_steps,
                "guidance_scale": guidance_scale,
                **kwargs,
            }
        )
        return _generated_image("image-to-image", model, image, None, params)

    @task_method
    def image_to_text(self, image: MediaInput, model: str | None = None) -> Job[str]:
        """Caption (or OCR) an image. Returns the text."""
        return binary_job(
            "image-to-text",
            model,
            image,
            lambda reply: _text_field(
                reply_json(reply, "image-to-text"), "generated_text", "image-to-text"
            ),
        )

    @task_method
    def text_to_image(
        self,
        prompt: str,
        negative_prompt: str | None = None,
        height: float | None = None,
        width: float | None = None,
        num_inference_steps: float | None = None,
        guidance_scale: float | None = None,
        model: str | None = None,
        **kwargs: Any,
    ) -> Job[Any]:
        """Generate an image from a prompt. Returns a PIL image."""
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValidationError("`prompt` must be a non-empty string.")
        params = clean(
            {
                "negative_prompt": negative_prompt,
                "height": height,
                "width": width,
                "num_inference_steps": num_inference_steps,
                "guidance_scale": guidance_scale,
                **kwargs,
            }
        )
        return _generated_image("text-to-image", model, None, prompt, params)

    @task_method
    def zero_shot_image_classification(
        self,
        image: MediaInput,
        labels: list[str],
        model: str | None = None,
        *,
        hypothesis_template: str | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Score an image against candidate labels. Returns `[{"label", "score"}]`."""
        labels = _at_least_two(labels)
        task = "zero-shot-image-classification"
        params = clean({"candidate_labels": labels, "hypothesis_template": hypothesis_template})

        def steps(ctx: CallContext) -> Steps[list[ClassificationOutput]]:
            media = yield from resolve_media(image, ctx.config.max_input_bytes)
            job = json_job(
                task,
                model,
                {"inputs": media.base64(), "parameters": params},
                lambda reply: parse_classification(reply_json(reply, task), task),
            )
            return (yield from job.steps(ctx))

        return Job(task, steps)

    @task_method
    def visual_question_answering(
        self,
        image: MediaInput,
        question: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
    ) -> Job[list[VisualQuestionAnsweringOutput]]:
        """Answer a question about an image. Returns `[{"answer", "score"}]`."""
        _require_question(question)
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
        """Answer a question about a document image. Returns `[{"answer", "score", "start",
        "end"}]` (start/end are word indices)."""
        _require_question(question)
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


def _as_list(data: Any) -> Any:
    return [data] if isinstance(data, Mapping) else data
