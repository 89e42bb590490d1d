"""The Suites view's runner: a shipped suite against the fake server's fault route fails."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from playground.ui.suites_view import SHIPPED, run_suite_file, suite_choices, summary


def test_the_shipped_suites_are_listed(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("name: x\ntests: []\n")
    found = suite_choices((SHIPPED, tmp_path))
    assert str(SHIPPED / "local-text.yaml") in found and str(tmp_path / "mine.yaml") in found


def test_a_failing_suite_says_so_with_its_report(fake_server: str, tmp_path: Path) -> None:
    suite = tmp_path / "faults.yaml"
    suite.write_text(
        "name: faults\ntests:\n  - name: broken\n    task: text-classification\n"
        "    model: faults/unavailable\n    input: {text: hi}\n    expect: [{label: x}]\n"
    )
    report, page, (html_file, junit_file) = run_suite_file(str(suite), fake_server, 10.0)
    assert not report.ok and "✗ failed" in summary(report) and "faults" in summary(report)
    assert html_file.read_text() == page and "FAILED" in page
    junit = ElementTree.parse(junit_file).getroot()
    assert (
        junit.get("tests") == "1"
        and int(junit.get("failures", 0)) + int(junit.get("errors", 0)) == 1
    )
    assert junit.find(".//testcase").get("name") == "broken"
