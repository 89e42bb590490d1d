"""Structured-input tasks: QA, table QA, tabular, embeddings and sentence similarity."""

from __future__ import annotations

import math
import zlib
from typing import Any

from .hf_inputs import object_inputs, require_str, text_payload
from .payloads import Body, error, field_error, rounded, words_with_offsets

EMBEDDING_DIM = 32
STOP_WORDS = {
    "what",
    "who",
    "where",
    "when",
    "which",
    "how",
    "why",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "to",
    "my",
    "your",
    "i",
    "you",
    "and",
    "or",
    "it",
    "its",
    "for",
    "with",
    "by",
    "as",
    "be",
    "from",
}


def embed(text: str, normalize: bool = True, dim: int = EMBEDDING_DIM) -> list[float]:
    """Hashed bag of words: same text → same vector, shared words → higher cosine."""
    vector = [0.0] * dim
    vector[0] = 0.1
    for word, _, _ in words_with_offsets(text.lower()):
        digest = zlib.crc32(word.encode("utf-8"))
        vector[digest % dim] += 1.0 if (digest >> 8) % 2 else -1.0
        vector[(digest >> 12) % dim] += 0.5
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [rounded(v / norm if normalize else v) for v in vector]


def token_vectors(text: str, dim: int = EMBEDDING_DIM) -> list[list[float]]:
    tokens = ["[CLS]", *(w for w, _, _ in words_with_offsets(text)), "[SEP]"]
    return [embed(f"{token} {position}", dim=dim) for position, token in enumerate(tokens)]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)) or 1.0
    return rounded(dot / norm)


def _options(body: Body, params: dict[str, Any]) -> dict[str, Any]:
    return {**params, **{k: v for k, v in body.obj.items() if k not in {"inputs", "parameters"}}}


def feature_extraction(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    options = _options(body, params)
    normalize = options.get("normalize", True) is not False
    dim = options.get("dimensions") or EMBEDDING_DIM
    if isinstance(inputs, list):
        if not inputs:
            raise field_error(
                "inputs", "Value error, The inputs are invalid, at least one input is required"
            )
        texts = [require_str(item) for item in inputs]
        if variant == "tokens":
            return [[token_vectors(t, dim)] for t in texts]
        return [embed(t, normalize, dim) for t in texts]
    text = require_str(inputs)
    return [token_vectors(text, dim)] if variant == "tokens" else embed(text, normalize, dim)


def sentence_similarity(body: Body, variant: str) -> Any:
    obj = body.obj
    inputs = obj.get("inputs") if isinstance(body.json, dict) else body.json
    if not isinstance(inputs, dict):
        kind = {type(None): "NoneType", list: "list", str: "str"}.get(
            type(inputs), type(inputs).__name__
        )
        raise error(400, f"SentenceSimilarityInputsCheck expected dict not {kind}")
    for name in ("source_sentence", "sentences"):
        if name not in inputs:
            raise field_error(name)
    source = embed(require_str(inputs["source_sentence"], "source_sentence"))
    sentences = inputs["sentences"]
    if not isinstance(sentences, list):
        raise field_error("sentences", "Input should be a valid list")
    return [cosine(source, embed(require_str(s, "sentences"))) for s in sentences]


def _keywords(text: str) -> set[str]:
    return {w.lower() for w, _, _ in words_with_offsets(text)} - STOP_WORDS


def answer_spans(question: str, context: str) -> list[tuple[int, int]]:
    words = words_with_offsets(context)
    asked = {w.lower() for w, _, _ in words_with_offsets(question)}
    keys = asked - STOP_WORDS
    anchor = max((i for i, (w, _, _) in enumerate(words) if w.lower() in keys), default=-1)
    spans: list[tuple[int, int]] = []
    for i in range(anchor + 1, len(words)):
        word = words[i][0].lower()
        if word not in asked and word not in STOP_WORDS:
            spans.append(_extend(words, i))
            break
    for i, (word, _start, _end) in enumerate(words):
        if (word[:1].isupper() or word[:1].isdigit()) and i > 0:
            spans.append(_extend(words, i))
    spans += [(s, e) for _, s, e in words]
    unique = list(dict.fromkeys(spans))
    return unique or [(0, 0)]


def _extend(words: list[tuple[str, int, int]], i: int) -> tuple[int, int]:
    start, end = words[i][1], words[i][2]
    while i + 1 < len(words) and words[i][0][:1].isupper() and words[i + 1][0][:1].isupper():
        i += 1
        end = words[i][2]
    return start, end


def question_answering(body: Body, variant: str) -> Any:
    inputs, params = object_inputs(body)
    question = require_str(inputs.get("question"), "question")
    context = require_str(inputs.get("context"), "context")
    spans = answer_spans(question, context)
    answers = [
        {"score": rounded(0.92 / (rank + 1) ** 2), "start": s, "end": e, "answer": context[s:e]}
        for rank, (s, e) in enumerate(spans)
    ]
    k = params.get("top_k")
    if isinstance(k, int) and k > 1:
        return answers[:k]
    return [answers[0]] if variant == "list" else answers[0]


def _table(inputs: dict[str, Any], name: str) -> dict[str, list[str]]:
    table = inputs.get(name)
    if table is None:
        raise field_error(name)
    if not isinstance(table, dict) or not table:
        raise field_error(name, "Input should be a valid dictionary")
    for column in table.values():
        if not isinstance(column, list) or not all(isinstance(c, str) for c in column):
            raise field_error(name, "Input should be a valid string")
    if len({len(column) for column in table.values()}) > 1:
        noun = "table" if name == "table" else "data"
        raise field_error(name, f"Value error, All rows in the {noun} must be the same length")
    return table


def _aggregator(query: str, row_found: bool) -> str:
    lower = query.lower()
    if "average" in lower or "mean" in lower:
        return "AVERAGE"
    if "sum" in lower or "total" in lower:
        return "SUM"
    return "COUNT" if "how many" in lower and not row_found else "NONE"


def table_cells(query: str, table: dict[str, list[str]]) -> tuple[list[tuple[int, int]], bool]:
    """The answer cells, and whether a row was singled out by a cell value in the query."""
    columns = list(table)
    lower = query.lower()
    keys = _keywords(query)
    rows = len(table[columns[0]])
    hit = next(
        (
            (r, c)
            for r in range(rows)
            for c, name in enumerate(columns)
            if table[name][r].strip() and table[name][r].lower() in lower
        ),
        None,
    )
    wanted = next(
        (c for c, name in enumerate(columns) if name.lower() in lower or _keywords(name) & keys),
        None,
    )
    if hit is not None:
        column = wanted if wanted is not None and wanted != hit[1] else (hit[1] + 1) % len(columns)
        return [(hit[0], column)], True
    if wanted is not None:
        return [(r, wanted) for r in range(rows)], False
    return [(0, 0)], False


def table_question_answering(body: Body, variant: str) -> Any:
    inputs, _ = text_payload(body)
    if not isinstance(inputs, dict):
        raise field_error("query")
    table = _table(inputs, "table")
    if "query" not in inputs:
        raise field_error("query")
    query = require_str(inputs["query"], "query")
    coordinates, row_found = table_cells(query, table)
    columns = list(table)
    cells = [table[columns[c]][r] for r, c in coordinates]
    aggregator = _aggregator(query, row_found)
    answer = ", ".join(cells) if aggregator == "NONE" else f"{aggregator} > {', '.join(cells)}"
    reply = {
        "answer": answer,
        "coordinates": [list(rc) for rc in coordinates],
        "cells": cells,
        "aggregator": aggregator,
    }
    return [reply] if variant == "list" else reply


def _rows(body: Body) -> list[list[str]]:
    inputs, _ = text_payload(body)
    if not isinstance(inputs, dict):
        raise field_error("data")
    data = _table(inputs, "data")
    return [list(row) for row in zip(*data.values(), strict=True)]


def _row_sum(row: list[str]) -> float:
    total = 0.0
    for cell in row:
        try:
            total += float(cell)
        except ValueError:
            continue
    return total


def tabular_classification(body: Body, variant: str) -> Any:
    return [int(abs(_row_sum(row))) % 10 for row in _rows(body)]


def tabular_regression(body: Body, variant: str) -> Any:
    return [round(_row_sum(row), 3) for row in _rows(body)]
