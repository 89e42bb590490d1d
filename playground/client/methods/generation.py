"""Text generation: 0.17's parameters and validation, TGI / transformers / OpenAI-completions
servers, details and streaming."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from ..bodies import given
from ..context import CallContext, send
from ..errors import BadRequestError, ResponseFormatError, ValidationError
from ..families import adapter_for
from ..generation_types import (
    Details,
    StreamDetails,
    TextGenerationResponse,
    TextGenerationStreamResponse,
    Token,
    finish_reason,
)
from ..method import task_method
from ..plan import Job, Reply, Request, Steps, Streamed
from ..targets import Target, task_url
from .job_shapes import reply_json, served_model_name, unwrap_single
from .stream_handlers import JSONStreamHandler

__all__ = ["GenerationMethods", "generation_body", "validate_generation"]

TASK = "text-generation"
_UNUSED_KWARGS = re.compile(r"model_kwargs` are not used by the model: \[([^\]]*)\]")


def _positive(name: str, value: float | None) -> None:
    if value is not None and value <= 0:
        raise ValidationError(f"`{name}` must be strictly positive")


def _open_unit(name: str, value: float | None) -> None:
    if value is not None and not 0.0 < value < 1.0:
        raise ValidationError(f"`{name}` must be > 0.0 and < 1.0")


def validate_generation(params: Mapping[str, Any], *, stream: bool) -> None:
    """huggingface_hub 0.17's checks (its pydantic validators), before anything is sent."""
    best_of = params.get("best_of")
    if best_of is not None:
        _positive("best_of", best_of)
        sampling = params.get("do_sample") or any(
            params.get(key) is not None for key in ("temperature", "top_k", "top_p", "typical_p")
        )
        if best_of > 1 and params.get("seed") is not None:
            raise ValidationError("`seed` must not be set when `best_of` is > 1")
        if best_of > 1 and not sampling:
            raise ValidationError("you must use sampling when `best_of` is > 1")
        if best_of > 1 and stream:
            raise ValidationError("`best_of` != 1 is not supported when `stream` == True")
    for name in ("repetition_penalty", "temperature", "top_k", "truncate", "max_new_tokens"):
        _positive(name, params.get(name))
    if params.get("seed") is not None and params["seed"] < 0:
        raise ValidationError("`seed` must be positive")
    _open_unit("top_p", params.get("top_p"))
    _open_unit("typical_p", params.get("typical_p"))
    if stream and params.get("decoder_input_details"):
        raise ValidationError(
            "`decoder_input_details` == True is not supported when `stream` == True"
        )


def generation_body(
    prompt: str, params: Mapping[str, Any], target: Target, name: str | None, *, stream: bool
) -> dict[str, Any]:
    """The request body for the target's family."""
    return adapter_for(target.family).generation_body(prompt, params, name, stream=stream)


def warn_ignored(names: AbstractSet[str], params: Mapping[str, Any]) -> None:
    """huggingface_hub 0.17: "If some parameters are ignored, a warning message is triggered but
    the process continues correctly." Only parameters the caller actually set are named."""
    ignored = sorted(name for name in names if given(params.get(name)))
    if not ignored:
        return
    message = (
        "The text-generation model is not served by TGI; these parameters were ignored: "
        + ", ".join(f"`{name}`" for name in ignored)
        + "."
    )
    if "details" in ignored:
        message += " Without `details` only the generated text comes back (details=None)."
    warnings.warn(message, UserWarning, stacklevel=2)


def _openai_details(choice: Mapping[str, Any], usage: Mapping[str, Any]) -> Details:
    logprobs = choice.get("logprobs") or {}
    tokens = [
        {"id": 0, "text": text, "logprob": logprob, "special": False}
        for text, logprob in zip(
            logprobs.get("tokens") or [], logprobs.get("token_logprobs") or [], strict=False
        )
    ]
    return Details.parse(
        {
            "finish_reason": finish_reason(choice.get("finish_reason")),
            "generated_tokens": usage.get("completion_tokens", len(tokens)),
            "tokens": tokens,
        }
    )


def parse_generation(data: Any, *, details: bool) -> Any:
    """TGI object, transformers list-of-one, or OpenAI completion → str or details response."""
    if isinstance(data, Mapping) and "choices" in data:
        choice = (data.get("choices") or [{}])[0]
        text = choice.get("text") or ""
        if not details:
            return text
        return TextGenerationResponse(
            generated_text=text, details=_openai_details(choice, data.get("usage") or {})
        )
    data = unwrap_single(data)
    if not isinstance(data, Mapping) or not isinstance(data.get("generated_text"), str):
        raise ResponseFormatError(
            f"Expected {{generated_text}} for text-generation, got {data!r:.200}", body=data
        )
    return TextGenerationResponse.parse(data) if details else data["generated_text"]


def _refused_parameters(error: BadRequestError) -> set[str]:
    match = _UNUSED_KWARGS.search(error.server_message or error.body)
    if not match:
        return set()
    return {name.strip().strip("'\"") for name in match.group(1).split(",") if name.strip()}


def _generate(
    ctx: CallContext,
    prompt: str,
    model: str | None,
    params: dict[str, Any],
    stream: bool,
    details: bool,
) -> Steps[Any]:
    target, name = ctx.named_target(TASK, model)
    name = yield from served_model_name(ctx, target, name)
    url = task_url(target, TASK, stream=stream)
    warn_ignored(adapter_for(target.family).generation_ignores(params), params)
    for attempt in range(2):
        refused = ctx.memory.refused(target.url)
        warn_ignored(refused, params)
        kept = {k: v for k, v in params.items() if k not in refused}
        body = generation_body(prompt, kept, target, name, stream=stream)

        def request(wait: bool, body: dict[str, Any] = body) -> Request:
            return ctx.request(target, url, json=body, stream=stream, wait_for_model=wait)

        try:
            reply: Reply = yield from send(ctx, request)
        except BadRequestError as error:
            newly_refused = _refused_parameters(error)
            if attempt or not newly_refused:
                raise
            ctx.memory.refuse(target.url, newly_refused)
            continue
        if stream:
            return Streamed(TextGenerationStreamHandler(url, details=details), reply)
        return parse_generation(reply_json(reply, TASK), details=details)
    raise AssertionError("unreachable")  # pragma: no cover


class TextGenerationStreamHandler(JSONStreamHandler):
    """TGI token events, OpenAI completion chunks, Ollama `/api/generate` lines, or a plain
    JSON reply from a server that doesn't stream — all as TextGenerationStreamResponse, or, when
    `details` is off, every token's text, special tokens (`</s>`) included, as huggingface_hub
    0.17 yields them (`token.special` tells them apart when `details` is on)."""

    def __init__(self, url: str, *, details: bool) -> None:
        super().__init__(url)
        self.details = details
        self.text_so_far: list[str] = []
        self.count = 0

    def convert(self, obj: Any) -> list[Any]:
        if isinstance(obj, list):
            obj = obj[0] if obj else {}
        if not isinstance(obj, dict):
            raise ResponseFormatError(f"Unexpected stream event: {obj!r:.200}")
        token = obj.get("token")
        if not self.details and isinstance(token, dict) and obj.get("generated_text") is None:
            self.count += 1  # the common case, kept cheap: a token's text, nothing to build
            return [token.get("text", "")]
        if token is not None:
            response = TextGenerationStreamResponse.parse(obj)
        elif "choices" in obj:
            response = self._from_openai(obj)
        elif "response" in obj and "done" in obj:
            response = self._from_ollama(obj)
        elif "generated_text" in obj:
            response = self._whole_text(obj)
        else:
            raise ResponseFormatError(f"Unexpected stream event: {json.dumps(obj)[:200]}")
        return self._emit(response)

    def _emit(self, response: TextGenerationStreamResponse) -> list[Any]:
        self.count += 1
        if response.get("generated_text") is not None:
            self.finished = self.terminated = True
        if response.get("details") is None:
            response["details"] = None
        response.setdefault("generated_text", None)
        return [response] if self.details else [response["token"]["text"]]

    def _token(self, text: str, logprob: float | None = None) -> Token:
        self.text_so_far.append(text)
        return Token(id=0, text=text, logprob=logprob, special=False)

    def _final(self, response: TextGenerationStreamResponse, reason: Any) -> None:
        response["generated_text"] = "".join(self.text_so_far)
        response["details"] = StreamDetails(
            finish_reason=finish_reason(reason), generated_tokens=self.count + 1, seed=None
        )

    def _from_openai(self, obj: Mapping[str, Any]) -> TextGenerationStreamResponse:
        choice = (obj.get("choices") or [{}])[0]
        response = TextGenerationStreamResponse(token=self._token(choice.get("text") or ""))
        if choice.get("finish_reason"):
            self._final(response, choice["finish_reason"])
        return response

    def _from_ollama(self, obj: Mapping[str, Any]) -> TextGenerationStreamResponse:
        response = TextGenerationStreamResponse(token=self._token(obj.get("response") or ""))
        if obj.get("done"):
            self._final(response, obj.get("done_reason") or "stop")
        return response

    def _whole_text(self, obj: Mapping[str, Any]) -> TextGenerationStreamResponse:
        text = str(obj["generated_text"])
        details = obj.get("details") or {}
        response = TextGenerationStreamResponse(
            token=Token(id=0, text=text, logprob=None, special=False)
        )
        response["generated_text"] = text
        response["details"] = StreamDetails(
            finish_reason=finish_reason(details.get("finish_reason", "length")),
            generated_tokens=details.get("generated_tokens", 1),
            seed=details.get("seed"),
        )
        return response


class GenerationMethods:
    """Text generation with huggingface_hub 0.17's signature."""

    @task_method
    def text_generation(
        self,
        prompt: str,
        *,
        details: bool = False,
        stream: bool = False,
        model: str | None = None,
        do_sample: bool = False,
        max_new_tokens: int = 20,
        best_of: int | None = None,
        repetition_penalty: float | None = None,
        return_full_text: bool = False,
        seed: int | None = None,
        stop_sequences: list[str] | None = None,
        temperature: float | None = None,
        top_k: int | None = None,
        top_p: float | None = None,
        truncate: int | None = None,
        typical_p: float | None = None,
        watermark: bool = False,
        decoder_input_details: bool = False,
        grammar: dict[str, Any] | None = None,
        top_n_tokens: int | None = None,
        frequency_penalty: float | None = None,
        adapter_id: str | None = None,
    ) -> Job[Any]:
        """Continue a prompt with a language model.

        Speaks TGI (`/generate`, `/generate_stream`), the serverless transformers pipeline and
        OpenAI-compatible `/v1/completions`. Some parameters exist only on TGI: on other
        servers they are dropped and a `UserWarning` names them, and the call goes on.

        Args:
            prompt: the text to continue.
            details: return a `TextGenerationResponse` with the tokens, their log-probabilities
                and the finish reason, instead of a `str`.
            stream: yield tokens as they are generated.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            do_sample: sample the next token instead of taking the likeliest.
            max_new_tokens: the most tokens to generate.
            best_of: generate that many sequences and return the likeliest (needs sampling;
                not with `stream`).
            repetition_penalty: above 1.0, penalise tokens already generated.
            return_full_text: start the answer with the prompt.
            seed: the random seed, for reproducible sampling.
            stop_sequences: stop when one of these strings is generated.
            temperature: sampling temperature; higher is more random.
            top_k: sample among the `top_k` likeliest tokens only.
            top_p: sample among the likeliest tokens whose probabilities add up to `top_p`.
            truncate: keep only the last `truncate` tokens of the prompt.
            typical_p: typical decoding mass.
            watermark: watermark the output (TGI).
            decoder_input_details: return the prompt's tokens too (TGI; needs `details`, not
                with `stream`).
            grammar: constrain the output, e.g. `{"type": "json", "value": schema}` (TGI).
            top_n_tokens: return the `top_n_tokens` likeliest alternatives of each token (TGI).
            frequency_penalty: penalise tokens by how often they already appear.
            adapter_id: the LoRA adapter to generate with (TGI multi-LoRA).

        Returns:
            `str` by default; `TextGenerationResponse` with `details=True`; with
            `stream=True`, an iterator of each token's text (special tokens such as `</s>`
            included, as huggingface_hub 0.17 yields them), or of
            `TextGenerationStreamResponse` events with `details=True` (the last one carries
            `generated_text` and `details`).

        Raises:
            ValidationError: invalid parameters, checked before anything is sent.
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message
                (`BadRequestError` for validation errors, `GenerationError` for failures
                during generation, also when they arrive inside a stream).
            StreamInterruptedError: a stream ended before the generation finished.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.text_generation("The huggingface_hub library is ", max_new_tokens=12)
            '100% open source and built to be easy to use.'
            >>> for token in client.text_generation("The huggingface_hub library is ",
            ...                                     max_new_tokens=12, stream=True):
            ...     print(token, end="")
            100% open source and built to be easy to use.
        """
        if not isinstance(prompt, str):
            raise ValidationError("`prompt` must be a string.")
        params: dict[str, Any] = {
            "do_sample": do_sample,
            "max_new_tokens": max_new_tokens,
            "best_of": best_of,
            "repetition_penalty": repetition_penalty,
            "return_full_text": return_full_text,
            "seed": seed,
            "stop": list(stop_sequences or []),
            "temperature": temperature,
            "top_k": top_k,
            "top_p": top_p,
            "truncate": truncate,
            "typical_p": typical_p,
            "watermark": watermark,
            "details": details or None,
            "decoder_input_details": decoder_input_details,
            "grammar": grammar,
            "top_n_tokens": top_n_tokens,
            "frequency_penalty": frequency_penalty,
            "adapter_id": adapter_id,
        }
        validate_generation(params, stream=stream)
        return Job(TASK, lambda ctx: _generate(ctx, prompt, model, params, stream, details))
