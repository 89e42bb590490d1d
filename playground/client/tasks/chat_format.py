"""Chat request/response normalisation shared by the stream and non-stream paths."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import ValidationError

__all__ = ["json_ready", "normalize_tool_calls"]


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
