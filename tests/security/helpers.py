"""Calling a task tab through its API endpoint with some inputs replaced, and reading back the
status line; counting the requests the fake inference server received; bad files made on the
spot."""

from __future__ import annotations

import html
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from gradio_client import Client, handle_file

from playground.tasks.spec import Field, TaskSpec
from playground.ui.components import example_value


def target(timeout: Any = 60) -> list[Any]:
    """The target bar: Hugging Face (the fake server), no token."""
    return ["hf", "", "", False, timeout, False, "auto"]


def widget_value(field: Field, value: Any) -> Any:
    """What the page sends for `value` in this field's widget (files are uploaded first)."""
    if isinstance(value, Path):
        return handle_file(str(value))
    value = example_value(field, value)
    if field.kind in ("image", "audio") and value is not None:
        return handle_file(value)
    if field.kind == "table" and value is not None:
        return {"headers": list(value.columns), "data": value.values.tolist(), "metadata": None}
    return value


def arguments(
    spec: TaskSpec,
    inputs: Mapping[str, Any] | None = None,
    *,
    timeout: Any = 60,
    extra: str = "",
) -> list[Any]:
    """The endpoint's arguments: the first example, with `inputs` (by field name) instead."""
    example = dict(spec.examples[0].values if spec.examples else {})
    chosen = {**example, **(inputs or {})}
    fields = [widget_value(field, chosen.get(field.name, field.value)) for field in spec.inputs]
    params = [param.value for param in spec.params]
    controls = [control.value if control.kind == "slider" else [] for control in spec.controls]
    return [*target(timeout), f"fake/{spec.id}", *fields, *params, extra, *controls]


def run_tab(api: Client, spec: TaskSpec, inputs: Mapping[str, Any] | None = None, **kw: Any) -> str:
    """Run the tab's endpoint; its status line (HTML)."""
    result = api.predict(*arguments(spec, inputs, **kw), api_name=f"/{spec.api_name}")
    values = list(result if isinstance(result, tuple) else (result,))
    return str(values[status_index(spec)] or "")


def status_index(spec: TaskSpec) -> int:
    """Where a tab's status line is among its endpoint's results: after the outputs, the
    controls and the carried inputs (the gr.State between them isn't sent)."""
    return len(spec.outputs) + len(spec.controls) + len(spec.carries)


def requests_seen(fake_url: str) -> int:
    return len(httpx.get(f"{fake_url}/_fake/requests", timeout=10).json())


def assert_refused(status: str, *phrases: str) -> None:
    """One sentence in the status line, naming what is wrong (each phrase, any case)."""
    assert "status-error" in status, status
    text = html.unescape(status).lower()
    for phrase in phrases:
        assert phrase.lower() in text, (phrase, status)
    assert "traceback" not in text and "exception" not in text, status


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG that declares `width`×`height` pixels but holds almost no data: opening it
    is cheap, decoding it would need width×height×3 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )
