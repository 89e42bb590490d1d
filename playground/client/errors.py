"""Every error the client raises. `error_mapping` is the one place that creates them from HTTP
outcomes (statuses, bodies, stream events, transport failures).

InferenceError
├── ValidationError (ValueError)       invalid parameters, detected before any request is sent
├── InputError (ValueError)            an input file or URL that can't be read or is too large
├── InferenceTimeoutError (TimeoutError) a connect/read timeout, or a retry deadline that ran out
├── ConnectionFailedError (ConnectionError) refused, DNS failure, TLS error; names the URL
│   └── BlockedAddressError             public mode: the host resolves to a non-public address
├── ResponseTooLargeError              the response is larger than the client's cap
├── StreamInterruptedError             the server closed a stream before it finished
├── ResponseFormatError (ValueError)   the server answered, but not in the shape its task promises
└── HTTPError                          the server said no: status, its own message, request id, body
    ├── BadRequestError                400, 413, 415, 422 (and validation errors inside a stream)
    ├── AuthenticationError            401, 403
    ├── NotFoundError                  404
    ├── RateLimitError                 429 (and "overloaded" inside a stream); carries retry_after
    ├── GenerationError                424 (and generation errors inside a stream)
    ├── ServerError                    other 5xx
    │   └── ModelLoadingError          503 with a "loading" body; carries estimated_time
    └── (HTTPError itself for any other status)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "BlockedAddressError",
    "ConnectionFailedError",
    "GenerationError",
    "HTTPError",
    "InferenceError",
    "InferenceTimeoutError",
    "InputError",
    "ModelLoadingError",
    "NotFoundError",
    "RateLimitError",
    "ResponseFormatError",
    "ResponseTooLargeError",
    "ServerError",
    "StreamInterruptedError",
    "ValidationError",
]


class InferenceError(Exception):
    """Base class of every error raised by the playground client."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ValidationError(InferenceError, ValueError):
    """Parameters are invalid; raised before any request is sent."""


class InputError(InferenceError, ValueError):
    """An input (file, bytes, URL) could not be read or is not acceptable."""


class InferenceTimeoutError(InferenceError, TimeoutError):
    """The server took too long, or the model stayed unavailable past the deadline."""


class ConnectionFailedError(InferenceError, ConnectionError):
    """The server could not be reached at all."""

    def __init__(self, message: str, *, url: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.url = url


class BlockedAddressError(ConnectionFailedError):
    """Public mode: the host resolves to an address visitors may not reach (loopback, private,
    link-local, metadata...). Raised where the connection is made, for every redirect hop."""

    hint = "This public playground only calls endpoints on the public internet."

    def __init__(self, *, host: str, address: str, reason: str) -> None:
        where = f"{host} resolves to {address}, {reason}" if address else f"{host} has {reason}"
        super().__init__(f"Refused to connect: {where}.", url=host)
        self.host = host
        self.address = address
        self.reason = reason


class ResponseTooLargeError(InferenceError):
    """The response body (or a stream) is larger than the client reads."""

    hint = "Ask for a smaller output, or raise the client's `max_response_bytes`."

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class StreamInterruptedError(InferenceError):
    """A streamed response ended before the server finished it."""


class ResponseFormatError(InferenceError, ValueError):
    """The response does not have the shape the task promises."""

    def __init__(self, message: str, *, body: Any = None) -> None:
        super().__init__(message)
        self.body = body


class HTTPError(InferenceError):
    """The server answered with an error status (or an error event inside a stream)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        server_message: str = "",
        url: str = "",
        request_id: str | None = None,
        body: str = "",
        error_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        in_stream: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__(message, hint=hint)
        self.status_code = status_code
        self.server_message = server_message
        self.url = url
        self.request_id = request_id
        self.body = body
        self.error_type = error_type
        self.headers = dict(headers or {})
        self.in_stream = in_stream


class BadRequestError(HTTPError):
    hint = "Check the input and the parameters."


class AuthenticationError(HTTPError):
    hint = "Check the token: set HF_TOKEN or enter one that can access this model or endpoint."


class NotFoundError(HTTPError):
    hint = "Check the model id or the endpoint URL."


class RateLimitError(HTTPError):
    hint = "Wait a little and try again."

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class GenerationError(HTTPError):
    hint = "Try other parameters (for example fewer tokens) or try again."


class ServerError(HTTPError):
    hint = "The problem is on the server side; try again later."


class ModelLoadingError(ServerError):
    hint = "The model is starting; try again in a moment or raise the timeout."

    def __init__(self, message: str, *, estimated_time: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.estimated_time = estimated_time
