"""A suite run as JUnit XML, the format CI tools read (Jenkins, GitLab, GitHub reporters):
one `<testsuite>` per run, one `<testcase>` per test; an assertion that failed or an error
status from the endpoint is a `<failure>`, a test that could not run (target unreachable, a
broken test) an `<error>`; latency, cold start and conformance deviations go to
`<system-out>`."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from .runner import SuiteResult, TestResult

__all__ = ["junit_xml", "write_junit"]


def _seconds(value: float | None) -> str:
    return f"{value or 0.0:.3f}"


def _details(result: TestResult) -> str:
    lines = [f"task: {result.task}", f"model: {result.model}"]
    if result.status_code is not None:
        lines.append(f"status: {result.status_code}")
    if result.latency is not None:
        lines.append(f"latency: {result.latency:.3f} s")
    if result.cold_start is not None:
        lines.append(f"cold start: {result.cold_start:.3f} s (a loading model; not in latency)")
    lines += [f"{'PASS' if c.passed else 'FAIL'} {c.kind}: {c.reason}" for c in result.checks]
    lines += [f"deviation ({d.level}) {d.path}: {d.message}" for d in result.deviations]
    return "\n".join(lines)


def _testcase(parent: ET.Element, suite: str, result: TestResult) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        name=result.name,
        classname=f"{suite}.{result.task}",
        time=_seconds(result.latency),
    )
    reasons = result.reasons
    if result.status == "failed":
        failure = ET.SubElement(case, "failure", message=reasons[0] if reasons else "failed")
        failure.set("type", "EndpointError" if result.error else "AssertionError")
        failure.text = "\n".join(reasons)
    elif result.status == "error":
        error = ET.SubElement(case, "error", message=result.error or "error", type="RunError")
        error.text = result.error or ""
    ET.SubElement(case, "system-out").text = _details(result)


def junit_xml(report: SuiteResult) -> str:
    """The run as a JUnit XML document (UTF-8 text with its declaration)."""
    counts = {
        "tests": str(len(report.results)),
        "failures": str(report.count("failed")),
        "errors": str(report.count("error")),
        "skipped": "0",
        "time": _seconds(report.duration),
    }
    root = ET.Element("testsuites", {"name": report.suite, **counts})
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": report.suite,
            "timestamp": datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat(),
            "hostname": socket.gethostname() or "localhost",
            **counts,
        },
    )
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="target", value=report.target)
    for key, value in report.deviation_counts.items():
        ET.SubElement(properties, "property", name=f"deviations.{key}", value=str(value))
    for result in report.results:
        _testcase(suite, report.suite, result)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def write_junit(report: SuiteResult, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(report) + "\n", encoding="utf-8")
    return path
