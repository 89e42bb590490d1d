"""Chat request/response normalisation shared by the stream and non-stream paths."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import ValidationError
from ..targets import Family

__all__ = ["check_messages", "normalize_tool_calls", "response_format_for"]

_ROLES = {"system", "user", "assistant", "tool", "developer", "function"}


def check_messages(messages: Any) -> list[dict[str, Any]]:
    """Messages must be a non-empty list of {role, content} dicts (a bare string is refused:
    some servers used to accept it silently and answer nonsense)."""
    if (
        isinstance(messages, (str, bytes))
        or not isinstance(messages, (list, tuple))
        or not messages
    ):
        raise ValidationError("`messages` must be a non-empty list of {'role', 'content'} dicts.")
    checked: list[dict[str, Any]] = []
    for index, message in enumerate(messages):
        if not isinstance(message, Mapping) or message.get("role") not in _ROLES:
            raise ValidationError(f"Message {index} needs a role among {sorted(_ROLES)}.")
        if "content" not in message and not message.get("tool_calls"):
            raise ValidationError(f"Message {index} has no content.")
        checked.append(dict(message))
    return checked


def normalize_tool_calls(tool_calls: list[Any]) -> None:
    """TGI before 3.2 sent `function.arguments` as an object; OpenAI sends a JSON string."""
    for call in tool_calls:
        function = call.get("function") if isinstance(call, Mapping) else None
        if isinstance(function, dict) and isinstance(function.get("arguments"), (dict, list)):
            function["arguments"] = json.dumps(function["arguments"])


def response_format_for(response_format: Any, family: Family) -> Any:
    """OpenAI's json_schema form becomes TGI's grammar form for HF-protocol servers."""
    if not isinstance(response_format, Mapping) or family is Family.OPENAI:
        return response_format
    if response_format.get("type") == "json_schema" and "json_schema" in response_format:
        schema = response_format["json_schema"]
        value = schema.get("schema", schema) if isinstance(schema, Mapping) else schema
        return {"type": "json", "value": value}
    return response_format
