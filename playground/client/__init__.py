"""The playground's inference client, usable on its own:

    from playground.client import InferenceClient, AsyncInferenceClient, InferenceTimeoutError

Same method names, parameters and return shapes as huggingface_hub 0.17's clients, plus
`chat_completion`, per-call `options=`, and servers of every family (see `targets`).
"""

from __future__ import annotations

from .async_client import AsyncInferenceClient, AsyncStream
from .context import RequestOptions
from .errors import (
    AuthenticationError,
    BadRequestError,
    BlockedAddressError,
    ConnectionFailedError,
    GenerationError,
    HTTPError,
    InferenceError,
    InferenceTimeoutError,
    InputError,
    ModelLoadingError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
    ServerError,
    StreamInterruptedError,
    ValidationError,
)
from .legacy import InferenceApi
from .plan import WaitInfo
from .recording import Exchange, capture_exchanges
from .sync_client import InferenceClient, Stream
from .tokens import Credential
from .types import ModelStatus

__all__ = [
    "AsyncInferenceClient",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BlockedAddressError",
    "ConnectionFailedError",
    "Credential",
    "Exchange",
    "GenerationError",
    "HTTPError",
    "InferenceApi",
    "InferenceClient",
    "InferenceError",
    "InferenceTimeoutError",
    "InputError",
    "ModelLoadingError",
    "ModelStatus",
    "NotFoundError",
    "RateLimitError",
    "RequestOptions",
    "ResponseFormatError",
    "ResponseTooLargeError",
    "ServerError",
    "Stream",
    "StreamInterruptedError",
    "ValidationError",
    "WaitInfo",
    "capture_exchanges",
]
