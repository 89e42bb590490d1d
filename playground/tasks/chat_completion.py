"""Chat completion: a streamed conversation with an OpenAI-style chat model.

The tab itself lives in `playground/ui/chat_tab.py` (a chatbot, not the generic form); this module
holds what is pure: the parameters, how the conversation becomes the call, and how a reply reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

__all__ = [
    "SPEC",
    "build_call",
    "chunk_text",
    "conversation",
    "message_text",
    "unescape_stops",
]

Message = dict[str, Any]


def unescape_stops(stops: Sequence[str] | None) -> list[str] | None:
    """Stop strings typed in a one-line box: `\\n` and `\\t` stand for a newline and a tab."""
    if not stops:
        return None
    return [stop.replace("\\n", "\n").replace("\\t", "\t") for stop in stops]


def message_text(content: Any) -> str:
    """The text of a message's content: a string, or the text parts of a list of parts (the
    Chatbot hands back `[{"type": "text", "text": ...}]`)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text") or "")
    if isinstance(content, Sequence):
        return "".join(message_text(part) for part in content)
    return str(content)


def conversation(
    system: str | None, history: Sequence[Mapping[str, Any]], message: str | None = None
) -> list[Message]:
    """The messages to send: the system prompt, the turns so far (as plain text), the new one."""
    messages: list[Message] = []
    if system and system.strip():
        messages.append({"role": "system", "content": system.strip()})
    for turn in history:
        role = turn.get("role")
        if role in ("user", "assistant"):
            messages.append({"role": role, "content": message_text(turn.get("content"))})
    if message is not None:
        messages.append({"role": "user", "content": message})
    return messages


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    """inputs: `system`, `history` (earlier turns), `message` (None when regenerating)."""
    messages = conversation(
        inputs.get("system"), inputs.get("history") or (), inputs.get("message")
    )
    if not messages or messages[-1]["role"] != "user":
        raise ValueError("there is no user message to answer; type one first.")
    kwargs = only(
        stream=True,
        max_tokens=params.get("max_tokens"),
        temperature=params.get("temperature"),
        top_p=params.get("top_p"),
        seed=params.get("seed"),
        stop=unescape_stops(params.get("stop")),
        frequency_penalty=params.get("frequency_penalty"),
        presence_penalty=params.get("presence_penalty"),
        extra_body=dict(params.get("extra_body") or {}) or None,
    )
    return CallArgs((messages,), kwargs)


def chunk_text(chunk: Any) -> str:
    """The text a streamed chunk adds (tool calls are shown as `name(arguments)` fragments)."""
    choices = chunk.get("choices") if isinstance(chunk, Mapping) else None
    if not choices:
        return ""
    delta = choices[0].get("delta") or {}
    text = delta.get("content") or ""
    for call in delta.get("tool_calls") or []:
        function = call.get("function") or {}
        if function.get("name"):
            text += f"\n🔧 {function['name']}("
        arguments = function.get("arguments")
        if arguments:
            text += arguments if isinstance(arguments, str) else str(arguments)
    return text


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    """A non-streamed reply (`ChatCompletionOutput`) as the assistant's text."""
    choices = result.get("choices") if isinstance(result, Mapping) else None
    message = (choices[0].get("message") or {}) if choices else {}
    return {"reply": message_text(message.get("content"))}


SPEC = TaskSpec(
    id="chat-completion",
    title="Chat",
    group="Chat & generation",
    description="Talk to a chat model. Replies stream in token by token; Stop ends the "
    "generation on the server too. The system prompt and parameters apply to the next reply.",
    method="chat_completion",
    inputs=[
        Field("message", "Message", "textarea", lines=2, max_chars=20_000),
        Field(
            "system",
            "System prompt",
            "textarea",
            value="You are a helpful assistant. Answer briefly.",
            optional=True,
        ),
    ],
    params=[
        Param("max_tokens", "Max tokens", "int", value=512, minimum=1, info="Reply length cap."),
        Param(
            "temperature",
            "Temperature",
            "float",
            minimum=0,
            maximum=2,
            step=0.1,
            info="0 = deterministic; empty = server default.",
        ),
        Param("top_p", "Top p", "float", minimum=0, maximum=1, step=0.05),
        Param("seed", "Seed", "int", minimum=0, info="Same seed, same sampled reply."),
        Param("stop", "Stop", "labels", info="Comma-separated; \\n means a newline."),
        Param("frequency_penalty", "Frequency penalty", "float", minimum=-2, maximum=2, step=0.1),
        Param("presence_penalty", "Presence penalty", "float", minimum=-2, maximum=2, step=0.1),
    ],
    outputs=[OutputWidget("reply", "Reply", "text")],
    build_call=build_call,
    render=view,
    examples=[
        Example({"message": "Write a haiku about the sea."}, "Haiku"),
        Example({"message": "Explain what an API is to a ten-year-old."}, "Explain"),
        Example({"message": "Give me three names for a friendly robot."}, "Names"),
    ],
    local_model=local_model("chat-completion"),
    hub_models=(
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-7B-Instruct",
        "HuggingFaceTB/SmolLM3-3B",
        "mistralai/Mistral-7B-Instruct-v0.3",
    ),
    streaming=True,
    layout="chat",
    promise="a stream of chat.completion.chunk events whose choices[0].delta.content pieces "
    "make up the reply",
)
