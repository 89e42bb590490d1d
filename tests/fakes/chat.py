"""Chat completions: one deterministic engine, formatted per server dialect."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .payloads import FakeHTTPError
from .streams import DONE, dumps
from .textgen import GenParams, Token, count_tokens, generate, sample_from_schema

ErrorFactory = Callable[..., FakeHTTPError]


@dataclass(frozen=True)
class Dialect:
    name: str
    model_id: str
    fingerprint: str
    error: ErrorFactory
    completion_object: str = "chat.completion"
    first_delta: dict[str, Any] | None = None
    role_each_chunk: bool = False
    final_empty_chunk: bool = True
    tool_args_object: bool = False
    sse_space: bool = True
    done: bool = True
    empty_id: bool = False
    echo_model: bool = True
    chunk_usage_null: bool = False

    def model(self, requested: Any) -> str:
        if self.echo_model and isinstance(requested, str) and requested and requested != "tgi":
            return requested
        return self.model_id

    def sse(self, payload: str) -> bytes:
        return f"data:{' ' if self.sse_space else ''}{payload}\n\n".encode()


@dataclass
class ChatResult:
    tokens: list[Token]
    finish_reason: str
    prompt_tokens: int
    tool_call: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)

    def usage(self) -> dict[str, int]:
        completion = len(self.tokens)
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": self.prompt_tokens + completion,
        }


def message_text(message: Any) -> str:
    if not isinstance(message, dict):
        return ""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [p.get("text") for p in content if isinstance(p, dict)]
        return " ".join(t for t in texts if isinstance(t, str) and t)
    return ""


def image_count(messages: list[Any]) -> int:
    return sum(
        1
        for m in messages
        if isinstance(m, dict) and isinstance(m.get("content"), list)
        for p in m["content"]
        if isinstance(p, dict) and p.get("type") == "image_url"
    )


def last_user_text(messages: list[Any]) -> str:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return message_text(message)
    return ""


def prompt_token_count(messages: list[Any]) -> int:
    return sum(count_tokens(message_text(m)) + 3 for m in messages) + 1


def reply_text(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    text = f"Echo: {last_user_text(messages)}"
    images = image_count(messages)
    if images:
        text += f" [{images} image{'s' if images > 1 else ''}]"
    return text


def chosen_tool(body: dict[str, Any]) -> dict[str, Any] | None:
    tools = [t.get("function", {}) for t in body.get("tools") or [] if isinstance(t, dict)]
    choice = body.get("tool_choice", "auto")
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        return next((t for t in tools if t.get("name") == wanted), tools[0])
    return tools[0]


def structured_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    fmt = body.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") not in {"json_object", "json", "json_schema"}:
        return None
    value = fmt.get("json_schema") or fmt.get("value") or fmt.get("schema") or {}
    if isinstance(value, dict) and isinstance(value.get("schema"), dict):
        return value["schema"]
    return value if isinstance(value, dict) else {}


def stop_list(body: dict[str, Any]) -> list[str]:
    stop = body.get("stop")
    if isinstance(stop, str):
        return [stop]
    return [s for s in stop or [] if isinstance(s, str)]


def run_chat(body: dict[str, Any]) -> ChatResult:
    messages = body.get("messages") or []
    prompt = prompt_token_count(messages)
    hint = last_user_text(messages) or "example"
    tool = chosen_tool(body)
    if tool is not None:
        args = sample_from_schema(tool.get("parameters") or {"type": "object"}, hint)
        return ChatResult(
            [], "tool_calls", prompt, {"name": tool.get("name", ""), "arguments": args}
        )
    schema = structured_schema(body)
    text = json.dumps(sample_from_schema(schema, hint)) if schema is not None else reply_text(body)
    max_tokens = body.get("max_tokens", body.get("max_completion_tokens"))
    params = GenParams(max_new_tokens=max_tokens, stop=stop_list(body))
    generation = generate("", params, text=text)
    finish = "length" if generation.finish_reason == "length" else "stop"
    return ChatResult([t for t in generation.tokens if not t.special], finish, prompt)


def completion_id(dialect: Dialect, body: dict[str, Any]) -> str:
    if dialect.empty_id:
        return ""
    return f"chatcmpl-{zlib.crc32(dumps(body).encode()):08x}"


def logprobs_block(tokens: list[Token], top: int) -> dict[str, Any]:
    entries = []
    for token in tokens:
        alternatives = [{"token": token.text, "logprob": token.logprob}]
        alternatives += [
            {"token": f" alt{i}", "logprob": round((token.logprob or 0) - 0.5 * i, 4)}
            for i in range(1, top)
        ]
        entries.append(
            {"token": token.text, "logprob": token.logprob, "top_logprobs": alternatives[:top]}
        )
    return {"content": entries}


def tool_call_payload(
    dialect: Dialect, call: dict[str, Any], as_text: bool = False
) -> dict[str, Any]:
    as_object = dialect.tool_args_object and not as_text
    args = call["arguments"] if as_object else json.dumps(call["arguments"])
    call_id = "0" if dialect.empty_id else f"call_{zlib.crc32(call['name'].encode()):08x}"
    function = {"name": call["name"], "arguments": args}
    return {"id": call_id, "type": "function", "function": function}


def completion(dialect: Dialect, body: dict[str, Any], result: ChatResult) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": result.text}
    if result.tool_call is not None:
        message = {"role": "assistant", "content": None}
        message["tool_calls"] = [tool_call_payload(dialect, result.tool_call)]
    logprobs = (
        logprobs_block(result.tokens, int(body.get("top_logprobs") or 0))
        if body.get("logprobs")
        else None
    )
    choices = [
        {
            "index": i,
            "message": message,
            "logprobs": logprobs,
            "finish_reason": result.finish_reason,
        }
        for i in range(max(1, int(body.get("n") or 1)))
    ]
    return {
        "id": completion_id(dialect, body),
        "object": dialect.completion_object,
        "created": int(time.time()),
        "model": dialect.model(body.get("model")),
        "system_fingerprint": dialect.fingerprint,
        "choices": choices,
        "usage": result.usage(),
    }


class ChunkBuilder:
    def __init__(self, dialect: Dialect, body: dict[str, Any]) -> None:
        self.dialect = dialect
        self.body = body
        self.base = {
            "id": completion_id(dialect, body),
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": dialect.model(body.get("model")),
            "system_fingerprint": dialect.fingerprint,
        }
        self.with_usage = bool((body.get("stream_options") or {}).get("include_usage"))

    def chunk(
        self, delta: dict[str, Any], finish: str | None, logprobs: Any = None
    ) -> dict[str, Any]:
        if self.dialect.role_each_chunk:
            delta = {"role": "assistant", **delta}
        choice = {"index": 0, "delta": delta, "logprobs": logprobs, "finish_reason": finish}
        chunk = {**self.base, "choices": [choice]}
        if self.with_usage or self.dialect.chunk_usage_null:
            chunk["usage"] = None
        return chunk

    def content_chunks(self, result: ChatResult) -> list[dict[str, Any]]:
        top = int(self.body.get("top_logprobs") or 0)
        with_logprobs = bool(self.body.get("logprobs"))
        chunks = []
        for position, token in enumerate(result.tokens):
            last = position == len(result.tokens) - 1 and not self.dialect.final_empty_chunk
            logprobs = logprobs_block([token], top) if with_logprobs else None
            chunks.append(
                self.chunk(
                    {"content": token.text}, result.finish_reason if last else None, logprobs
                )
            )
        return chunks

    def tool_chunks(self, call: dict[str, Any]) -> list[dict[str, Any]]:
        payload = tool_call_payload(self.dialect, call, as_text=True)
        arguments = payload["function"]["arguments"]
        head = {**payload, "index": 0, "function": {"name": call["name"], "arguments": ""}}
        chunks = [self.chunk({"role": "assistant", "tool_calls": [head]}, None)]
        for i in range(0, len(arguments), 8):
            fragment = {"index": 0, "function": {"arguments": arguments[i : i + 8]}}
            chunks.append(self.chunk({"tool_calls": [fragment]}, None))
        return chunks

    def all_chunks(self, result: ChatResult) -> list[dict[str, Any]]:
        chunks = []
        if self.dialect.first_delta is not None and result.tool_call is None:
            chunks.append(self.chunk(dict(self.dialect.first_delta), None))
        if result.tool_call is not None:
            chunks += self.tool_chunks(result.tool_call)
        else:
            chunks += self.content_chunks(result)
        if self.dialect.final_empty_chunk or result.tool_call is not None or not result.tokens:
            empty = {"content": ""} if self.dialect.role_each_chunk else {}
            chunks.append(self.chunk(empty, result.finish_reason))
        if self.with_usage:
            chunks.append({**self.base, "choices": [], "usage": result.usage()})
        return chunks


def stream_bytes(dialect: Dialect, body: dict[str, Any], result: ChatResult) -> list[bytes]:
    events = [dialect.sse(dumps(c)) for c in ChunkBuilder(dialect, body).all_chunks(result)]
    return [*events, dialect.sse(DONE)] if dialect.done else events
