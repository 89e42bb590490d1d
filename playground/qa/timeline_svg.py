"""A stream's timeline as one small, self-contained SVG (no script, no external asset): every
event a tick against time, the wait for the first token shaded and marked, long gaps between
tokens highlighted, and the rate and the server's own timings as labelled text. Pure."""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence

from .timeline import StreamTimeline

__all__ = [
    "LONG_GAP_FACTOR",
    "LONG_GAP_MIN",
    "long_gap_bound",
    "long_gaps",
    "seconds_text",
    "timeline_svg",
]

# A gap between two tokens is long when it is this many times the median gap, and at least
# LONG_GAP_MIN seconds (a steady fast stream's small jitter is not worth a mark).
LONG_GAP_FACTOR = 3.0
LONG_GAP_MIN = 0.05

WIDTH, HEIGHT = 720, 126
_LEFT, _RIGHT = 14, 14
_TRACK_TOP, _TRACK_BOTTOM = 38, 74
_AXIS_Y = 80
_COLOURS = {"token": "#2563eb", "other": "#9ca3af", "done": "#16a34a", "error": "#dc2626"}
_SERVER_NAMES = {
    "compute": "compute",
    "total": "total",
    "validation": "validation",
    "queue": "queue",
    "inference": "inference",
    "per_token": "per token",
}


def seconds_text(seconds: float) -> str:
    """`850 ms`, `12.5 ms`, `2.41 s`."""
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"


def long_gap_bound(timeline: StreamTimeline) -> float | None:
    """How long a gap between tokens must be to count as long (None: fewer than two tokens)."""
    if timeline.gap_p50 is None:
        return None
    return max(LONG_GAP_MIN, LONG_GAP_FACTOR * timeline.gap_p50)


def long_gaps(timeline: StreamTimeline) -> list[tuple[float, float]]:
    """(start, end) of every gap between consecutive tokens that counts as long."""
    bound = long_gap_bound(timeline)
    if bound is None:
        return []
    tokens = [offset for offset, kind in timeline.marks if kind == "token"]
    return [(a, b) for a, b in itertools.pairwise(tokens) if b - a >= bound]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _text(x: float, y: float, text: str, *, anchor: str = "start", css: str = "label") -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{_esc(text)}</text>'


class _Scale:
    def __init__(self, end: float) -> None:
        self.end = end if end > 0 else 0.001
        self.span = WIDTH - _LEFT - _RIGHT

    def x(self, seconds: float) -> float:
        return _LEFT + max(0.0, min(seconds, self.end)) / self.end * self.span


def _headline(line: StreamTimeline) -> str:
    parts = [f"{line.tokens:,} token{'' if line.tokens == 1 else 's'}"]
    if line.time_to_first_token is not None:
        parts.append(f"first token {seconds_text(line.time_to_first_token)}")
    if line.tokens_per_second:
        parts.append(f"{line.tokens_per_second:,.1f} tokens/s")
    if line.gap_p50 is not None and line.gap_max is not None:
        parts.append(
            f"gap median {seconds_text(line.gap_p50)}, longest {seconds_text(line.gap_max)}"
        )
    if line.duration is not None:
        parts.append(f"total {seconds_text(line.duration)}")
    return " · ".join(parts)


def _server_text(server: dict[str, float]) -> str:
    if not server:
        return "Server timing headers: none sent."
    shown = [
        f"{_SERVER_NAMES.get(key, key)} {seconds_text(value)}" for key, value in server.items()
    ]
    return "Server says: " + " · ".join(shown)


def _ttft(scale: _Scale, ttft: float | None) -> list[str]:
    if ttft is None:
        return []
    x = scale.x(ttft)
    anchor = "end" if x > WIDTH * 0.7 else "start"
    offset = -4 if anchor == "end" else 4
    return [
        f'<rect class="waiting" x="{_LEFT}" y="{_TRACK_TOP}" width="{x - _LEFT:.1f}" '
        f'height="{_TRACK_BOTTOM - _TRACK_TOP}" fill="#9ca3af" fill-opacity="0.18"/>',
        f'<line class="ttft" x1="{x:.1f}" y1="{_TRACK_TOP - 8}" x2="{x:.1f}" y2="{_AXIS_Y}" '
        'stroke="#16a34a" stroke-width="1.5" stroke-dasharray="4 3"/>',
        _text(x + offset, _TRACK_TOP - 10, f"TTFT {seconds_text(ttft)}", anchor=anchor, css="ttft"),
    ]


def _gaps(scale: _Scale, gaps: Sequence[tuple[float, float]]) -> list[str]:
    return [
        f'<rect class="gap" x="{scale.x(a):.1f}" y="{_TRACK_TOP}" '
        f'width="{max(1.0, scale.x(b) - scale.x(a)):.1f}" height="{_TRACK_BOTTOM - _TRACK_TOP}" '
        f'fill="#f59e0b" fill-opacity="0.35"><title>{_esc(f"gap of {seconds_text(b - a)}")}'
        "</title></rect>"
        for a, b in gaps
    ]


def _ticks(scale: _Scale, marks: Sequence[tuple[float, str]]) -> list[str]:
    drawn = []
    for offset, kind in marks:
        colour = _COLOURS.get(kind, _COLOURS["other"])
        short = kind != "token"
        top = _TRACK_TOP + (12 if short else 4)
        drawn.append(
            f'<line class="tick {_esc(kind)}" x1="{scale.x(offset):.1f}" y1="{top}" '
            f'x2="{scale.x(offset):.1f}" y2="{_TRACK_BOTTOM - 4}" stroke="{colour}" '
            'stroke-width="1"/>'
        )
    return drawn


def _axis(scale: _Scale) -> list[str]:
    drawn = [
        f'<line x1="{_LEFT}" y1="{_AXIS_Y}" x2="{WIDTH - _RIGHT}" y2="{_AXIS_Y}" '
        'stroke="currentColor" stroke-opacity="0.5"/>'
    ]
    for step in range(5):
        at = scale.end * step / 4
        x = scale.x(at)
        anchor = "start" if step == 0 else "end" if step == 4 else "middle"
        drawn.append(
            f'<line x1="{x:.1f}" y1="{_AXIS_Y}" x2="{x:.1f}" y2="{_AXIS_Y + 4}" '
            'stroke="currentColor" stroke-opacity="0.5"/>'
        )
        drawn.append(_text(x, _AXIS_Y + 15, "0" if step == 0 else seconds_text(at), anchor=anchor))
    return drawn


def timeline_svg(line: StreamTimeline, *, title: str = "", dropped: int = 0) -> str:
    """The SVG for `line`. `title` (e.g. the request line) is the picture's accessible name;
    `dropped` counts events that weren't recorded (noted, not drawn)."""
    last = line.marks[-1][0] if line.marks else 0.0
    scale = _Scale(max(line.duration or 0.0, last))
    gaps = long_gaps(line)
    server = _server_text(line.server)
    legend = "ticks: blue token, grey other, green end"
    bound = long_gap_bound(line)
    if bound is not None:
        legend += f" · orange: {len(gaps)} gap(s) of {seconds_text(bound)} or more"
    if dropped:
        legend += f" · {dropped:,} later events not recorded"
    body = [
        f"<title>{_esc(title or 'Stream timeline')}</title>",
        _text(_LEFT, 16, _headline(line), css="headline"),
        *_ttft(scale, line.time_to_first_token),
        *_gaps(scale, gaps),
        *_ticks(scale, line.marks),
        *_axis(scale),
        _text(_LEFT, HEIGHT - 18, server, css="server"),
        _text(_LEFT, HEIGHT - 4, legend, css="legend"),
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stream-timeline" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" style="max-width:{WIDTH}px;height:auto" '
        'font-family="sans-serif" font-size="11" fill="currentColor">' + "".join(body) + "</svg>"
    )
