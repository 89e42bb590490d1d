"""The one place where HTTP outcomes become the client's errors: error statuses and their
bodies (every shape of protocol §2.4), error events inside 200 streams, and httpx's transport
exceptions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from .errors import (
    AuthenticationError,
    BadRequestError,
    ConnectionFailedError,
    GenerationError,
    HTTPError,
    InferenceTimeoutError,
    ModelLoadingError,
    NotFoundError,
    RateLimitError,
    ServerError,
    StreamInterruptedError,
)
from .plan import parse_json

__all__ = [
    "error_from_response",
    "error_from_stream_event",
    "extract_server_message",
    "host_of",
    "parse_retry_after",
    "transport_errors",
]

_MAX_MESSAGE_CHARS = 500
_NOT_IMPLEMENTED_HINT = "The server can't do this as set up; its message says what is missing."

_STATUS_CLASSES: dict[int, type[HTTPError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    413: BadRequestError,
    415: BadRequestError,
    422: BadRequestError,
    424: GenerationError,
    429: RateLimitError,
}

_STREAM_ERROR_TYPES: dict[str, type[HTTPError]] = {
    "validation": BadRequestError,
    "tokenizer": BadRequestError,
    "empty": BadRequestError,
    "template_error": BadRequestError,
    "missing_template_variable": BadRequestError,
    "tool_error": BadRequestError,
    "exceed_context_size_error": BadRequestError,
    "invalid_request_error": BadRequestError,
    "badrequesterror": BadRequestError,
    "overloaded": RateLimitError,
    "generation": GenerationError,
    "backend": GenerationError,
}

_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def _shorten(text: str) -> str:
    text = _SPACE_RE.sub(" ", text).strip()
    if len(text) > _MAX_MESSAGE_CHARS:
        return text[: _MAX_MESSAGE_CHARS - 1] + "…"
    return text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or "<head" in head or "<body" in head


def _html_summary(text: str) -> str:
    match = _TITLE_RE.search(text)
    if match:
        return _shorten(_TAG_RE.sub("", match.group(1)))
    return _shorten(_TAG_RE.sub(" ", text))


def _message_from_value(value: Any) -> str:
    """Turn an `error`/`detail`/`errors` value (string, list or object) into text."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("message", "msg", "error", "detail"):
            if key in value:
                return _message_from_value(value[key])
        return json.dumps(value)
    if isinstance(value, list):
        return "; ".join(_message_from_value(item) for item in value if item is not None)
    return "" if value is None else str(value)


def _message_from_json(data: Any) -> str:
    if not isinstance(data, Mapping):
        return _message_from_value(data) if isinstance(data, (str, list)) else ""
    for key in ("error", "error_description", "errors", "detail", "message", "title"):
        value = data.get(key)
        if value:
            return _message_from_value(value)
    return ""


def extract_server_message(body: str, headers: Mapping[str, str] | None = None) -> str:
    """The server's own human-readable message, whatever the shape of its error body."""
    if headers:
        header_message = headers.get("x-error-message")
        if header_message:
            return _shorten(header_message)
    text = body.strip()
    if not text:
        return ""
    try:
        data = parse_json(text)
    except ValueError:
        return _html_summary(text) if _looks_like_html(text) else _shorten(text)
    message = _message_from_json(data)
    return _shorten(message) if message else _shorten(text)


def _json_object(body: str) -> Mapping[str, Any] | None:
    try:
        data = parse_json(body)
    except ValueError:
        return None
    return data if isinstance(data, Mapping) else None


def _error_type(body: str) -> str | None:
    data = _json_object(body)
    if data is None:
        return None
    value = data.get("error_type") or data.get("type")
    error = data.get("error")
    if value is None and isinstance(error, Mapping):
        value = error.get("type")
    return str(value) if value else None


def _loading_estimate(status: int, body: str) -> float | None:
    """Seconds the server expects the model to take to load, or None if this is no 'loading' 503."""
    data = _json_object(body) if status == 503 else None
    if data is None:
        return None
    estimate = data.get("estimated_time")
    if isinstance(estimate, (int, float)):
        return float(estimate)
    message = _message_from_value(data.get("error", ""))
    return 0.0 if "currently loading" in message.lower() else None


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def host_of(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except (httpx.InvalidURL, TypeError):
        return url


def _ended(text: str) -> str:
    """`text` as the end of a sentence: one full stop, not two after a server's own."""
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _summary_sentence(status: int, server_message: str, url: str) -> str:
    where = host_of(url)
    reason = server_message or "no details given"
    return _ended(f"The server at {where} answered HTTP {status}: {reason}")


def error_from_response(status: int, headers: Mapping[str, str], body: str, url: str) -> HTTPError:
    """Build the error for an HTTP response with an error status."""
    lowered = {key.lower(): value for key, value in headers.items()}
    server_message = extract_server_message(body, lowered)
    common: dict[str, Any] = {
        "status_code": status,
        "server_message": server_message,
        "url": url,
        "request_id": lowered.get("x-request-id"),
        "body": body,
        "error_type": _error_type(body),
        "headers": lowered,
    }
    message = _summary_sentence(status, server_message, url)
    estimate = _loading_estimate(status, body)
    if estimate is not None:
        return ModelLoadingError(message, estimated_time=estimate, **common)
    if status == 429:
        return RateLimitError(message, retry_after=parse_retry_after(lowered), **common)
    if status == 501:
        return ServerError(message, hint=_NOT_IMPLEMENTED_HINT, **common)
    error_class = _STATUS_CLASSES.get(status)
    if error_class is None:
        error_class = ServerError if status >= 500 else HTTPError
    return error_class(message, **common)


def _stream_error_class(error_type: str | None, status: int | None) -> type[HTTPError]:
    if error_type and error_type.lower() in _STREAM_ERROR_TYPES:
        return _STREAM_ERROR_TYPES[error_type.lower()]
    if status is not None:
        return _STATUS_CLASSES.get(status, ServerError if status >= 500 else HTTPError)
    return ServerError


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def error_from_stream_event(data: Mapping[str, Any], url: str) -> HTTPError | None:
    """The error carried by a parsed stream event, or None if the event is not an error.

    Recognises TGI `{error, error_type}`, OpenAI `{error: {message, ...}}` and `{object: "error"}`.
    """
    if data.get("object") == "error":
        message, error_type = _message_from_value(data.get("message", "")), data.get("type")
        status = _int_or_none(data.get("code"))
    elif data.get("error"):
        error = data["error"]
        message = _message_from_value(error)
        error_type = data.get("error_type")
        status = None
        if isinstance(error, Mapping):
            error_type = error_type or error.get("type")
            status = _int_or_none(error.get("http_status_code") or error.get("code"))
    else:
        return None
    error_class = _stream_error_class(str(error_type) if error_type else None, status)
    status_code = status or {BadRequestError: 422, RateLimitError: 429}.get(error_class, 500)
    sentence = _ended(
        f"The server at {host_of(url)} reported an error during the stream: {_shorten(message)}"
    )
    return error_class(
        sentence,
        status_code=status_code,
        server_message=_shorten(message),
        url=url,
        body=json.dumps(data),
        error_type=str(error_type) if error_type else None,
        in_stream=True,
    )


@contextmanager
def transport_errors(url: str) -> Iterator[None]:
    """Map httpx's transport exceptions onto the client's errors; the only place that does."""
    try:
        yield
    except httpx.TimeoutException as exc:
        kind = "connect to" if isinstance(exc, httpx.ConnectTimeout) else "get an answer from"
        raise InferenceTimeoutError(
            f"Timed out trying to {kind} {url}.",
            hint="Raise the timeout, or check that the server is up.",
        ) from exc
    except httpx.RemoteProtocolError as exc:
        raise StreamInterruptedError(
            f"The connection to {host_of(url)} closed before the response was complete ({exc}).",
            hint="Try again; if it keeps happening the server may be crashing or overloaded.",
        ) from exc
    except httpx.ConnectError as exc:
        raise ConnectionFailedError(
            f"Could not connect to {url}: {_connect_reason(exc)}.",
            url=url,
            hint="Check the URL and that the server is running and reachable.",
        ) from exc
    except httpx.TransportError as exc:
        raise ConnectionFailedError(
            f"The connection to {url} failed: {exc or type(exc).__name__}.", url=url
        ) from exc


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it (anyio wraps a refused connection in "All connection
    attempts failed", the ConnectionRefusedError further down)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc)
    lowered = " ".join(str(cause) for cause in _causes(exc)).lower()
    if any(isinstance(cause, ConnectionRefusedError) for cause in _causes(exc)):
        return "connection refused"
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "the host name could not be resolved (DNS)"
    if "temporary failure in name resolution" in lowered or "no address associated" in lowered:
        return "the host name could not be resolved (DNS)"
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"TLS error ({_shorten(text)})"
    return _shorten(text) or "connection error"
