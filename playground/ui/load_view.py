"""The QA tab's Repeat & load section: one side's call N times (p50/p95, distinct outputs, does
a seed make them identical), a capped load sweep drawn as charts (cold starts apart), and the
exact request as a Locust file for bigger tests."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import gradio as gr
import pandas as pd

from playground.client import InferenceError
from playground.qa.repeat import RepeatReport, SeedReport
from playground.qa.sweep import LEVELS, SweepReport

from .compare_view import CompareForm
from .qa_load import (
    MAX_REPEATS,
    PUBLIC_REFUSAL,
    SweepLimits,
    export_locustfile,
    record_request,
    repeat_side,
    sweep_side,
)
from .qa_sides import ComparePlan, Side
from .runner import error_sentence
from .tab import AppContext
from .target import TargetChoice

__all__ = ["build_load", "repeat_markdown", "sweep_frames", "sweep_markdown"]

COLUMNS = [
    "concurrency", "requests", "ok", "p50 s", "p95 s", "req/s", "429", "503", "5xx", "errors",
    "cold starts", "TTFT p50 s", "tokens/s",
]  # fmt: skip


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f} s"


def _repeat_lines(title: str, report: RepeatReport) -> list[str]:
    lines = [
        f"**{title}**: {len(report.latencies)} warm calls in {report.seconds:.2f} s · "
        f"p50 {_seconds(report.p50)} · p95 {_seconds(report.p95)} · "
        f"{report.distinct} distinct output(s)" + (" (all identical)" if report.identical else "")
    ]
    if report.cold_starts:
        cold = ", ".join(f"{s:.2f} s" for s in report.cold_starts)
        lines.append(f"Cold starts (not in the latency): {cold}")
    if report.errors:
        lines.append(f"{len(report.errors)} failed: {html.escape(report.errors[0])}")
    return lines


def repeat_markdown(report: RepeatReport | SeedReport) -> str:
    if isinstance(report, SeedReport):
        verdict = (
            "✓ The seed makes the outputs identical."
            if report.seed_makes_identical
            else "✗ The outputs differ even with the same seed."
        )
        lines = [
            *_repeat_lines("Without a seed", report.without_seed),
            *_repeat_lines("With seed 42", report.with_seed),
            verdict,
        ]
    else:
        lines = _repeat_lines("Repeated", report)
    return "  \n".join(lines)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def sweep_frames(report: SweepReport) -> tuple[pd.DataFrame, pd.DataFrame, list[list[Any]]]:
    """The latency chart's rows (p50 and p95 per level), the throughput chart's, the table."""
    latency = [
        {"concurrency": level.concurrency, "seconds": value, "series": name}
        for level in report.levels
        for name, value in (("p50", level.p50), ("p95", level.p95))
        if value is not None
    ]
    throughput = [
        {"concurrency": level.concurrency, "requests/s": level.throughput}
        for level in report.levels
    ]
    table = [
        [
            s.concurrency, s.requests, s.ok, _round(s.p50), _round(s.p95), round(s.throughput, 1),
            s.rate_429, s.rate_503, s.rate_5xx, s.errors, s.cold_starts, _round(s.ttft_p50),
            _round(s.tokens_per_second, 1),
        ]
        for s in report.levels
    ]  # fmt: skip
    latency_frame = pd.DataFrame(latency, columns=["concurrency", "seconds", "series"])
    return latency_frame, pd.DataFrame(throughput, columns=["concurrency", "requests/s"]), table


def sweep_markdown(report: SweepReport) -> str:
    sent = sum(level.requests for level in report.levels)
    cold = sum(level.cold_starts for level in report.levels)
    best = max((level.throughput for level in report.levels), default=0.0)
    lines = [
        f"Swept {len(report.levels)} level(s), {sent} requests in {report.seconds:.1f} s; "
        f"best throughput {best:.1f} requests/s."
    ]
    if cold:
        lines.append(f"{cold} cold start(s) (503 loading), kept out of the latencies.")
    if report.stopped:
        lines.append(f"Stopped early: {report.stopped}.")
    return "  \n".join(lines)


def _side(plan: ComparePlan, number: Any) -> Side:
    index = int(number or 1) - 1
    if not 0 <= index < len(plan.sides):
        raise InferenceError(f"There is no side {index + 1}: show more sides first.")
    return plan.sides[index]


def _prepared(
    ctx: AppContext, form: CompareForm, request: gr.Request, values: Sequence[Any]
) -> tuple[ComparePlan, TargetChoice]:
    n_target, n_form = len(ctx.target_inputs), len(form.components)
    target = ctx.target(request, values[:n_target])
    return form.plan(values[n_target : n_target + n_form]), target


def _handlers(ctx: AppContext, form: CompareForm) -> tuple[Any, Any, Any]:
    n_before = len(ctx.target_inputs) + len(form.components)

    async def repeat(request: gr.Request, *values: Any) -> str:
        number, n, seed = values[n_before:]
        try:
            plan, target = _prepared(ctx, form, request, values)
            report = await repeat_side(ctx.factory, plan, _side(plan, number), target, n, seed)
        except InferenceError as error:
            return f"⚠ {html.escape(error_sentence(error))}"
        return repeat_markdown(report)

    async def run_sweep(request: gr.Request, *values: Any) -> list[Any]:
        number, top, count, seconds = values[n_before:]
        try:
            plan, target = _prepared(ctx, form, request, values)
            limits = SweepLimits(int(top or 1), int(count or 1), float(seconds or 1))
            report = await sweep_side(ctx.factory, plan, _side(plan, number), target, limits)
        except InferenceError as error:
            return [f"⚠ {html.escape(error_sentence(error))}", gr.skip(), gr.skip(), gr.skip()]
        latency, throughput, table = sweep_frames(report)
        shown = [gr.update(value=v, visible=True) for v in (latency, throughput, table)]
        return [sweep_markdown(report), *shown]

    async def locust(request: gr.Request, *values: Any) -> list[Any]:
        number = values[n_before]
        try:
            plan, target = _prepared(ctx, form, request, values)
            side = _side(plan, number)
            sent = await record_request(ctx.factory, plan, side, target)
        except InferenceError as error:
            return [None, f"⚠ {html.escape(error_sentence(error))}"]
        path = export_locustfile(sent, name=f"{plan.spec.id} · {side.title}")
        note = "Run it with `locust -f locustfile.py --headless -u 32 -r 4 -t 60s`."
        if sent.has_credential:
            note += " The request carried a token: set `HF_TOKEN` first (it is not in the file)."
        return [gr.update(value=str(path), visible=True), note]

    return repeat, run_sweep, locust


def build_load(ctx: AppContext, form: CompareForm) -> None:
    """The section (call inside the Compare view, after the form)."""
    public = ctx.factory.settings.public
    base = [*ctx.target_inputs, *form.components]
    with gr.Accordion("Repeat & load", open=True, elem_id="qa-load"):
        with gr.Row(equal_height=True):
            side = gr.Radio([1, 2, 3, 4], value=1, label="Side to measure", elem_id="qa-load-side")
            n = gr.Slider(2, MAX_REPEATS, value=5, step=1, label="Repeat", elem_id="qa-repeat-n")
            seed = gr.Checkbox(label="Seed check (tasks with a seed)", elem_id="qa-seed")
            repeat = gr.Button("Repeat", elem_id="qa-repeat")
        repeat_report = gr.Markdown(elem_id="qa-repeat-report")
        with gr.Row(equal_height=True):
            top = gr.Dropdown(list(LEVELS), value=8, label="Up to concurrency", elem_id="qa-top")
            count = gr.Slider(4, 64, value=16, step=4, label="Requests per level", elem_id="qa-n")
            seconds = gr.Slider(5, 60, value=20, step=5, label="Budget (s)", elem_id="qa-budget")
            sweep = gr.Button("Sweep", elem_id="qa-sweep", interactive=not public)
            export = gr.Button("Export as Locust file", elem_id="qa-locust", interactive=not public)
        sweep_report = gr.Markdown(PUBLIC_REFUSAL if public else "", elem_id="qa-sweep-report")
        with gr.Row():
            latency = gr.LinePlot(
                x="concurrency", y="seconds", color="series", title="Latency (warm)",
                elem_id="qa-latency-plot", visible=False,
            )  # fmt: skip
            throughput = gr.LinePlot(
                x="concurrency",
                y="requests/s",
                title="Throughput",
                elem_id="qa-throughput-plot",
                visible=False,
            )
        table = gr.Dataframe(
            headers=COLUMNS, elem_id="qa-sweep-table", interactive=False, visible=False
        )
        locust_file = gr.File(label="locustfile.py", elem_id="qa-locust-file", visible=False)
    on_repeat, on_sweep, on_locust = _handlers(ctx, form)
    limit = {"concurrency_limit": ctx.concurrency, "api_visibility": "private"}
    repeat.click(on_repeat, [*base, side, n, seed], repeat_report, **limit)
    sweep.click(
        on_sweep, [*base, side, top, count, seconds], [sweep_report, latency, throughput, table],
        **limit,
    )  # fmt: skip
    export.click(on_locust, [*base, side], [locust_file, sweep_report], **limit)
