"""Tasks that make an image: text-to-image and image-to-image (diffusion models)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CallContext, send
from ..media import MediaInput, resolve_media
from ..method import task_method
from ..plan import Job, Reply, Steps
from ..targets import task_url
from .job_shapes import clean, require_text
from .reply_media import decode_image

__all__ = ["ImageGenerationMethods"]

IMAGE_ACCEPT = "image/png"


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


class ImageGenerationMethods:
    """Task methods that return a generated image."""

    @task_method  # type: ignore[arg-type]  # `self` then **kwargs: see task_method.__init__
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
        """Transform an image, optionally guided by a prompt.

        Args:
            image: the input image: bytes, a file path, an open binary file, or a URL
                (fetched by the client, size-capped).
            prompt: what the new image should show.
            negative_prompt: what it should not show.
            height: the height in pixels of the new image.
            width: the width in pixels of the new image.
            num_inference_steps: denoising steps; more is usually better and slower.
            guidance_scale: how closely to follow the prompt (higher: closer, often at some
                cost in image quality).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            **kwargs: more parameters for the model, sent as given (e.g. `strength`).

        Returns:
            `PIL.Image.Image`: the new image (from raw bytes, base64 JSON, or a URL the
            server answered with). Needs Pillow.

        Raises:
            InputError: the image can't be read or fetched, or is too large.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not an image.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> image = client.image_to_image("cat.jpg", prompt="turn the cat into a tiger")
            >>> image.save("tiger.jpg")
        """
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

    @task_method  # type: ignore[arg-type]  # `self` then **kwargs: see task_method.__init__
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
        """Generate an image from a prompt.

        Args:
            prompt: what the image should show.
            negative_prompt: what it should not show.
            height: the height in pixels of the image.
            width: the width in pixels of the image.
            num_inference_steps: denoising steps; more is usually better and slower.
            guidance_scale: how closely to follow the prompt (higher: closer, often at some
                cost in image quality).
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            **kwargs: more parameters for the model, sent as given (e.g. `seed`).

        Returns:
            `PIL.Image.Image`: the generated image. Needs Pillow.

        Raises:
            ValidationError: `prompt` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply is not an image.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> image = client.text_to_image("An astronaut riding a horse on the moon.")
            >>> image.save("astronaut.png")
        """
        require_text(prompt, "prompt")
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
