"""Reading a request body in the HF inference wire format (binary, or JSON with base64)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from .errors import BadInput, LocalError, Unprocessable

MAX_BODY = 50 * 1024 * 1024
BINARY_PREFIXES = ("image/", "audio/", "video/", "application/octet-stream")


class PayloadTooLarge(LocalError):
    status = 413


@dataclass
class Payload:
    """A request body: `inputs` and `parameters` from JSON, or `raw` bytes in binary mode."""

    inputs: Any = None
    parameters: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = None
    body: dict[str, Any] = field(default_factory=dict)

    def binary(self, key: str = "image") -> bytes:
        """The file bytes: the raw body, or the base64 string in `inputs` (or `inputs[key]`)."""
        if self.raw is not None:
            return self.raw
        value = self.inputs
        if isinstance(value, dict):
            value = value.get(key)
        if not isinstance(value, str) or not value:
            raise BadInput(f"Expected the file as raw bytes or as base64 in 'inputs' ({key})")
        return b64decode(value)

    def text(self) -> str:
        """The input text: `inputs` when JSON, or a non-JSON body read as UTF-8 text."""
        if self.raw is not None:
            try:
                self.inputs, self.raw = self.raw.decode("utf-8"), None
            except UnicodeDecodeError as exc:
                raise BadInput('Expected text: JSON {"inputs": "..."} or a UTF-8 body') from exc
        if not isinstance(self.inputs, str):
            raise BadInput("Expected 'inputs' to be a string")
        if not self.inputs.strip():
            raise BadInput("The input text is empty")
        return self.inputs

    def texts(self) -> str | list[str]:
        if isinstance(self.inputs, list):
            if not self.inputs or not all(isinstance(t, str) and t.strip() for t in self.inputs):
                raise BadInput("Expected 'inputs' to be a non-empty list of non-empty strings")
            return list(self.inputs)
        return self.text()

    def item(self, name: str, kind: type, where: Any = None) -> Any:
        source = self.inputs if where is None else where
        value = source.get(name) if isinstance(source, dict) else None
        if value is None:
            value = self.body.get(name)
        if not isinstance(value, kind):
            raise BadInput(f"Expected 'inputs.{name}' ({kind.__name__})")
        return value

    def number(self, name: str, default: float, low: float, high: float) -> float:
        value = self.parameters.get(name, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Unprocessable(f"Parameter {name!r} must be a number")
        if not low <= value <= high:
            raise Unprocessable(f"Parameter {name!r} must be between {low} and {high}")
        return value


def b64decode(value: str) -> bytes:
    if value.startswith("data:"):
        value = value.partition(",")[2]
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadInput("'inputs' is not valid base64") from exc


async def read_payload(request: Request) -> Payload:
    """Parse the body: JSON `{"inputs", "parameters"}`, a bare JSON value, or raw file bytes."""
    data = await request.body()
    if len(data) > MAX_BODY:
        raise PayloadTooLarge(f"The request body is larger than {MAX_BODY // 2**20} MB")
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(BINARY_PREFIXES) or not _looks_like_json(data, content_type):
        return Payload(raw=data)
    try:
        body = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if "json" in content_type:
            raise BadInput(f"The body is not valid JSON: {exc}") from exc
        return Payload(raw=data)
    return from_json(body)


def from_json(body: Any) -> Payload:
    if not isinstance(body, dict):
        return Payload(inputs=body)
    parameters = body.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise BadInput("'parameters' must be an object")
    if "inputs" in body:
        return Payload(inputs=body["inputs"], parameters=parameters, body=body)
    rest = {k: v for k, v in body.items() if k not in ("parameters", "options", "model")}
    return Payload(inputs=rest, parameters=parameters, body=body)


def _looks_like_json(data: bytes, content_type: str) -> bool:
    if "json" in content_type or content_type.startswith("text/"):
        return True
    return data.lstrip()[:1] in (b"{", b"[", b'"')
