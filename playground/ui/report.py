"""What a finished call shows: the status line and the inspector's contents."""

from __future__ import annotations

import html
from dataclasses import replace

from playground.client import ResponseFormatError
from playground.client.targets import split_server_url
from playground.qa.conformance import check_exchange
from playground.tasks.spec import TaskSpec

from .exports import export_links
from .inspector import InspectorView, events_text, request_view, response_view, summary_text
from .runner import Outcome
from .snippets import (
    curl_snippet,
    hub_snippet,
    javascript_snippet,
    local_server_note,
    python_snippet,
)
from .target import ClientFactory, TargetChoice

__all__ = ["inspector_view", "status_error", "status_ok", "status_running"]


def status_error(sentence: str) -> str:
    return f'<div class="status-error" role="alert">⚠ {html.escape(sentence)}</div>'


def status_running(text: str = "Generating…") -> str:
    """The status line while a call runs."""
    return f'<div class="status-running">⏳ {html.escape(text)}</div>'


def status_ok(spec: TaskSpec, outcome: Outcome) -> str:
    last = outcome.exchanges[-1] if outcome.exchanges else None
    if last is None or last.duration is None:
        return ""
    return f'<div class="status-ok">✓ {spec.title} · {last.duration * 1000:,.0f} ms</div>'


def shape_note(spec: TaskSpec, outcome: Outcome) -> str:
    if outcome.ok:
        note = f"✓ The response has the shape {spec.id} promises: {spec.promise}."
        return note + deviations_note(spec, outcome)
    if isinstance(outcome.error, ResponseFormatError):
        return (
            f"✗ The response does not have the shape {spec.id} promises ({spec.promise}): "
            f"{outcome.error}"
        )
    return ""


MAX_DEVIATIONS_SHOWN = 10


def deviations_note(spec: TaskSpec, outcome: Outcome) -> str:
    """Where the last reply departs from the task's published schema (the HF task types, the
    OpenAI chat schemas), one line each: what our client tolerated but a strict one may not."""
    if not outcome.exchanges:
        return ""
    try:
        found = check_exchange(spec.id, outcome.exchanges[-1])
    except Exception:  # a checker bug must never cost the user the inspector
        return ""
    if not found:
        return ""
    lines = [
        f"- `{html.escape(item.path)}` {item.kind}: {html.escape(item.message)}"
        + (" (tolerated by clients)" if item.level == "warning" else "")
        for item in found[:MAX_DEVIATIONS_SHOWN]
    ]
    more = len(found) - MAX_DEVIATIONS_SHOWN
    if more > 0:
        lines.append(f"- … and {more} more")
    return f"\n\nAgainst the task's schema, {len(found)} deviation(s):\n" + "\n".join(lines)


def _snippet_base(factory: ClientFactory, target: TargetChoice, model: str | None) -> str | None:
    if target.kind == "local":
        return factory.local_url
    if target.kind == "hf" and factory.settings.hf_endpoint:
        return factory.settings.hf_endpoint
    if target.kind == "custom" and model and "://" not in model:  # a model on that server
        return split_server_url(target.url.strip())[0] or None
    return None


def inspector_view(
    spec: TaskSpec, outcome: Outcome, factory: ClientFactory, target: TargetChoice
) -> InspectorView:
    target = outcome.target or target
    exchanges = outcome.exchanges
    summary = summary_text(exchanges, shape_note(spec, outcome))
    if not exchanges:
        return InspectorView(summary=summary)
    last = exchanges[-1]
    sends_token = "authorization" in last.request_headers
    model_url = last.url if target.kind != "hf" else None
    view = InspectorView(
        summary=summary,
        request=request_view(last),
        response=response_view(last),
        curl=curl_snippet(last),
        python=python_snippet(
            spec.method,
            outcome.call,
            outcome.model,
            base=_snippet_base(factory, target, outcome.model),
            token=sends_token,
            backend=target.family if target.kind == "custom" and target.family != "auto" else None,
        ),
        hub=hub_snippet(
            spec.method, outcome.call, outcome.model, model_url=model_url, token=sends_token
        ),
        javascript=javascript_snippet(last),
        events=events_text(last),
        exports=export_links(exchanges, spec.id),
    )
    return _with_local_note(view, factory) if target.kind == "local" else view


def _with_local_note(view: InspectorView, factory: ClientFactory) -> InspectorView:
    """Snippets aimed at the local server say where it listens and how to run it alone."""
    if not factory.local_url:
        return view
    note = local_server_note(factory.local_url)
    return replace(
        view,
        curl=note + view.curl,
        python=note + view.python,
        hub=note + view.hub,
        javascript=local_server_note(factory.local_url, "//") + view.javascript,
    )
