"""Chat request/response normalisation shared by the stream and non-stream paths."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import ValidationError
from ..targets import Family

__all__ = ["json_ready", "normalize_tool_calls", "response_format_for"]


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


def response_format_for(response_format: Any, family: Family) -> Any:
    """OpenAI's json_schema form becomes TGI's grammar form for HF-protocol servers."""
    if not isinstance(response_format, Mapping) or family is Family.OPENAI:
        return response_format
    if response_format.get("type") == "json_schema" and "json_schema" in response_format:
        schema = response_format["json_schema"]
        value = schema.get("schema", schema) if isinstance(schema, Mapping) else schema
        return {"type": "json", "value": value}
    return response_format
