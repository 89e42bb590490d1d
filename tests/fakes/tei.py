"""text-embeddings-inference routes: `/tei` (embedder) plus classifier/reranker/similarity roots."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .axum import DATA_ERROR, json_body, serde_position
from .hf_structured import cosine, embed, token_vectors
from .hf_text import sentiment_scores
from .payloads import FakeHTTPError, b64, plain, rounded, sigmoid, words_with_offsets

MAX_INPUT_LENGTH = 512
MAX_CLIENT_BATCH = 32
DIRECTIONS = {"left", "Left", "right", "Right"}


@dataclass(frozen=True)
class TeiConfig:
    prefix: str
    kind: str = "embedding"
    root: str = "embed"
    model_id: str = "fake/tei-embedder"


CONFIGS = (
    TeiConfig("/tei"),
    TeiConfig("/tei-similarity", root="similarity"),
    TeiConfig("/tei-classifier", kind="classifier", root="predict", model_id="fake/tei-classifier"),
    TeiConfig("/tei-reranker", kind="reranker", root="rerank", model_id="fake/tei-reranker"),
)


def tei_error(status: int, message: str, error_type: str, openai: bool = False) -> FakeHTTPError:
    if openai:
        return FakeHTTPError(status, {"message": message, "code": status, "error_type": error_type})
    return FakeHTTPError(status, {"error": message, "error_type": error_type})


def token_count(text: str) -> int:
    return len(words_with_offsets(text)) + 2


def untagged(text: str, field: str, enum: str) -> FakeHTTPError:
    where = serde_position(text, max(text.rfind("}"), 0))
    return plain(
        422,
        f"{DATA_ERROR}{field}: data did not match any variant of untagged enum {enum} at {where}",
    )


def as_texts(value: Any, raw: str, field: str = "inputs") -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        return [" ".join(map(str, value))]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    if isinstance(value, list) and all(isinstance(v, list) for v in value):
        return [" ".join(map(str, v)) for v in value]
    raise untagged(raw, field, "Input")


def check_batch(texts: list[str], body: dict[str, Any], openai: bool = False) -> None:
    if not texts or any(t == "" for t in texts):
        raise tei_error(400, "`inputs` cannot be empty", "Empty", openai)
    if len(texts) > MAX_CLIENT_BATCH:
        message = f"batch size {len(texts)} > maximum allowed batch size {MAX_CLIENT_BATCH}"
        raise tei_error(422, message, "Validation", openai)
    direction = body.get("truncation_direction")
    if direction is not None and direction not in DIRECTIONS:
        raise plain(
            422,
            f"{DATA_ERROR}truncation_direction: unknown variant `{direction}`, "
            "expected one of `Left`, `Right`, `left`, `right`",
        )
    if body.get("truncate"):
        return
    for text in texts:
        if token_count(text) > MAX_INPUT_LENGTH:
            given = token_count(text)
            message = f"`inputs` must have less than {MAX_INPUT_LENGTH} tokens. Given: {given}"
            raise tei_error(422, message, "Validation", openai)


def prompted(text: str, body: dict[str, Any]) -> str:
    name = body.get("prompt_name")
    return f"{name}: {text}" if name else text


def embed_rows(texts: list[str], body: dict[str, Any]) -> list[list[float]]:
    normalize = body.get("normalize", True) is not False
    dim = body.get("dimensions") or 32
    return [embed(prompted(t, body), normalize, dim) for t in texts]


def predict_items(inputs: Any, raw: str) -> tuple[list[list[str]], bool]:
    if isinstance(inputs, str):
        return [[inputs]], False
    if isinstance(inputs, list) and len(inputs) == 2 and all(isinstance(i, str) for i in inputs):
        return [list(inputs)], False
    if not isinstance(inputs, list):
        raise untagged(raw, "inputs", "PredictInput")
    items = []
    for item in inputs:
        if isinstance(item, str):
            items.append([item])
        elif (
            isinstance(item, list) and 1 <= len(item) <= 2 and all(isinstance(i, str) for i in item)
        ):
            items.append(list(item))
        else:
            raise untagged(raw, "inputs", "PredictInput")
    return items, True


def predict(body: dict[str, Any], raw: str) -> Any:
    items, batched = predict_items(body["inputs"], raw)
    check_batch([" ".join(i) for i in items], body)
    params = {"function_to_apply": "none"} if body.get("raw_scores") else {}
    results = [sentiment_scores(" ".join(item), params) for item in items]
    return results if batched else results[0]


def rerank(body: dict[str, Any]) -> Any:
    texts = body["texts"]
    if not isinstance(texts, list) or not texts:
        raise tei_error(400, "`texts` cannot be empty", "Empty")
    check_batch([body["query"], *texts], body)
    query = {w.lower() for w, _, _ in words_with_offsets(str(body["query"]))}
    results = []
    for index, text in enumerate(texts):
        overlap = len(query & {w.lower() for w, _, _ in words_with_offsets(text)})
        logit = 2.0 * overlap - 1.0 - 0.01 * index
        item: dict[str, Any] = {
            "index": index,
            "score": rounded(logit if body.get("raw_scores") else sigmoid(logit)),
        }
        if body.get("return_text"):
            item["text"] = text
        results.append(item)
    return sorted(results, key=lambda r: -r["score"])


def similarity(body: dict[str, Any], raw: str) -> Any:
    inputs = body["inputs"]
    for name in ("source_sentence", "sentences"):
        if not isinstance(inputs, dict) or name not in inputs:
            where = serde_position(raw, max(raw.rfind("}"), 0))
            raise plain(422, f"{DATA_ERROR}inputs: missing field `{name}` at {where}")
    check_batch([inputs["source_sentence"], *inputs["sentences"]], body.get("parameters") or {})
    source = embed(inputs["source_sentence"])
    return [cosine(source, embed(s)) for s in inputs["sentences"]]


def sparse(texts: list[str], body: dict[str, Any]) -> Any:
    return [
        [{"index": i, "value": abs(v)} for i, v in enumerate(row) if abs(v) > 0.05]
        for row in embed_rows(texts, body)
    ]


def openai_embeddings(body: dict[str, Any], raw: str, model_id: str) -> Any:
    texts = as_texts(body["input"], raw, "input")
    check_batch(texts, body, openai=True)
    data = []
    for index, vector in enumerate(embed_rows(texts, body)):
        value: Any = vector
        if body.get("encoding_format") == "base64":
            value = b64(struct.pack(f"<{len(vector)}f", *vector))
        data.append({"object": "embedding", "embedding": value, "index": index})
    tokens = sum(token_count(t) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": model_id,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def info(cfg: TeiConfig) -> dict[str, Any]:
    model_type: dict[str, Any] = {
        "embedding": {"embedding": {"pooling": "mean"}},
        "classifier": {
            "classifier": {
                "id2label": {"0": "NEGATIVE", "1": "POSITIVE"},
                "label2id": {"NEGATIVE": 0, "POSITIVE": 1},
            }
        },
        "reranker": {"reranker": {"id2label": {"0": "LABEL_0"}, "label2id": {"LABEL_0": 0}}},
    }[cfg.kind]
    return {
        "model_id": cfg.model_id,
        "model_sha": None,
        "model_dtype": "float32",
        "model_type": model_type,
        "max_concurrent_requests": 512,
        "max_input_length": MAX_INPUT_LENGTH,
        "max_batch_tokens": 16384,
        "max_batch_requests": None,
        "max_client_batch_size": MAX_CLIENT_BATCH,
        "auto_truncate": False,
        "tokenization_workers": 4,
        "version": "1.8.0",
        "sha": None,
        "docker_label": None,
    }


def embed_route(route: str, body: dict[str, Any], raw: str) -> Any:
    texts = as_texts(body["inputs"], raw)
    check_batch(texts, body)
    if route == "embed_all":
        return [token_vectors(prompted(t, body)) for t in texts]
    if route == "embed_sparse":
        return sparse(texts, body)
    if route == "tokenize":
        return [
            [
                {"id": 100 + i, "text": w, "special": False, "start": s, "stop": e}
                for i, (w, s, e) in enumerate(words_with_offsets(t))
            ]
            for t in texts
        ]
    return embed_rows(texts, body)


async def run(request: Request, cfg: TeiConfig, route: str) -> Any:
    required = {"rerank": ("query", "texts"), "openai": ("input",)}.get(route, ("inputs",))
    body, raw = await json_body(request, required)
    special = {
        "predict": lambda: predict(body, raw),
        "rerank": lambda: rerank(body),
        "similarity": lambda: similarity(body, raw),
        "openai": lambda: openai_embeddings(body, raw, cfg.model_id),
    }
    handler = special.get(route)
    return handler() if handler is not None else embed_route(route, body, raw)


def tei_routes(cfg: TeiConfig) -> list[Route]:
    def post(route: str) -> Any:
        async def endpoint(request: Request) -> Response:
            return JSONResponse(await run(request, cfg, route))

        return endpoint

    async def info_route(request: Request) -> Response:
        return JSONResponse(info(cfg))

    async def health(request: Request) -> Response:
        return Response(b"", status_code=200)

    async def metrics(request: Request) -> Response:
        return PlainTextResponse("# TYPE te_request_count counter\nte_request_count 0\n")

    p = cfg.prefix
    names = ("embed", "embed_all", "embed_sparse", "predict", "rerank", "similarity", "tokenize")
    routes = [Route(f"{p}/{name}", post(name), methods=["POST"]) for name in names]
    routes += [
        Route(f"{p}/v1/embeddings", post("openai"), methods=["POST"]),
        Route(f"{p}/embeddings", post("openai"), methods=["POST"]),
        Route(f"{p}", post(cfg.root), methods=["POST"]),
        Route(f"{p}/", post(cfg.root), methods=["POST"]),
        Route(f"{p}/info", info_route, methods=["GET"]),
        Route(f"{p}/metrics", metrics, methods=["GET"]),
    ]
    return routes + [
        Route(f"{p}{path}", health, methods=["GET"]) for path in ("/health", "/ping", "/")
    ]


def all_tei_routes() -> list[Route]:
    return [route for cfg in CONFIGS for route in tei_routes(cfg)]
