"""Chat and generation replies against their published schemas: OpenAI's `ChatCompletion`,
`ChatCompletionChunk` and `Completion` (the OpenAI SDK's generated types), HF's
`TextGenerationStreamOutput`; plus what the request asked for: tool calls whose arguments are a
JSON object for a tool that was offered, content that is JSON (matching the schema) when
`response_format` asks for it, a stream that says why it finished."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .schema import Deviation, check_object, describe

__all__ = [
    "check_chat",
    "check_chunks",
    "check_completion",
    "check_generation_stream",
    "json_schema_deviations",
]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def json_schema_deviations(value: Any, schema: Any, path: str = "$") -> list[Deviation]:
    """The core of JSON Schema a `response_format` uses: type, required, properties, items, enum."""
    if not isinstance(schema, Mapping):
        return []
    found: list[Deviation] = []
    kind = schema.get("type")
    wanted = _JSON_TYPES.get(kind) if isinstance(kind, str) else None
    if wanted and (
        not isinstance(value, wanted) or (kind != "boolean" and isinstance(value, bool))
    ):
        return [Deviation(path, "type", f"{path} is {describe(value)}; the schema wants {kind}.")]
    if "enum" in schema and value not in schema["enum"]:
        found.append(Deviation(path, "value", f"{path} is {value!r}, not one of {schema['enum']}."))
    if isinstance(value, dict):
        for name in schema.get("required") or ():
            if name not in value:
                found.append(
                    Deviation(
                        f"{path}.{name}",
                        "missing",
                        f"{path}.{name} is missing; the response_format schema requires it.",
                    )
                )
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                found.extend(json_schema_deviations(value[name], sub, f"{path}.{name}"))
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for i, item in enumerate(value):
            found.extend(json_schema_deviations(item, schema["items"], f"{path}[{i}]"))
    return found


def _wanted_schema(request: Mapping[str, Any] | None) -> tuple[bool, Any]:
    """Whether the request asked for JSON content, and the schema it gave (if any)."""
    fmt = (request or {}).get("response_format")
    if not isinstance(fmt, Mapping) or fmt.get("type") not in (
        "json_object",
        "json_schema",
        "json",
    ):
        return False, None
    inner = fmt.get("json_schema")
    schema = inner.get("schema") if isinstance(inner, Mapping) else None
    return True, schema or fmt.get("value") or fmt.get("schema")


def _content_checks(content: Any, request: Mapping[str, Any] | None, path: str) -> list[Deviation]:
    wants_json, schema = _wanted_schema(request)
    if not wants_json or not isinstance(content, str):
        return []
    try:
        value = json.loads(content)
    except ValueError:
        return [
            Deviation(path, "value", f"{path} is not JSON, but response_format asked for JSON.")
        ]
    return json_schema_deviations(value, schema, f"{path}<json>")


def _tool_names(request: Mapping[str, Any] | None) -> set[str] | None:
    tools = (request or {}).get("tools")
    if not isinstance(tools, list):
        return None
    return {
        str(tool.get("function", {}).get("name"))
        for tool in tools
        if isinstance(tool, Mapping) and isinstance(tool.get("function"), Mapping)
    }


def _call_checks(name: Any, arguments: Any, tools: set[str] | None, path: str) -> list[Deviation]:
    found = []
    if tools is not None and name not in tools:
        found.append(
            Deviation(
                f"{path}.function.name",
                "value",
                f"{path} calls {name!r}, a tool the request did not offer.",
            )
        )
    if isinstance(arguments, str):
        try:
            parsed = json.loads(arguments)
        except ValueError:
            parsed = None
            found.append(
                Deviation(
                    f"{path}.function.arguments",
                    "value",
                    f"{path}.function.arguments is not valid JSON.",
                )
            )
        if parsed is not None and not isinstance(parsed, dict):
            found.append(
                Deviation(
                    f"{path}.function.arguments",
                    "type",
                    f"{path}.function.arguments holds {describe(parsed)}; arguments are a JSON "
                    "object.",
                )
            )
    return found


def check_chat(data: Any, request: Mapping[str, Any] | None = None) -> list[Deviation]:
    """A non-streamed chat completion against OpenAI's `ChatCompletion`, plus tool calls and
    `response_format` as the request asked."""
    from openai.types.chat import ChatCompletion

    found = check_object(data, ChatCompletion)
    choices = data.get("choices") if isinstance(data, dict) else None
    tools = _tool_names(request)
    for i, choice in enumerate(choices if isinstance(choices, list) else []):
        message = choice.get("message") if isinstance(choice, dict) else None
        if not isinstance(message, dict):
            continue
        path = f"$.choices[{i}].message"
        found.extend(_content_checks(message.get("content"), request, f"{path}.content"))
        for j, call in enumerate(message.get("tool_calls") or []):
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                found.extend(
                    _call_checks(
                        function.get("name"),
                        function.get("arguments"),
                        tools,
                        f"{path}.tool_calls[{j}]",
                    )
                )
    return found


def _json_events(events: Sequence[str], found: list[Deviation]) -> list[tuple[int, Any]]:
    parsed = []
    for i, data in enumerate(events):
        if data.strip() == "[DONE]":
            continue
        try:
            value = json.loads(data)
        except ValueError:
            found.append(Deviation(f"$[{i}]", "type", f"Event {i} is not JSON: {data[:60]!r}."))
            continue
        if isinstance(value, dict) and "error" in value:
            found.append(
                Deviation(
                    f"$[{i}]",
                    "value",
                    f"Event {i} is an error inside the stream: {str(value['error'])[:200]}",
                )
            )
            continue
        parsed.append((i, value))
    return parsed


def _fold_tool_calls(
    i: int, delta: Mapping[str, Any], calls: dict[int, dict[str, Any]], found: list[Deviation]
) -> None:
    for call in delta.get("tool_calls") or []:
        if not isinstance(call, dict) or not isinstance(call.get("index"), int):
            continue
        function = call.get("function")
        if not isinstance(function, dict):
            function = {}
        if call["index"] not in calls:
            if not call.get("id") or not function.get("name"):
                found.append(
                    Deviation(
                        f"$[{i}].choices[0].delta.tool_calls",
                        "missing",
                        f"Event {i} starts tool call {call['index']} without an id and a "
                        "function name.",
                    )
                )
            calls[call["index"]] = {"name": function.get("name"), "arguments": "", "event": i}
        fragment = function.get("arguments")
        if isinstance(fragment, str):
            calls[call["index"]]["arguments"] += fragment


def check_chunks(
    events: Sequence[str], request: Mapping[str, Any] | None = None
) -> list[Deviation]:
    """A streamed chat completion: each chunk against OpenAI's `ChatCompletionChunk`, the
    tool-call fragments joined, a finish reason, `[DONE]` at the end."""
    from openai.types.chat import ChatCompletionChunk

    found: list[Deviation] = []
    content: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    finished = False
    for i, chunk in _json_events(events, found):
        found.extend(check_object(chunk, ChatCompletionChunk, f"$[{i}]"))
        for choice in chunk.get("choices") or [] if isinstance(chunk, dict) else []:
            if not isinstance(choice, dict) or not isinstance(choice.get("delta"), dict):
                continue
            finished = finished or bool(choice.get("finish_reason"))
            if isinstance(choice["delta"].get("content"), str):
                content.append(choice["delta"]["content"])
            _fold_tool_calls(i, choice["delta"], calls, found)
    if events and not finished:
        found.append(
            Deviation(
                "$", "missing", "No chunk has a finish_reason: the stream never says why it ended."
            )
        )
    if events and events[-1].strip() != "[DONE]":
        found.append(
            Deviation("$", "missing", "The stream does not end with data: [DONE].", "warning")
        )
    tools = _tool_names(request)
    for index, call in sorted(calls.items()):
        found.extend(
            _call_checks(
                call["name"], call["arguments"], tools, f"$[{call['event']}].tool_calls[{index}]"
            )
        )
    if not calls:
        found.extend(_content_checks("".join(content), request, "$<content>"))
    return found


def check_completion(data: Any) -> list[Deviation]:
    """An OpenAI-style text completion (`/v1/completions`) against OpenAI's `Completion`."""
    from openai.types import Completion

    return check_object(data, Completion)


def check_generation_stream(events: Sequence[str]) -> list[Deviation]:
    """A text-generation stream: TGI events (HF `TextGenerationStreamOutput`) or OpenAI
    completion chunks."""
    from huggingface_hub import TextGenerationStreamOutput
    from openai.types import Completion

    found: list[Deviation] = []
    parsed = _json_events(events, found)
    for i, event in parsed:
        openai_style = isinstance(event, dict) and "choices" in event
        found.extend(
            check_object(
                event, Completion if openai_style else TextGenerationStreamOutput, f"$[{i}]"
            )
        )
    return found
