"""Vision tasks that label an image: classification, detection, segmentation, zero-shot."""

from __future__ import annotations

from typing import Any

from ..context import CallContext
from ..errors import ValidationError
from ..media import MediaInput, resolve_media
from ..method import task_method
from ..plan import Job, Steps
from ..types import ClassificationOutput, ImageSegmentationOutput, ObjectDetectionOutput
from .job_shapes import binary_job, clean, json_job, list_of, reply_json
from .reply_media import decode_mask
from .text import parse_classification

__all__ = ["VisionMethods", "parse_detections", "parse_segments"]


def parse_detections(data: Any) -> list[ObjectDetectionOutput]:
    return list_of(ObjectDetectionOutput, data, "object-detection", ("label", "score", "box"))


def parse_segments(data: Any) -> list[ImageSegmentationOutput]:
    segments = list_of(ImageSegmentationOutput, data, "image-segmentation", ("label", "mask"))
    for segment in segments:
        segment["mask"] = decode_mask(segment["mask"])
        segment.setdefault("score", None)
    return segments


def _at_least_two(labels: list[str]) -> list[str]:
    labels = [label.strip() for label in labels if label and label.strip()]
    if len(labels) < 2:
        raise ValidationError("Give at least 2 candidate labels.")
    return labels


class VisionMethods:
    """Task methods that label an image or its regions."""

    @task_method
    def image_classification(
        self,
        image: MediaInput,
        model: str | None = None,
        *,
        top_k: int | None = None,
        function_to_apply: str | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Classify an image.

        Args:
            image: the image: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many labels to return.
            function_to_apply: "sigmoid", "softmax" or "none", applied to the scores.

        Returns:
            `list[ClassificationOutput]`: `{"label", "score"}` dicts, best first.

        Raises:
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of labels with scores.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.image_classification("dog.jpg")
            [{'score': 0.9779, 'label': 'Blenheim spaniel'}, ...]
        """
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
        """Detect the objects of an image, with their boxes.

        Args:
            image: the image: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one (DETR).
            threshold: the lowest score a detection needs to be returned.

        Returns:
            `list[ObjectDetectionOutput]`: `{"label", "score", "box": {"xmin", "ymin", "xmax",
            "ymax"}}` dicts, boxes in the input image's pixels.

        Raises:
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of boxes (a `ValueError`, as in
                huggingface_hub).

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.object_detection("people.jpg")
            [{'score': 0.9487, 'label': 'person',
              'box': {'xmin': 59, 'ymin': 39, 'xmax': 420, 'ymax': 510}}, ...]
        """
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
        """Segment an image into labelled masks.

        Args:
            image: the image: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            threshold: the lowest score a segment needs to be returned.
            mask_threshold: the probability above which a pixel belongs to a mask.
            overlap_mask_area_threshold: merge or drop small disconnected parts of masks.
            subtask: "panoptic", "instance" or "semantic", for models that do several.

        Returns:
            `list[ImageSegmentationOutput]`: `{"label", "score", "mask"}` dicts; each mask is
            a PIL image of mode "L" (255 inside the segment), `score` None when the server
            gives none. Needs Pillow.

        Raises:
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of masks, or a mask is not a PNG.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.image_segmentation("cat.jpg")
            [{'score': 0.989, 'label': 'LABEL_184',
              'mask': <PIL.PngImagePlugin.PngImageFile image mode=L size=400x300>}, ...]
        """
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
    def zero_shot_image_classification(
        self,
        image: MediaInput,
        labels: list[str],
        model: str | None = None,
        *,
        hypothesis_template: str | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Score an image against labels chosen at call time (CLIP-style models).

        Args:
            image: the image: bytes, a file path, an open binary file, or a URL (fetched by
                the client, size-capped).
            labels: the candidate labels, at least 2.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            hypothesis_template: the sentence each label is put in, e.g.
                "a photo of a {}.".

        Returns:
            `list[ClassificationOutput]`: one `{"label", "score"}` per candidate, best first.

        Raises:
            ValidationError: fewer than 2 labels are given (nothing is sent).
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not a list of labels with scores.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.zero_shot_image_classification("dog.jpg", labels=["dog", "cat", "horse"])
            [{'label': 'dog', 'score': 0.956}, {'label': 'cat', 'score': 0.039}, ...]
        """
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
