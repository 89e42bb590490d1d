"""Text-generation and chat-completion outputs (huggingface_hub 0.17 names for text generation,
OpenAI names for chat). Attribute access as in 0.17's dataclasses; indexing works too."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar, Self

from .types import Output

__all__ = [
    "BestOfSequence",
    "ChatCompletionOutput",
    "ChatCompletionOutputChoice",
    "ChatCompletionOutputMessage",
    "ChatCompletionOutputToolCall",
    "ChatCompletionStreamOutput",
    "ChatCompletionStreamOutputChoice",
    "ChatCompletionStreamOutputDelta",
    "ChatCompletionUsage",
    "Details",
    "FinishReason",
    "InputToken",
    "StreamDetails",
    "TextGenerationResponse",
    "TextGenerationStreamResponse",
    "Token",
    "finish_reason",
]


class FinishReason(StrEnum):
    Length = "length"
    EndOfSequenceToken = "eos_token"
    StopSequence = "stop_sequence"


_OPENAI_FINISH = {"stop": FinishReason.EndOfSequenceToken, "length": FinishReason.Length}


def finish_reason(value: Any) -> Any:
    """A FinishReason when the server's value is one, the raw value otherwise."""
    if isinstance(value, str):
        try:
            return FinishReason(value)
        except ValueError:
            return _OPENAI_FINISH.get(value, value)
    return value


class InputToken(Output):
    id: int
    text: str
    logprob: float | None


class Token(Output):
    id: int
    text: str
    logprob: float | None
    special: bool


class _WithFinishReason(Output):
    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        out = super().parse(data)
        if "finish_reason" in out:
            dict.__setitem__(out, "finish_reason", finish_reason(out["finish_reason"]))
        return out


class BestOfSequence(_WithFinishReason):
    generated_text: str
    finish_reason: FinishReason
    generated_tokens: int
    seed: int | None
    prefill: list[InputToken]
    tokens: list[Token]
    _nested_lists: ClassVar[dict[str, type[Output]]] = {"prefill": InputToken, "tokens": Token}


class Details(_WithFinishReason):
    finish_reason: FinishReason
    generated_tokens: int
    seed: int | None
    prefill: list[InputToken]
    tokens: list[Token]
    best_of_sequences: list[BestOfSequence] | None
    _nested_lists: ClassVar[dict[str, type[Output]]] = {
        "prefill": InputToken,
        "tokens": Token,
        "best_of_sequences": BestOfSequence,
    }

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        out = super().parse(data)
        out.setdefault("prefill", [])
        out.setdefault("tokens", [])
        out.setdefault("best_of_sequences", None)
        return out


class StreamDetails(_WithFinishReason):
    finish_reason: FinishReason
    generated_tokens: int
    seed: int | None


class TextGenerationResponse(Output):
    generated_text: str
    details: Details | None
    _nested: ClassVar[dict[str, type[Output]]] = {"details": Details}


class TextGenerationStreamResponse(Output):
    token: Token
    generated_text: str | None
    details: StreamDetails | None
    _nested: ClassVar[dict[str, type[Output]]] = {"token": Token, "details": StreamDetails}


class ChatCompletionOutputFunction(Output):
    name: str
    arguments: str
    description: str | None


class ChatCompletionOutputToolCall(Output):
    id: str
    type: str
    function: ChatCompletionOutputFunction
    # `builtins.type`: in this class body `type` names the field above.
    _nested: ClassVar[dict[str, builtins.type[Output]]] = {"function": ChatCompletionOutputFunction}


class ChatCompletionOutputMessage(Output):
    role: str
    content: str | None
    tool_calls: list[ChatCompletionOutputToolCall] | None
    _nested_lists: ClassVar[dict[str, type[Output]]] = {"tool_calls": ChatCompletionOutputToolCall}


class ChatCompletionOutputChoice(Output):
    index: int
    message: ChatCompletionOutputMessage
    logprobs: Any
    finish_reason: str | None
    _nested: ClassVar[dict[str, type[Output]]] = {"message": ChatCompletionOutputMessage}


class ChatCompletionUsage(Output):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletionOutput(Output):
    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[ChatCompletionOutputChoice]
    usage: ChatCompletionUsage | None
    _nested: ClassVar[dict[str, type[Output]]] = {"usage": ChatCompletionUsage}
    _nested_lists: ClassVar[dict[str, type[Output]]] = {"choices": ChatCompletionOutputChoice}


class ChatCompletionStreamOutputDelta(Output):
    role: str | None
    content: str | None
    tool_calls: list[ChatCompletionOutputToolCall] | None
    _nested_lists: ClassVar[dict[str, type[Output]]] = {"tool_calls": ChatCompletionOutputToolCall}


class ChatCompletionStreamOutputChoice(Output):
    index: int
    delta: ChatCompletionStreamOutputDelta
    logprobs: Any
    finish_reason: str | None
    _nested: ClassVar[dict[str, type[Output]]] = {"delta": ChatCompletionStreamOutputDelta}


class ChatCompletionStreamOutput(Output):
    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[ChatCompletionStreamOutputChoice]
    usage: ChatCompletionUsage | None
    _nested: ClassVar[dict[str, type[Output]]] = {"usage": ChatCompletionUsage}
    _nested_lists: ClassVar[dict[str, type[Output]]] = {"choices": ChatCompletionStreamOutputChoice}
