"""Errors the local server answers with, each carrying its HTTP status.

- `LocalError` (500)
  - `BadInput` (400): the request body cannot be read as this task's input
  - `Unprocessable` (422): the input was read but is not acceptable (wrong table shape, …)
  - `NotFound` (404): unknown model id, or a task with no local model
  - `ModelLoading` (503 + `estimated_time`): the model is loading in the background
  - `ModelUnavailable` (501): the model's package or program is not installed
  - `LoadFailed` (500): loading the model raised
"""

from __future__ import annotations

from typing import Any

REMOTE_HINT = (
    "Use a Hugging Face model (with a token: HF_TOKEN) or a custom endpoint URL for this task."
)


class LocalError(Exception):
    status: int = 500

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    def body(self, openai: bool = False) -> dict[str, Any]:
        """`{"error": message, ...}` (HF style), or on OpenAI routes OpenAI's shape, whose
        message the OpenAI SDK shows: `{"error": {"message", "type", "code"}, ...}`."""
        if not openai:
            return {"error": self.message, **self.extra}
        kind = "invalid_request_error" if self.status < 500 else "server_error"
        return {"error": {"message": self.message, "type": kind, "code": self.status}, **self.extra}


class BadInput(LocalError):
    status = 400


class Unprocessable(LocalError):
    status = 422


class NotFound(LocalError):
    status = 404


class ModelLoading(LocalError):
    status = 503

    def __init__(self, model_id: str, estimated_time: float) -> None:
        super().__init__(
            f"Model {model_id} is currently loading", estimated_time=round(estimated_time, 1)
        )


class ModelUnavailable(LocalError):
    # 501, not 503: nothing will change by waiting, so clients must not retry it.
    status = 501


class LoadFailed(LocalError):
    status = 500
