"""A suite run (or several, one per endpoint) as one self-contained HTML page: inline CSS,
pictures as data URIs, no script and no external request. Per endpoint: passed / failed /
errors and the conformance deviations counted; per test: status, reasons, latency, cold start,
the drawn output and the deviations."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from .drawing import draw_output
from .runner import SuiteResult, TestResult

__all__ = ["html_report", "write_html"]

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2125;max-width:1100px}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;
text-align:left;vertical-align:top}th{background:#f3f5f7}
.passed{color:#1a7f37}.failed{color:#cf222e}.error{color:#9a6700}
.test{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.test h3{margin:.2rem 0;font-size:1rem}.meta{color:#57606a}
.bars{max-width:420px}.bar{display:flex;align-items:center;gap:.5rem;margin:.15rem 0}
.bar .name{width:9rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar .track{flex:1;background:#eaeef2;height:.7rem;border-radius:3px}
.bar .fill{display:block;height:100%;background:#0969da;border-radius:3px}
.bar .num{width:3.5rem;text-align:right;font-variant-numeric:tabular-nums}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem;border-radius:4px;max-height:16rem;
overflow:auto}mark{background:#fff8c5;padding:0 .15rem}mark sub{color:#9a6700;margin-left:.2rem}
.pic{border:1px solid #d0d7de;margin:.3rem 0}ul{margin:.3rem 0}
"""


def _summary(reports: Sequence[SuiteResult]) -> str:
    rows = []
    for report in reports:
        counts = report.deviation_counts
        state = "passed" if report.ok else "failed"
        rows.append(
            f"<tr><td>{html.escape(report.target)}</td><td class='{state}'>{state}</td>"
            f"<td>{report.count('passed')}</td><td>{report.count('failed')}</td>"
            f"<td>{report.count('error')}</td><td>{counts['errors']}</td>"
            f"<td>{counts['warnings']}</td><td>{report.duration:.2f} s</td></tr>"
        )
    head = (
        "<tr><th>Endpoint</th><th>Result</th><th>Passed</th><th>Failed</th><th>Errors</th>"
        "<th>Schema errors</th><th>Schema warnings</th><th>Time</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _test(result: TestResult, folder: Path) -> str:
    meta = [f"{html.escape(result.task)}", f"model {html.escape(str(result.model))}"]
    if result.latency is not None:
        meta.append(f"{result.latency:.3f} s")
    if result.cold_start is not None:
        meta.append(f"cold start {result.cold_start:.2f} s (not in latency)")
    if result.status_code is not None:
        meta.append(f"HTTP {result.status_code}")
    checks = "".join(
        f"<li class='{'passed' if c.passed else 'failed'}'>{html.escape(c.reason)}</li>"
        for c in result.checks
    )
    error = f"<p class='error'>{html.escape(result.error)}</p>" if result.error else ""
    deviations = "".join(
        f"<li class='{'failed' if d.level == 'error' else 'meta'}'>{html.escape(d.message)}</li>"
        for d in result.deviations
    )
    drawn = ""
    if result.test is not None and result.result is not None:
        drawn = draw_output(result.task, result.result, result.test.input, folder)
    return (
        f"<div class='test'><h3><span class='{result.status}'>{result.status.upper()}</span> "
        f"{html.escape(result.name)}</h3><div class='meta'>{' · '.join(meta)}</div>{error}"
        f"<ul>{checks}</ul>{drawn}"
        + (f"<details><summary>Schema deviations ({len(result.deviations)})</summary><ul>"
           f"{deviations}</ul></details>" if deviations else "")
        + "</div>"
    )  # fmt: skip


def html_report(reports: SuiteResult | Sequence[SuiteResult], folder: Path | None = None) -> str:
    """The page. `folder` is where the suite's relative input paths resolve (for pictures)."""
    runs = [reports] if isinstance(reports, SuiteResult) else list(reports)
    folder = folder or Path.cwd()
    title = html.escape(runs[0].suite if runs else "Suite")
    sections = []
    for report in runs:
        tests = "".join(_test(result, folder) for result in report.results)
        unreachable = (
            f"<p class='error'>{html.escape(report.unreachable)}</p>" if report.unreachable else ""
        )
        sections.append(f"<h2>{html.escape(report.target)}</h2>{unreachable}{tests}")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{CSS}</style></head><body>"
        f"<h1>{title}</h1>{_summary(runs)}{''.join(sections)}</body></html>"
    )


def write_html(
    reports: SuiteResult | Sequence[SuiteResult], path: str | Path, folder: Path | None = None
) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_report(reports, folder), encoding="utf-8")
    return path
