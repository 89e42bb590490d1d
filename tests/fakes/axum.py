"""axum's `Json` extractor rejections, as TGI and TEI (Rust servers) send them: text/plain."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

from .payloads import FakeHTTPError, plain

DATA_ERROR = "Failed to deserialize the JSON body into the target type: "
TYPE_NAMES = {str: "a string", int: "u32", float: "f32", bool: "a boolean", list: "a sequence"}


def serde_position(text: str, index: int) -> str:
    """`line L column C` for 0-based `index`, the way serde_json counts (1-based column)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line} column {column}"


def _end_of_object(text: str) -> int:
    return max(text.rfind("}"), 0)


def _value_end(text: str, key: str) -> int:
    match = re.search(rf'"{re.escape(key)}"\s*:\s*', text)
    if match is None:
        return _end_of_object(text)
    try:
        _, end = json.JSONDecoder().raw_decode(text, match.end())
    except ValueError:
        return _end_of_object(text)
    return end - 1


def missing_field(text: str, name: str) -> FakeHTTPError:
    where = serde_position(text, _end_of_object(text))
    return plain(422, f"{DATA_ERROR}missing field `{name}` at {where}")


def invalid_type(text: str, path: str, value: Any, expected: str) -> FakeHTTPError:
    where = serde_position(text, _value_end(text, path.rsplit(".", maxsplit=1)[-1]))
    return plain(
        422, f"{DATA_ERROR}{path}: invalid type: {_describe(value)}, expected {expected} at {where}"
    )


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean `{str(value).lower()}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, str):
        return f'string "{value}"'
    if value is None:
        return "null"
    return "sequence" if isinstance(value, list) else "map"


async def json_body(request: Request, required: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    """Parse like axum's `Json<T>`: 415 without a JSON content type, 400 on bad JSON, 422 on
    missing fields. Returns the object and its text (for later serde-style messages)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not (content_type == "application/json" or content_type.endswith("+json")):
        raise plain(415, "Expected request with `Content-Type: application/json`")
    text = (await request.body()).decode("utf-8", errors="replace")
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise plain(400, f"Failed to parse the request body as JSON: {_serde_syntax(exc)}") from exc
    if not isinstance(value, dict):
        expected = f"struct {'GenerateRequest' if 'inputs' in required else 'Request'}"
        where = serde_position(text, max(len(text) - 1, 0))
        raise plain(
            422, f"{DATA_ERROR}invalid type: {_describe(value)}, expected {expected} at {where}"
        )
    for name in required:
        if name not in value:
            raise missing_field(text, name)
    return value, text


def _serde_syntax(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        if exc.pos >= len(exc.doc.rstrip()):
            return f"EOF while parsing a value at line {exc.lineno} column {exc.colno - 1}"
        return f"expected value at line {exc.lineno} column {exc.colno}"
    return "expected value at line 1 column 1"


def check_types(text: str, obj: dict[str, Any], spec: dict[str, type], prefix: str = "") -> None:
    """Reject fields whose JSON type does not match `spec` (null is always accepted)."""
    for name, expected in spec.items():
        value = obj.get(name)
        if value is None or _matches(value, expected):
            continue
        raise invalid_type(text, f"{prefix}{name}", value, TYPE_NAMES[expected])


def _matches(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return isinstance(value, expected)
