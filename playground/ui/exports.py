"""A run's exchanges as a HAR file and as a curl script, offered as download links in the
inspector. The links carry the files as data URIs (no file is written on the host), built from
`Exchange`s, which never hold a token: the credential shows as `$HF_TOKEN`, masked."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from playground.client import Exchange

from .snippets import curl_snippet

__all__ = ["curl_script", "export_links", "har_log"]

CREATOR = {"name": "Inference Playground", "version": "1"}
EXPORT_TEXT_CHARS = 16_000


def _pairs(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers.items()]


def _text(body: bytes, content_type: str, size: int) -> dict[str, Any]:
    """HAR's `text` for a body. Media bodies are described, not included, and texts are cut at
    EXPORT_TEXT_CHARS: the links live in the page's session, which must stay small."""
    kind = content_type.split(";", 1)[0].strip()
    binary = kind.startswith(("image/", "audio/", "video/")) or kind == "application/octet-stream"
    text = None if binary else body.decode("utf-8", errors="replace")
    if text is None:
        return {"comment": f"{size:,} bytes of {kind or 'binary data'}, not included"}
    if len(text) > EXPORT_TEXT_CHARS or size > len(body):
        return {"text": text[:EXPORT_TEXT_CHARS], "comment": f"cut: {size:,} bytes in all"}
    return {"text": text}


def _entry(exchange: Exchange) -> dict[str, Any]:
    sent_type = exchange.request_headers.get("content-type", "")
    got_type = exchange.response_headers.get("content-type", "")
    total = round((exchange.duration or 0.0) * 1000, 3)
    wait = round((exchange.time_to_headers or exchange.duration or 0.0) * 1000, 3)
    started = dt.datetime.fromtimestamp(exchange.started_at, tz=dt.UTC)
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": exchange.url,
        "httpVersion": "HTTP/1.1",
        "headers": _pairs(exchange.request_headers),
        "queryString": [
            {"name": k, "value": v} for k, v in parse_qsl(urlsplit(exchange.url).query)
        ],
        "cookies": [],
        "headersSize": -1,
        "bodySize": exchange.request_size,
    }
    if exchange.request_size:
        body = _text(exchange.request_body, sent_type, exchange.request_size)
        request["postData"] = {"mimeType": sent_type, **body}
    content = {"size": exchange.response_size, "mimeType": got_type}
    content.update(_text(exchange.response_body, got_type, exchange.response_size))
    return {
        "startedDateTime": started.isoformat(),
        "time": total,
        "request": request,
        "response": {
            "status": exchange.status or 0,
            "statusText": exchange.error or "",
            "httpVersion": "HTTP/1.1",
            "headers": _pairs(exchange.response_headers),
            "cookies": [],
            "content": content,
            "redirectURL": exchange.response_headers.get("location", ""),
            "headersSize": -1,
            "bodySize": exchange.response_size,
        },
        "cache": {},
        "timings": {"send": 0, "wait": wait, "receive": round(max(0.0, total - wait), 3)},
    }


def har_log(exchanges: Sequence[Exchange]) -> dict[str, Any]:
    """HAR 1.2: one entry per request of the run (a retry after a 503 is its own entry)."""
    return {
        "log": {"version": "1.2", "creator": CREATOR, "entries": [_entry(e) for e in exchanges]}
    }


def curl_script(exchanges: Sequence[Exchange]) -> str:
    """The run's last request as a shell script (the token read from `$HF_TOKEN`)."""
    return "#!/bin/sh\n# Replays the request the playground sent.\n" + curl_snippet(exchanges[-1])


def _link(data: bytes, kind: str, name: str, label: str) -> str:
    uri = f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
    return f"<a download='{html.escape(name)}' href='{uri}' class='export-link'>{label}</a>"


def export_links(exchanges: Sequence[Exchange], name: str) -> str:
    """Download links for the run (empty when no request was sent)."""
    if not exchanges:
        return ""
    har = json.dumps(har_log(exchanges), indent=1).encode()
    script = curl_script(exchanges).encode()
    return (
        "<div class='run-exports'>Export this run: "
        + _link(har, "application/json", f"{name}.har", "HAR")
        + " · "
        + _link(script, "text/x-shellscript", f"{name}.sh", "curl script")
        + "</div>"
    )
