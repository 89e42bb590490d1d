"""What every stream handler shares: decoded events in, items out; errors inside a 200 stream
raise here. Each task's own handler lives with its task (`generation.py`, `chat.py`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..error_mapping import error_from_stream_event
from ..errors import ResponseFormatError, StreamInterruptedError
from ..plan import StreamHandler, parse_json

__all__ = ["JSONStreamHandler", "RawLinesHandler"]


_decode = json.JSONDecoder().decode


class JSONStreamHandler(StreamHandler):
    """Shared event handling: `[DONE]`, llama.cpp `error:` lines, JSON decoding, error objects."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.finished = False
        self.terminated = False

    def on_event(self, data: str, error: str | None) -> list[Any]:
        if error is not None:
            raise _stream_error(_json_object(error) or {"message": error}, self.url)
        text = data.strip()
        if not text:
            return []
        if text == "[DONE]":
            self.finished = self.terminated = True
            return []
        try:
            obj = _decode(text)
        except ValueError:
            raise ResponseFormatError(
                f"The stream sent an event that is not JSON: {text[:200]}"
            ) from None
        if isinstance(obj, dict) and (obj.get("error") or obj.get("object") == "error"):
            stream_error = error_from_stream_event(obj, self.url)
            if stream_error is not None:
                raise stream_error
        return self.convert(obj)

    def convert(self, obj: Any) -> list[Any]:
        raise NotImplementedError

    def on_end(self) -> list[Any]:
        if not self.terminated:
            raise StreamInterruptedError(
                f"The stream from {self.url} ended before the generation finished.",
                hint="Try again; the server may have been restarted or overloaded.",
            )
        return []


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = parse_json(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _stream_error(obj: Mapping[str, Any], url: str) -> Exception:
    wrapped = obj if "error" in obj else {"error": obj}
    return error_from_stream_event(wrapped, url) or ResponseFormatError(str(obj))


class RawLinesHandler(StreamHandler):
    """`post(stream=True)`: every non-empty line as bytes, as huggingface_hub 0.17 yielded them."""

    framing = "lines"

    def on_event(self, data: str, error: str | None) -> list[Any]:
        return [data.encode()] if data else []
