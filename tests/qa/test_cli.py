"""`python -m playground.qa run`: the shipped suites pass against `python -m playground.local`;
failing, unreachable and broken suites fail the command; JUnit XML a CI reader accepts; an HTML
report that fetches nothing."""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import junitparser
import pytest

from playground.qa.cli import main

ROOT = Path(__file__).resolve().parents[2]
SUITES = ROOT / "assets" / "suites"


@pytest.fixture
def fake(fake_server: str) -> str:
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out), out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["local-text.yaml", "local-media.yaml"])
def test_the_shipped_suites_pass_against_the_local_server(
    local_server: str, tmp_path: Path, name: str
) -> None:
    junit, page = tmp_path / "junit.xml", tmp_path / "report.html"
    command = [
        sys.executable,
        "-m",
        "playground.qa",
        "run",
        str(SUITES / name),
        "--target",
        local_server,
    ]
    done = subprocess.run(
        [*command, "--junit", str(junit), "--html", str(page)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r": \d+ passed, 0 failed, 0 errors in", done.stdout)
    xml = junitparser.JUnitXml.fromfile(str(junit))
    cases = [case for suite in xml for case in suite]
    assert cases and all(case.is_passed for case in cases)
    html = page.read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html and "PASSED" in html


FAULTS = """
name: Faults
tests:
  - name: healthy
    task: text-classification
    model: fake/text-classification
    input: {text: I love it}
    expect: [{label: POSITIVE}, conforms]
  - name: wrong expectation
    task: text-classification
    model: fake/text-classification
    input: {text: I love it}
    expect: [{label: NEGATIVE}]
  - name: server error
    task: text-classification
    model: faults/unknown-error
    input: {text: I love it}
    expect: [{label: POSITIVE}]
  - name: cold start
    task: text-classification
    model: faults/loading-then-ok
    input: {text: I love it}
    expect: [{label: POSITIVE}]
  - name: broken test
    task: text-classification
    model: fake/text-classification
    input: {txt: I love it}
"""


def test_a_failing_suite_fails_the_command(fake: str, tmp_path: Path) -> None:
    suite = tmp_path / "faults.yaml"
    suite.write_text(FAULTS)
    junit = tmp_path / "out" / "junit.xml"
    code, out = run_cli("run", str(suite), "--target", fake, "--junit", str(junit))
    assert code == 1
    assert "PASSED healthy" in out
    assert "FAILED wrong expectation" in out
    assert "- The top label is 'POSITIVE' (0.989); expected 'NEGATIVE'." in out
    assert "FAILED server error" in out and "unknown error" in out
    assert re.search(r"PASSED cold start \(\d\.\d\d s\) \[cold start \d\.\d s\]", out)
    assert "ERROR  broken test" in out and "has no input 'txt'" in out
    assert ": 2 passed, 2 failed, 1 errors in" in out
    (xml,) = junitparser.JUnitXml.fromfile(str(junit))
    assert (xml.tests, xml.failures, xml.errors) == (5, 2, 1)
    results = {case.name: case.result for case in xml}
    assert results["healthy"] == []
    assert isinstance(results["server error"][0], junitparser.Failure)
    assert isinstance(results["broken test"][0], junitparser.Error)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_target_fails_the_command_and_stops(tmp_path: Path) -> None:
    suite = tmp_path / "faults.yaml"
    suite.write_text(FAULTS)
    code, out = run_cli("run", str(suite), "--target", f"http://127.0.0.1:{closed_port()}", "-q")
    assert code == 3
    assert out.count("\n") == 2
    assert "0 passed, 0 failed, 5 errors" in out
    assert "The target can't be reached:" in out


def test_a_broken_suite_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = tmp_path / "broken.yaml"
    suite.write_text("tests: [{name: a}]\n")
    assert run_cli("run", str(suite))[0] == 2
    assert capsys.readouterr().err == "error: Test 1 (a) needs a `task`.\n"
