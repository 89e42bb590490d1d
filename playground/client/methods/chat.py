"""OpenAI-style chat completion, on hf-inference, TGI, endpoints and OpenAI-compatible servers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..context import CallContext, send
from ..error_mapping import error_from_stream_event
from ..errors import ResponseFormatError, ValidationError
from ..families import adapter_for
from ..generation_types import ChatCompletionOutput, ChatCompletionStreamOutput
from ..method import task_method
from ..plan import Job, Reply, Steps, Streamed
from ..targets import task_url
from .job_shapes import clean, reply_json, served_model_name
from .stream_handlers import JSONStreamHandler

__all__ = ["ChatMethods", "parse_chat"]

TASK = "chat-completion"


def json_ready(value: Any, what: str) -> Any:
    """`value` as given, once it is known to encode as JSON. The server judges the rest (a
    string for `messages`, an unknown role...): its own answer is what a QA tool must show."""
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{what} can't be sent as JSON: {exc}") from None
    return value


def normalize_tool_calls(tool_calls: list[Any]) -> None:
    """TGI before 3.2 sent `function.arguments` as an object; OpenAI sends a JSON string."""
    for call in tool_calls:
        function = call.get("function") if isinstance(call, Mapping) else None
        if isinstance(function, dict) and isinstance(function.get("arguments"), (dict, list)):
            function["arguments"] = json.dumps(function["arguments"])


def parse_chat(reply: Reply) -> ChatCompletionOutput:
    data = reply_json(reply, TASK)
    if isinstance(data, Mapping):
        error = error_from_stream_event(data, reply.url)
        if error is not None:
            raise error
    if not isinstance(data, Mapping) or not isinstance(data.get("choices"), list):
        raise ResponseFormatError(
            f"Expected a chat completion with choices, got {data!r:.200}", body=data
        )
    output = ChatCompletionOutput.parse(data)
    for choice in output["choices"]:
        message = choice.get("message") or {}
        if message.get("tool_calls"):
            normalize_tool_calls(message["tool_calls"])
    return output


def _chat(ctx: CallContext, messages: Any, model: str | None, params: dict[str, Any]) -> Steps[Any]:
    target, name = ctx.named_target(TASK, model)
    name = yield from served_model_name(ctx, target, name)
    family = adapter_for(target.family)
    if name is None:
        name = family.chat_model_placeholder
    params = dict(params)
    stream = bool(params.get("stream"))
    if "response_format" in params:
        params["response_format"] = family.chat_response_format(params["response_format"])
    body = clean({"model": name, "messages": messages, **params})
    url = task_url(target, TASK)
    reply: Reply = yield from send(
        ctx, lambda wait: ctx.request(target, url, json=body, stream=stream, wait_for_model=wait)
    )
    if stream:
        return Streamed(ChatStreamHandler(url), reply)
    return parse_chat(reply)


class ChatStreamHandler(JSONStreamHandler):
    """OpenAI chat chunks (TGI, vLLM, llama.cpp, Ollama's /v1) and Ollama `/api/chat` lines."""

    def convert(self, obj: Any) -> list[Any]:
        if not isinstance(obj, Mapping):
            raise ResponseFormatError(f"Unexpected chat stream event: {obj!r:.200}")
        if "message" in obj and "done" in obj:
            obj = _ollama_chunk(obj)
        elif "choices" not in obj:
            raise ResponseFormatError(f"Unexpected chat stream event: {json.dumps(obj)[:200]}")
        chunk = ChatCompletionStreamOutput.parse(obj)
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            if delta.get("tool_calls"):
                normalize_tool_calls(delta["tool_calls"])
            if choice.get("finish_reason"):
                self.terminated = True
        return [chunk]


def _ollama_chunk(obj: Mapping[str, Any]) -> dict[str, Any]:
    message = obj.get("message") or {}
    reason = (obj.get("done_reason") or "stop") if obj.get("done") else None
    return {
        "object": "chat.completion.chunk",
        "model": obj.get("model", ""),
        "created": 0,
        "id": "",
        "choices": [
            {
                "index": 0,
                "finish_reason": reason,
                "logprobs": None,
                "delta": {
                    "role": message.get("role", "assistant"),
                    "content": message.get("content", ""),
                },
            }
        ],
    }


class ChatMethods:
    """Chat completion, OpenAI style (beyond huggingface_hub 0.17)."""

    @task_method
    def chat_completion(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str | None = None,
        stream: bool = False,
        max_tokens: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        seed: int | None = None,
        stop: list[str] | None = None,
        frequency_penalty: float | None = None,
        presence_penalty: float | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        n: int | None = None,
        tools: list[dict[str, Any]] | None = None,
        tool_choice: Any = None,
        tool_prompt: str | None = None,
        response_format: Any = None,
        stream_options: dict[str, Any] | None = None,
        extra_body: dict[str, Any] | None = None,
    ) -> Job[Any]:
        """Answer a conversation with a chat model (OpenAI's chat completions API).

        Works with TGI's Messages API, the HF router, and OpenAI-compatible servers (vLLM,
        llama.cpp, Ollama...). What you give is sent as given: the server judges the
        messages and parameters, and its own error message is raised.

        Args:
            messages: the conversation: `{"role", "content"}` dicts, oldest first (roles
                "system", "user", "assistant", "tool").
            model: a model id (a Hub id, or the name a server knows), or the URL of a
                server; None uses the client's model (asking an OpenAI-compatible server
                which model it serves).
            stream: yield chunks as they are generated.
            max_tokens: the most tokens to generate.
            temperature: sampling temperature; higher is more random.
            top_p: sample among the likeliest tokens whose probabilities add up to `top_p`.
            seed: the random seed, for reproducible sampling.
            stop: stop when one of these strings is generated.
            frequency_penalty: penalise tokens by how often they already appear.
            presence_penalty: penalise tokens that already appear at all.
            logprobs: return the log-probability of each token.
            top_logprobs: with `logprobs`, how many alternatives to return per token.
            n: how many answers to generate.
            tools: the functions the model may call (OpenAI tool format).
            tool_choice: "auto", "none", "required", or the function to call.
            tool_prompt: the text TGI puts before the tools.
            response_format: constrain the output: `{"type": "json_object"}`, or a JSON
                schema as `{"type": "json_schema", "json_schema": {...}}` (converted to TGI's
                grammar form for HF servers).
            stream_options: e.g. `{"include_usage": True}` for a final usage chunk.
            extra_body: more fields for the request body, sent as given.

        Returns:
            `ChatCompletionOutput` (`output.choices[0].message.content`); with `stream=True`
            an iterator of `ChatCompletionStreamOutput` chunks
            (`chunk.choices[0].delta.content`).

        Raises:
            ValidationError: `messages` or a parameter can't be encoded as JSON (nothing is
                sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message
                (also for errors sent inside a stream).
            StreamInterruptedError: a stream ended before the answer finished.
            ResponseFormatError: the reply is not a chat completion.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient("HuggingFaceTB/SmolLM2-1.7B-Instruct")
            >>> messages = [{"role": "user", "content": "What is the capital of France?"}]
            >>> output = client.chat_completion(messages, max_tokens=20)
            >>> output.choices[0].message.content
            'The capital of France is Paris.'
            >>> for chunk in client.chat_completion(messages, max_tokens=20, stream=True):
            ...     print(chunk.choices[0].delta.content or "", end="")
            The capital of France is Paris.
        """
        params = clean(
            {
                "stream": stream or None,
                "max_tokens": max_tokens,
                "temperature": temperature,
                "top_p": top_p,
                "seed": seed,
                "stop": stop,
                "frequency_penalty": frequency_penalty,
                "presence_penalty": presence_penalty,
                "logprobs": logprobs,
                "top_logprobs": top_logprobs,
                "n": n,
                "tools": tools,
                "tool_choice": tool_choice,
                "tool_prompt": tool_prompt,
                "response_format": response_format,
                "stream_options": stream_options,
            }
        )
        params.update(extra_body or {})
        json_ready(params, "The parameters")
        sent = json_ready(messages, "`messages`")
        return Job(TASK, lambda ctx: _chat(ctx, sent, model, params))
