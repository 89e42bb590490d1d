"""Paste a curl command, get a comparison side: the target (local model, Hugging Face model or
custom URL), the task (from the URL or the body's shape, where they tell) and the input.
Pure parsing; nothing is sent. A token in the command is dropped, never kept."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playground.client import InputError
from playground.client.tokens import origin_of
from playground.tasks import TASKS
from playground.tasks.common import local_models

__all__ = ["Pasted", "Request", "guess_task", "parse_curl", "read_paste"]

MAX_PASTE_CHARS = 20_000
_DATA_FLAGS = ("-d", "--data", "--data-raw", "--data-binary", "--json")
_SKIP_VALUE = ("-o", "--output", "-u", "--user", "-m", "--max-time", "-w", "--write-out")


@dataclass(frozen=True)
class Request:
    url: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


def _flag_value(token: str, words: list[str], index: int) -> tuple[str, int]:
    if "=" in token and token.startswith("--"):
        return token.split("=", 1)[1], index + 1
    if index + 1 >= len(words):
        raise InputError(f"The curl command ends after {token}.")
    return words[index + 1], index + 2


def parse_curl(text: str) -> Request:
    """The URL, method, headers (minus credentials) and body of a curl command."""
    if len(text or "") > MAX_PASTE_CHARS:
        raise InputError(f"The pasted command is longer than {MAX_PASTE_CHARS:,} characters.")
    try:
        words = shlex.split((text or "").replace("\\\n", " "))
    except ValueError as error:
        raise InputError(f"The curl command can't be read: {error}.") from None
    if not words or words[0] != "curl":
        raise InputError("Paste a command that starts with `curl`.")
    url, method, headers, body = None, None, {}, None
    i = 1
    while i < len(words):
        word = words[i]
        if word in ("-X", "--request") or word.startswith("--request="):
            method, i = _flag_value(word, words, i)
        elif word in ("-H", "--header") or word.startswith("--header="):
            value, i = _flag_value(word, words, i)
            name, _, content = value.partition(":")
            if name.strip().lower() not in ("authorization", "x-api-key", "cookie"):
                headers[name.strip().lower()] = content.strip()
        elif word in _DATA_FLAGS or word.startswith(tuple(f"{f}=" for f in _DATA_FLAGS)):
            body, i = _flag_value(word, words, i)
        elif word in _SKIP_VALUE:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            url, i = url or word, i + 1
    if not url or not url.startswith(("http://", "https://")):
        raise InputError("The curl command has no http(s) URL.")
    return Request(url, (method or ("POST" if body is not None else "GET")).upper(), headers, body)


def _json(body: str | None) -> Any:
    if body is None or body.startswith("@"):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _task_in_url(url: str) -> str | None:
    path = urlsplit(url).path
    found = re.search(r"/pipeline/([a-z-]+)", path)
    if found and found.group(1) in TASKS:
        return found.group(1)
    model = re.search(r"/models/(local/[^/]+)", path)
    if model:
        return next(
            (t for t in TASKS if any(m == model.group(1) for m, _ in local_models(t))), None
        )
    return None


def _body_task(inputs: Any, params: dict[str, Any]) -> str | None:
    if isinstance(inputs, dict):
        keys = set(inputs)
        if {"question", "context"} <= keys:
            return "question-answering"
        return "sentence-similarity" if {"source_sentence", "sentences"} <= keys else None
    if not isinstance(inputs, str):
        return None
    if "candidate_labels" in params:
        return "zero-shot-classification"
    if {"src_lang", "tgt_lang"} & set(params):
        return "translation"
    return "fill-mask" if "[MASK]" in inputs or "<mask>" in inputs else None


def guess_task(url: str, data: Any) -> str | None:
    """The task the request is for, when the URL or the body's shape tells; else None."""
    found = _task_in_url(url)
    if found or not isinstance(data, dict):
        return found
    params = data.get("parameters")
    return _body_task(data.get("inputs"), params if isinstance(params, dict) else {})


@dataclass(frozen=True)
class Pasted:
    """What the paste fills: the task (None: keep the one chosen), the text slots, side 1."""

    task: str | None
    texts: list[str]
    kind: str
    model: str


def _side(url: str, local_url: str | None, hf_endpoint: str | None) -> tuple[str, str]:
    path = urlsplit(url).path
    model = re.search(r"/models/(.+?)(?:/pipeline/.*)?$", path)
    for kind, base in (("local", local_url), ("hf", hf_endpoint)):
        if base and origin_of(url) == origin_of(base) and model:
            return kind, model.group(1)
    return "custom", url


def _texts(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return []
    inputs, params = data.get("inputs"), data.get("parameters") or {}
    if isinstance(inputs, str):
        labels = params.get("candidate_labels")
        extra = [", ".join(labels)] if isinstance(labels, list) else []
        langs = [params[k] for k in ("src_lang", "tgt_lang") if isinstance(params.get(k), str)]
        return [inputs, *extra, *langs]
    if isinstance(inputs, dict) and "question" in inputs:
        return [str(inputs["question"]), str(inputs.get("context", ""))]
    if isinstance(inputs, dict) and "source_sentence" in inputs:
        return [str(inputs["source_sentence"]), "\n".join(map(str, inputs["sentences"]))]
    return []


def read_paste(text: str, local_url: str | None, hf_endpoint: str | None) -> Pasted:
    request = parse_curl(text)
    data = _json(request.body)
    kind, model = _side(request.url, local_url, hf_endpoint)
    return Pasted(guess_task(request.url, data), _texts(data), kind, model)
