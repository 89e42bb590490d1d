"""The QA tab's Suites view: pick a suite file (the shipped examples, or any path), a target,
Run: pass/fail per test with the drawn outputs (the engine's self-contained HTML report, shown
in a sandboxed frame and offered as a download). Off in public mode: a suite is many calls on
connections outside the visitor's fair share."""

from __future__ import annotations

import asyncio
import html
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from playground.assets import ASSETS_DIR
from playground.qa.html_report import html_report
from playground.qa.junit import write_junit
from playground.qa.runner import RunOptions, SuiteResult, run_suite
from playground.qa.suite import SuiteError, load_suite

from .tab import AppContext

__all__ = ["build_suites", "run_suite_file", "suite_choices", "summary"]

SHIPPED = ASSETS_DIR / "suites"
PUBLIC_REFUSAL = "Running suites is off on this public demo; use `python -m playground.qa run`."


def suite_choices(folders: tuple[Path, ...] = (SHIPPED, Path("suites"))) -> list[str]:
    """Suite files in the shipped folder and in `./suites` (where saved tests go)."""
    found: list[str] = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(str(path) for path in folder.glob("*.y*ml"))
    return found


def summary(report: SuiteResult) -> str:
    counts = report.deviation_counts
    state = "✓ passed" if report.ok else "✗ failed"
    line = (
        f"**{state}** · {html.escape(report.suite)}: {report.count('passed')} passed, "
        f"{report.count('failed')} failed, "
        f"{report.count('error')} errors against `{html.escape(report.target)}` in "
        f"{report.duration:.1f} s · schema: {counts['errors']} errors, "
        f"{counts['warnings']} warnings"
    )
    if report.unreachable:
        line += f"  \n⚠ {html.escape(report.unreachable)}"
    return line


def _frame(page: str) -> str:
    """The report in a frame: its CSS stays out of the app's page, and it runs no script."""
    return (
        f"<iframe sandbox srcdoc='{html.escape(page, quote=True)}' title='Suite report' "
        "style='width:100%;height:720px;border:1px solid var(--border-color-primary);"
        "border-radius:6px;background:white'></iframe>"
    )


def run_suite_file(path: str, target: str, timeout: float) -> tuple[SuiteResult, str, list[Path]]:
    """Run the suite; the report's HTML, and the HTML report and JUnit XML written to download
    (the files the command line writes with `--html` and `--junit`)."""
    suite = load_suite(path)
    report = run_suite(suite, RunOptions(target=target.strip() or None, timeout=timeout))
    page = html_report(report, suite.folder)
    folder = Path(tempfile.mkdtemp(prefix="suite-report-"))
    (folder / "report.html").write_text(page, encoding="utf-8")
    junit = write_junit(report, folder / "junit.xml")
    return report, page, [folder / "report.html", junit]


def _runner(ctx: AppContext) -> Any:
    public = ctx.factory.settings.public

    async def run(path: str, target: str) -> list[Any]:
        if public:
            return [PUBLIC_REFUSAL, gr.skip(), gr.skip()]
        if not path:
            return ["⚠ Choose a suite file first.", gr.skip(), gr.skip()]
        timeout = ctx.factory.settings.timeout
        try:
            report, page, files = await asyncio.to_thread(run_suite_file, path, target, timeout)
        except SuiteError as error:
            return [f"⚠ {html.escape(str(error))}", gr.skip(), gr.skip()]
        return [summary(report), _frame(page), [str(file) for file in files]]

    return run


def build_suites(ctx: AppContext) -> None:
    """The view (call inside its tab)."""
    settings = ctx.factory.settings
    choices = suite_choices()
    gr.Markdown(
        "Run a suite of saved tests against a target. The same runs headless: "
        "`python -m playground.qa run SUITE --target URL --junit FILE --html FILE`."
    )
    with gr.Row(equal_height=True):
        path = gr.Dropdown(
            choices, value=choices[0] if choices else None, allow_custom_value=True,
            label="Suite file", elem_id="qa-suite-file", scale=3,
        )  # fmt: skip
        refresh = gr.Button("↻ List", elem_id="qa-suite-refresh", scale=0)
        target = gr.Textbox(
            value=settings.local_url or "", label="Target (server URL, endpoint URL or model id)",
            elem_id="qa-suite-target", scale=3,
        )  # fmt: skip
        run = gr.Button(
            "Run suite", variant="primary", elem_id="qa-suite-run", interactive=not settings.public
        )
    result = gr.Markdown(PUBLIC_REFUSAL if settings.public else "", elem_id="qa-suite-summary")
    report = gr.HTML(elem_id="qa-suite-report")
    download = gr.File(
        label="Report (HTML) and JUnit XML", file_count="multiple", elem_id="qa-suite-download"
    )
    refresh.click(
        lambda: gr.update(choices=suite_choices()), None, path,
        api_visibility="private", queue=False,
    )  # fmt: skip
    run.click(
        _runner(ctx), [path, target], [result, report, download],
        api_visibility="private", concurrency_limit=2,
    )  # fmt: skip
