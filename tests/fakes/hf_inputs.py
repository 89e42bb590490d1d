"""How the serverless (api-inference-community style) containers read and validate requests."""

from __future__ import annotations

from typing import Any

from PIL import Image

from .payloads import (
    NOT_JSON,
    Body,
    b64decode_loose,
    check_audio,
    error,
    field_error,
    open_image,
)

GENERATION_LIMITS: dict[str, tuple[type, float, float]] = {
    "min_length": (int, 1, 500),
    "max_length": (int, 1, 500),
    "top_k": (int, 1, float("inf")),
    "top_p": (float, 0.0, 1.0),
    "max_time": (float, 0.0, 120.0),
    "repetition_penalty": (float, 0.0, 100.0),
    "temperature": (float, 0.0, 100.0),
    "num_return_sequences": (int, 1, 10),
}


def text_payload(body: Body) -> tuple[Any, dict[str, Any]]:
    """`normalize_payload_nlp`: JSON `{"inputs", "parameters"}`, or a bare JSON value / raw text."""
    value = body.json
    if value is NOT_JSON:
        value = body.raw.decode("utf-8", errors="replace")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, dict) and "inputs" in value:
        params = value.get("parameters")
        return value["inputs"], params if isinstance(params, dict) else {}
    return value, {}


def require_str(value: Any, name: str = "inputs") -> str:
    if not isinstance(value, str):
        raise field_error(name, "Input should be a valid string")
    return value


def check_generation_params(params: dict[str, Any], names: tuple[str, ...] | None = None) -> None:
    """pydantic checks of `SharedGenerationParams` and friends (strict types, bounds)."""
    for name, (kind, low, high) in GENERATION_LIMITS.items():
        if (names is not None and name not in names) or params.get(name) is None:
            continue
        value = params[name]
        if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
            raise field_error(name, "Input should be a valid integer")
        if kind is float and (not isinstance(value, int | float) or isinstance(value, bool)):
            raise field_error(name, "Input should be a valid number")
        if value < low:
            raise field_error(name, f"Input should be greater than or equal to {_num(low)}")
        if value > high:
            raise field_error(name, f"Input should be less than or equal to {_num(high)}")
    low_len, high_len = params.get("min_length"), params.get("max_length")
    if isinstance(low_len, int) and isinstance(high_len, int) and high_len < low_len:
        raise field_error("max_length", "Value error, min_length cannot be larger than max_length")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def media_string(body: Body) -> tuple[str | None, dict[str, Any]]:
    """The base64 string of a JSON media request (`image` wins over `inputs`), if JSON."""
    obj = body.json
    if not isinstance(obj, dict):
        return None, {}
    data = obj.get("image", obj.get("inputs"))
    if not isinstance(data, str):
        raise error(400, "Expected a base64-encoded file in `inputs` (or `image`)")
    params = obj.get("parameters")
    return data, params if isinstance(params, dict) else {}


def image_payload(body: Body) -> tuple[Image.Image, dict[str, Any]]:
    data, params = media_string(body)
    if data is None:
        return open_image(body.raw), {}
    return open_image(b64decode_loose(data)), params


def audio_payload(body: Body) -> tuple[bytes, dict[str, Any]]:
    data, params = media_string(body)
    raw = body.raw if data is None else b64decode_loose(data)
    check_audio(raw)
    return raw, params


def labels_param(params: dict[str, Any]) -> list[str]:
    labels = params.get("candidate_labels")
    if labels is None:
        raise field_error("candidate_labels")
    if isinstance(labels, str):
        labels = [label.strip() for label in labels.split(",") if label.strip()]
    if not isinstance(labels, list) or not labels:
        raise field_error(
            "candidate_labels", "List should have at least 1 item after validation, not 0"
        )
    return [str(label) for label in labels]


def object_inputs(body: Body) -> tuple[dict[str, Any], dict[str, Any]]:
    """`inputs` as an object, or the legacy form with the fields at the top level."""
    obj = body.obj
    inputs = obj.get("inputs", obj)
    params = obj.get("parameters")
    return (inputs if isinstance(inputs, dict) else {}), params if isinstance(params, dict) else {}
