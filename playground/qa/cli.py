"""`python -m playground.qa run SUITE --target URL [--junit FILE] [--html FILE]`

Exit status: 0 every test passed; 1 a test failed; 2 the suite or the command line is wrong;
3 the target can't be reached.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .html_report import write_html
from .junit import write_junit
from .runner import RunOptions, SuiteResult, TestResult, run_suite
from .suite import SuiteError, load_suite

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_UNREACHABLE", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m playground.qa",
        description="Run a suite of saved inference tests against an endpoint.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a suite file and report")
    run.add_argument("suite", help="the suite's YAML file")
    run.add_argument(
        "--target",
        help="a server URL (the tests' model ids are models on it), an endpoint URL, or a "
        "model id (every test calls it); default: the suite's defaults.target",
    )
    run.add_argument("--model", help="call this model in every test instead of the tests' own")
    run.add_argument("--junit", metavar="FILE", help="write JUnit XML here")
    run.add_argument("--html", metavar="FILE", help="write a self-contained HTML report here")
    run.add_argument("--timeout", type=float, help="seconds per call (default 120)")
    run.add_argument("--backend", choices=("hf", "endpoint", "tgi", "tei", "openai"))
    run.add_argument(
        "--token-env",
        metavar="NAME",
        help="send the token in this environment variable to the target (never on the "
        "command line); without it HF_TOKEN goes only to Hugging Face hosts",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    return parser


def _line(result: TestResult) -> str:
    took = f" ({result.latency:.2f} s)" if result.latency is not None else ""
    cold = f" [cold start {result.cold_start:.1f} s]" if result.cold_start is not None else ""
    head = f"{result.status.upper():6} {result.name}{took}{cold}"
    return "\n".join([head, *(f"       - {reason}" for reason in result.reasons)])


def _summary(report: SuiteResult) -> str:
    deviations = report.deviation_counts
    return (
        f"{report.suite} against {report.target}: {report.count('passed')} passed, "
        f"{report.count('failed')} failed, {report.count('error')} errors in "
        f"{report.duration:.1f} s; schema deviations: {deviations['errors']} errors, "
        f"{deviations['warnings']} warnings"
    )


def _run(args: argparse.Namespace, out: TextIO) -> int:
    suite = load_suite(args.suite)
    token = None
    if args.token_env:
        token = os.environ.get(args.token_env)
        if not token:
            raise SuiteError(f"The environment variable {args.token_env} is not set.")
    options = RunOptions(args.target, args.model, args.timeout, token, args.backend)
    printer = None if args.quiet else (lambda result: print(_line(result), file=out, flush=True))
    report = run_suite(suite, options, on_result=printer)
    print(_summary(report), file=out)
    if args.junit:
        print(f"JUnit XML: {write_junit(report, args.junit)}", file=out)
    if args.html:
        print(f"HTML report: {write_html(report, args.html, suite.folder)}", file=out)
    if report.unreachable:
        print(f"The target can't be reached: {report.unreachable}", file=out)
        return EXIT_UNREACHABLE
    return EXIT_OK if report.ok else EXIT_FAILED


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        return _run(args, out)
    except SuiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
