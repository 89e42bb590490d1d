"""OpenAI-style `/v1/embeddings` over the local embedding model (the OpenAI SDK's
`client.embeddings.create`, LangChain, LlamaIndex...)."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
from starlette.requests import Request
from starlette.responses import JSONResponse

from .errors import Unprocessable
from .generation_routes import wants_wait
from .manager import ModelManager
from .payload import Payload

__all__ = ["EMBEDDING_MODEL", "openai_embeddings"]

EMBEDDING_MODEL = "local/e5-small"
TASK = "feature-extraction"


def embedding_model_id(manager: ModelManager, requested: object) -> str:
    """The model the body names when it is a local embedding model, else the default one."""
    known = isinstance(requested, str) and requested in manager.slots
    if known and TASK in manager.spec(str(requested)).tasks:
        return str(requested)
    return EMBEDDING_MODEL


def _inputs(body: dict[str, Any]) -> list[str]:
    given = body.get("input")
    texts = [given] if isinstance(given, str) else given
    if not isinstance(texts, list) or not texts:
        raise Unprocessable("'input' must be a string or a non-empty list of strings")
    if not all(isinstance(text, str) and text.strip() for text in texts):
        raise Unprocessable("Every 'input' must be a non-empty string (token ids are not read)")
    return texts


def _encoded(vector: list[float], encoding: object) -> Any:
    if encoding == "base64":
        return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")
    if encoding not in (None, "float"):
        raise Unprocessable("'encoding_format' must be 'float' or 'base64'")
    return vector


async def openai_embeddings(
    request: Request, body: dict[str, Any], model_id: str | None = None
) -> JSONResponse:
    manager: ModelManager = request.app.state.manager
    model_id = embedding_model_id(manager, model_id or body.get("model"))
    texts = _inputs(body)
    if body.get("dimensions") is not None:
        raise Unprocessable(f"{model_id} has a fixed size; 'dimensions' is not supported")
    model = await manager.acquire(model_id, wait=wants_wait(request, body))
    payload = Payload(inputs=texts, body={"prompt_name": "passage"})
    vectors = await manager.run(model_id, model.predict, TASK, payload, None)
    encoding = body.get("encoding_format")
    data = [
        {"object": "embedding", "index": index, "embedding": _encoded(vector, encoding)}
        for index, vector in enumerate(vectors)
    ]
    tokens = sum(len(text.split()) for text in texts)
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return JSONResponse({"object": "list", "data": data, "model": model_id, "usage": usage})
