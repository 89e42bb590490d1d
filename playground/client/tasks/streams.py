"""Stream handlers: decoded events in, items out. Errors inside a 200 stream raise here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..error_mapping import error_from_stream_event
from ..errors import ResponseFormatError, StreamInterruptedError
from ..generation_types import (
    ChatCompletionStreamOutput,
    StreamDetails,
    TextGenerationStreamResponse,
    Token,
    finish_reason,
)
from ..plan import StreamHandler, parse_json
from .chat_format import normalize_tool_calls

__all__ = [
    "ChatStreamHandler",
    "JSONStreamHandler",
    "RawLinesHandler",
    "TextGenerationStreamHandler",
]


_decode = json.JSONDecoder().decode


class JSONStreamHandler(StreamHandler):
    """Shared event handling: `[DONE]`, llama.cpp `error:` lines, JSON decoding, error objects."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.finished = False
        self.terminated = False

    def on_event(self, data: str, error: str | None) -> list[Any]:
        if error is not None:
            raise _stream_error(_json_object(error) or {"message": error}, self.url)
        text = data.strip()
        if not text:
            return []
        if text == "[DONE]":
            self.finished = self.terminated = True
            return []
        try:
            obj = _decode(text)
        except ValueError:
            raise ResponseFormatError(
                f"The stream sent an event that is not JSON: {text[:200]}"
            ) from None
        if isinstance(obj, dict) and (obj.get("error") or obj.get("object") == "error"):
            stream_error = error_from_stream_event(obj, self.url)
            if stream_error is not None:
                raise stream_error
        return self.convert(obj)

    def convert(self, obj: Any) -> list[Any]:
        raise NotImplementedError

    def on_end(self) -> list[Any]:
        if not self.terminated:
            raise StreamInterruptedError(
                f"The stream from {self.url} ended before the generation finished.",
                hint="Try again; the server may have been restarted or overloaded.",
            )
        return []


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = parse_json(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _stream_error(obj: Mapping[str, Any], url: str) -> Exception:
    wrapped = obj if "error" in obj else {"error": obj}
    return error_from_stream_event(wrapped, url) or ResponseFormatError(str(obj))


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


class RawLinesHandler(StreamHandler):
    """`post(stream=True)`: every non-empty line as bytes, as huggingface_hub 0.17 yielded them."""

    framing = "lines"

    def on_event(self, data: str, error: str | None) -> list[Any]:
        return [data.encode()] if data else []
