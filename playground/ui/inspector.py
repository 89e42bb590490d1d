"""The inspector under every tab: the exact requests and responses, timings, the shape check and
snippets for the call just made. Everything shown is masked (`Exchange` never holds a token)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground.client import Exchange
from playground.client.plan import parse_json
from playground.client.recording import BODY_PREVIEW_BYTES

from .curl_fill_view import FillControls, build_fill_controls
from .save_run import SaveControls, build_save_controls

__all__ = ["Inspector", "InspectorView", "build_inspector", "describe_body", "events_text"]

_PREVIEW_CHARS = 20_000
_MAX_SHOWN_DEPTH = 32
_TIMING_HEADERS = (
    "x-compute-time",
    "x-compute-type",
    "x-total-time",
    "x-inference-time",
    "x-queue-time",
    "x-time-per-token",
    "x-request-id",
    "x-sha",
)


@dataclass
class Inspector:
    """The inspector's components in one tab."""

    summary: gr.Markdown
    request: gr.JSON
    response: gr.JSON
    curl: gr.Code
    python: gr.Code
    hub: gr.Code
    javascript: gr.Code
    events: gr.Code
    exports: gr.HTML | None = None
    timeline: gr.HTML | None = None
    save: SaveControls | None = None  # not an output of a run: wired by the tab
    fill: FillControls | None = None  # likewise

    @property
    def components(self) -> list[Any]:
        return [
            self.summary,
            self.request,
            self.response,
            self.curl,
            self.python,
            self.hub,
            self.javascript,
            self.events,
            self.exports,
            self.timeline,
        ]


@dataclass(frozen=True)
class InspectorView:
    """Values for the inspector's components, in `Inspector.components` order."""

    summary: str = ""
    request: Any = None
    response: Any = None
    curl: str = ""
    python: str = ""
    hub: str = ""
    javascript: str = ""
    events: str = ""
    exports: str = ""  # download links: the run as HAR, as a curl script
    timeline: str = ""  # a stream drawn on a timeline (SVG); empty when it wasn't a stream

    def values(self) -> list[Any]:
        return [
            self.summary,
            self.request,
            self.response,
            self.curl,
            self.python,
            self.hub,
            self.javascript,
            self.events,
            self.exports,
            self.timeline,
        ]


def build_inspector(prefix: str) -> Inspector:
    with gr.Accordion(
        "Inspector: request, response, timings, snippets", open=False, elem_id=f"{prefix}-inspector"
    ):
        summary = gr.Markdown(elem_id=f"{prefix}-inspector-summary")
        timeline = gr.HTML(elem_id=f"{prefix}-timeline", padding=False)
        exports = gr.HTML(elem_id=f"{prefix}-exports")
        with gr.Row():
            request = gr.JSON(label="Request", elem_id=f"{prefix}-request")
            response = gr.JSON(label="Response", elem_id=f"{prefix}-response")
        with gr.Tabs():
            with gr.Tab("curl"):
                curl = gr.Code(
                    language="shell", interactive=False, label="curl", elem_id=f"{prefix}-curl"
                )
            with gr.Tab("Python · playground.client"):
                python = gr.Code(
                    language="python",
                    interactive=False,
                    label="playground.client",
                    elem_id=f"{prefix}-python",
                )
            with gr.Tab("Python · huggingface_hub"):
                hub = gr.Code(
                    language="python",
                    interactive=False,
                    label="huggingface_hub",
                    elem_id=f"{prefix}-hub",
                )
            with gr.Tab("JavaScript"):
                javascript = gr.Code(
                    language="javascript", interactive=False, elem_id=f"{prefix}-js"
                )
            with gr.Tab("Stream events"):
                events = gr.Code(
                    interactive=False,
                    label="One event per line: time since the request was sent, then its data",
                    elem_id=f"{prefix}-events",
                    max_lines=30,
                )
        save = build_save_controls(prefix)
        fill = build_fill_controls(prefix)
    return Inspector(
        summary, request, response, curl, python, hub, javascript, events, exports, timeline,
        save, fill,
    )  # fmt: skip


def describe_body(body: bytes, size: int, content_type: str) -> Any:
    """A body for display: parsed JSON, text, or a one-line summary of binary data."""
    kind = content_type.split(";", maxsplit=1)[0].strip()
    if not size:
        return None
    if kind.startswith(("image/", "audio/", "video/")) or kind == "application/octet-stream":
        return f"<{kind or 'binary'} · {size:,} bytes>"
    text = body.decode("utf-8", errors="replace")
    if kind in ("application/json", "") or kind.endswith("+json"):
        try:
            return _truncate_json(parse_json(text))
        except ValueError:
            pass
    suffix = f"… ({size:,} bytes in all)" if size > len(body) or len(text) > _PREVIEW_CHARS else ""
    return text[:_PREVIEW_CHARS] + suffix


def _truncate_json(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_SHOWN_DEPTH and isinstance(value, (list, dict)):
        return f"… ({type(value).__name__} nested deeper than {_MAX_SHOWN_DEPTH} levels)"
    if isinstance(value, str) and len(value) > 300:
        return f"{value[:120]}… ({len(value):,} characters)"
    if isinstance(value, list) and len(value) > 64:
        return [
            *(_truncate_json(item, depth + 1) for item in value[:32]),
            f"… {len(value) - 32} more items",
        ]
    if isinstance(value, list):
        return [_truncate_json(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: _truncate_json(item, depth + 1) for key, item in value.items()}
    return value


def request_view(exchange: Exchange) -> dict[str, Any]:
    content_type = exchange.request_headers.get("content-type", "")
    return {
        "method": exchange.method,
        "url": exchange.url,
        "headers": exchange.request_headers,
        "body": describe_body(exchange.request_body, exchange.request_size, content_type),
    }


def response_view(exchange: Exchange) -> dict[str, Any]:
    content_type = exchange.response_headers.get("content-type", "")
    count = len(exchange.events) + exchange.events_dropped
    if count:
        kind = content_type.split(";", maxsplit=1)[0].strip() or "stream"
        body: Any = f"<{kind} · {count:,} events: see the Stream events tab below>"
    else:
        body = describe_body(exchange.response_body, exchange.response_size, content_type)
    return {"status": exchange.status, "headers": exchange.response_headers, "body": body}


def events_text(exchange: Exchange | None) -> str:
    """A stream's events, one per line with its arrival time; a note when it wasn't one."""
    if exchange is None or not (exchange.events or exchange.events_dropped):
        return "Not a stream: the whole response is under Response above."
    # Left-aligned: the page's code box drops a first line's leading spaces.
    lines = [f"{f'+{at * 1000:,.1f} ms':<12} {data}" for at, data in exchange.events]
    if exchange.events_dropped:
        lines.append(
            f"… and {exchange.events_dropped:,} more events (only the first "
            f"{BODY_PREVIEW_BYTES // 1024} KB of events are kept)"
        )
    return "\n".join(lines)


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f} ms"


def exchange_line(exchange: Exchange) -> str:
    status = exchange.status if exchange.status is not None else "no response"
    line = (
        f"`{exchange.method} {exchange.url}` → **{status}** · {_ms(exchange.duration)} · "
        f"{exchange.request_size:,} B sent · {exchange.response_size:,} B received"
    )
    if exchange.streamed and exchange.items:
        rate = exchange.items_per_second
        line += f" · first token {_ms(exchange.time_to_first_item)} · {exchange.items} tokens" + (
            f" · {rate:,.1f} tokens/s" if rate else ""
        )
    server = [
        f"{name}: {exchange.response_headers[name]}"
        for name in _TIMING_HEADERS
        if name in exchange.response_headers
    ]
    if server:
        line += "  \n  " + " · ".join(server)
    if exchange.error:
        line += f"  \n  ⚠ {exchange.error}"
    return line


def summary_text(exchanges: list[Exchange], shape_note: str) -> str:
    if not exchanges:
        return "No request was sent. " + shape_note
    lines = [f"{index}. {exchange_line(exchange)}" for index, exchange in enumerate(exchanges, 1)]
    return "\n".join(lines) + ("\n\n" + shape_note if shape_note else "")
