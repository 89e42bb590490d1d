"""Copy-paste snippets that reproduce a call: curl and JavaScript from the exact request that went
over the wire, Python with `playground.client` and with `huggingface_hub` from the call itself.
The token always appears as `$HF_TOKEN`."""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from typing import Any

import httpx

from playground.client import Exchange
from playground.tasks.spec import CallArgs

from .settings import DEFAULT_LOCAL_PORT

__all__ = [
    "curl_snippet",
    "hub_snippet",
    "javascript_snippet",
    "local_server_note",
    "python_snippet",
]

STANDALONE_COMMAND = f"python -m playground.local --port {DEFAULT_LOCAL_PORT}"

_SKIPPED_HEADERS = {"user-agent", "content-length", "accept-encoding", "connection", "host"}


def _content_type(exchange: Exchange) -> str:
    return exchange.request_headers.get("content-type", "").split(";")[0]


def _is_json(exchange: Exchange) -> bool:
    return _content_type(exchange) == "application/json"


def _headers(exchange: Exchange) -> dict[str, str]:
    headers = {}
    for name, value in exchange.request_headers.items():
        if name.lower() in _SKIPPED_HEADERS:
            continue
        headers[name] = "Bearer $HF_TOKEN" if name.lower() == "authorization" else value
    return headers


def _input_file(exchange: Exchange) -> str:
    kind, _, subtype = _content_type(exchange).partition("/")
    extension = {"jpeg": "jpg", "x-wav": "wav", "mpeg": "mp3"}.get(subtype, subtype)
    return f"input.{extension}" if kind in ("image", "audio") and extension else "input.bin"


def curl_snippet(exchange: Exchange) -> str:
    lines = [f"curl {shlex.quote(exchange.url)}", f"  -X {exchange.method}"]
    for name, value in _headers(exchange).items():
        quoted = f'"{name}: {value}"' if "$HF_TOKEN" in value else shlex.quote(f"{name}: {value}")
        lines.append(f"  -H {quoted}")
    if exchange.request_size and _is_json(exchange):
        body = exchange.request_body.decode("utf-8", errors="replace")
        lines.append(f"  -d {shlex.quote(body)}")
    elif exchange.request_size:
        lines.append(f"  --data-binary @{_input_file(exchange)}")
    return " \\\n".join(lines)


def javascript_snippet(exchange: Exchange) -> str:
    headers = {
        name: ("Bearer ${process.env.HF_TOKEN}" if "$HF_TOKEN" in value else value)
        for name, value in _headers(exchange).items()
    }
    header_lines = ",\n".join(
        f"    {json.dumps(name)}: `{value}`"
        if "${" in value
        else f"    {json.dumps(name)}: {json.dumps(value)}"
        for name, value in headers.items()
    )
    if _is_json(exchange):
        body = f"JSON.stringify({exchange.request_body.decode('utf-8', errors='replace')})"
        prelude = ""
    else:
        body = "data"
        prelude = (
            f'import {{ readFile }} from "node:fs/promises";\n'
            f'const data = await readFile("{_input_file(exchange)}");\n'
        )
    return (
        f"{prelude}const response = await fetch({json.dumps(exchange.url)}, {{\n"
        f'  method: "{exchange.method}",\n  headers: {{\n{header_lines}\n  }},\n'
        f"  body: {body},\n}});\n"
        "console.log(response.status, await response.text());"
    )


def _literal(value: Any) -> str:
    if isinstance(value, str) and value.startswith("/") and "." in value.rsplit("/", 1)[-1]:
        return repr(value.rsplit("/", 1)[-1])
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key!r}: {_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if isinstance(value, (bytes, bytearray)) or type(value).__module__.startswith("PIL."):
        return repr("input.png")
    return repr(value)


def _call_text(method: str, call: CallArgs, model: str | None, extra: Mapping[str, Any]) -> str:
    parts = [_literal(arg) for arg in call.args]
    parts += [f"{name}={_literal(value)}" for name, value in call.kwargs.items()]
    if model:
        parts.append(f"model={model!r}")
    parts += [f"{name}={_literal(value)}" for name, value in extra.items()]
    joined = ",\n    ".join(parts)
    return f"client.{method}(\n    {joined},\n)" if parts else f"client.{method}()"


def python_snippet(
    method: str,
    call: CallArgs,
    model: str | None,
    *,
    base: str | None,
    token: bool,
    backend: str | None = None,
) -> str:
    options = []
    if base:
        options.append(f"inference_endpoint={base!r}")
    if backend:
        options.append(f"backend={backend!r}")
    options.append('token=os.environ["HF_TOKEN"]' if token else "token=False")
    return (
        "import os\n\nfrom playground.client import InferenceClient\n\n"
        f"client = InferenceClient({', '.join(options)})\n"
        f"result = {_call_text(method, call, model, {})}\nprint(result)"
    )


def hub_snippet(
    method: str, call: CallArgs, model: str | None, *, model_url: str | None, token: bool
) -> str:
    """huggingface_hub's InferenceClient, pointed at the same model URL."""
    target = model_url or model
    options = [f"model={target!r}"] if target else []
    if token:
        options.append('token=os.environ["HF_TOKEN"]')
    return (
        "import os\n\nfrom huggingface_hub import InferenceClient\n\n"
        f"client = InferenceClient({', '.join(options)})\n"
        f"result = {_call_text(method, call, None, {})}\nprint(result)"
    )


def local_server_note(url: str, comment: str = "#") -> str:
    """Comment lines to put above a snippet aimed at the local server: where it listens, and how
    to serve the same URL without the app."""
    try:
        port = httpx.URL(url).port
    except httpx.InvalidURL:
        port = None
    if port == DEFAULT_LOCAL_PORT:
        where = f"The playground's local server, on its usual port {DEFAULT_LOCAL_PORT}."
    else:
        where = (
            f"This run's local server is on port {port}: {DEFAULT_LOCAL_PORT}, its usual "
            "port, was taken (or --local-port chose another)."
        )
    return (
        f"{comment} {where}\n"
        f"{comment} Without the app, serve the same models with: {STANDALONE_COMMAND}\n"
    )
