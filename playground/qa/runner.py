"""Run a suite against a target through `playground.client`: per test, pass/fail with reasons,
latency (a cold start measured apart), the reply's conformance deviations, the output.

A target is a URL (a server whose `/models/{id}` the tests' model ids name, or an endpoint used
as is when no model is given) or a model id (then every test calls that model).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from playground.client import (
    ConnectionFailedError,
    Exchange,
    HTTPError,
    InferenceClient,
    InferenceError,
    WaitInfo,
    capture_exchanges,
)

from .assertions import CheckResult, Outcome, check
from .calls import CallPlan, fold_stream, plan_call
from .conformance import check_exchange
from .extract import plain
from .schema import Deviation, errors_in
from .suite import Suite, SuiteError, SuiteTest

__all__ = ["RunOptions", "SuiteResult", "TestResult", "run_suite", "run_test"]

Status = Literal["passed", "failed", "error"]


@dataclass(frozen=True)
class RunOptions:
    """Where and how a suite runs. `token` is sent to the target (None: the client's own rule,
    HF_TOKEN only to Hugging Face hosts); `transport` is passed to the client (public mode)."""

    target: str | None = None
    model: str | None = None
    timeout: float | None = None
    token: str | None = None
    backend: str | None = None
    transport: Any = None


@dataclass
class TestResult:
    """One test's run. `latency` is a warm call's wall time; `cold_start` the seconds the first
    call spent on a loading model (503), None when it was warm."""

    __test__ = False  # not a pytest class

    name: str
    task: str
    model: str | None
    status: Status
    checks: list[CheckResult] = field(default_factory=list)
    latency: float | None = None
    cold_start: float | None = None
    deviations: list[Deviation] = field(default_factory=list)
    output: Any = None
    error: str | None = None
    status_code: int | None = None
    test: SuiteTest | None = None
    result: Any = None

    @property
    def reasons(self) -> list[str]:
        failed = [c.reason for c in self.checks if not c.passed]
        return [self.error, *failed] if self.error else failed


@dataclass
class SuiteResult:
    suite: str
    target: str
    results: list[TestResult] = field(default_factory=list)
    duration: float = 0.0
    unreachable: str | None = None

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def ok(self) -> bool:
        return not self.unreachable and all(r.status == "passed" for r in self.results)

    @property
    def deviation_counts(self) -> dict[str, int]:
        found = [d for r in self.results for d in r.deviations]
        return {"errors": len(errors_in(found)), "warnings": len(found) - len(errors_in(found))}


def _is_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))


def make_client(
    suite: Suite, options: RunOptions, on_wait: Callable[[WaitInfo], None]
) -> tuple[InferenceClient, Callable[[SuiteTest], str | None], str]:
    """The client for a run, the model each test calls, and the target in words."""
    target = options.target or suite.defaults.target
    timeout = options.timeout or suite.defaults.timeout or 120.0
    common: dict[str, Any] = {
        "token": options.token,
        "timeout": timeout,
        "on_wait": on_wait,
        "backend": options.backend or suite.defaults.backend,
        "transport": options.transport,
    }
    if _is_url(target):
        client = InferenceClient(inference_endpoint=str(target).rstrip("/"), **common)

        def model_of(test: SuiteTest) -> str | None:
            return options.model or test.model or suite.defaults.model or target

        return client, model_of, str(target)
    client = InferenceClient(**common)

    def model_id(test: SuiteTest) -> str | None:
        return options.model or target or test.model or suite.defaults.model

    return client, model_id, str(target or "the tests' own models")


def _call(client: InferenceClient, plan: CallPlan, model: str | None) -> tuple[Any, float]:
    started = time.perf_counter()
    result = getattr(client, plan.method)(**plan.kwargs, model=model)
    if plan.streams:
        result = fold_stream(iter(result))
    return result, time.perf_counter() - started


def _failure(test: SuiteTest, model: str | None, error: InferenceError) -> TestResult:
    status_code = error.status_code if isinstance(error, HTTPError) else None
    status: Status = "failed" if isinstance(error, HTTPError) else "error"
    return TestResult(
        test.name, test.task, model, status, error=str(error), status_code=status_code, test=test
    )


def run_test(
    client: InferenceClient,
    test: SuiteTest,
    model: str | None,
    suite: Suite,
    waits: list[WaitInfo],
) -> TestResult:
    """Call, measure, check. Raises ConnectionFailedError when the target can't be reached."""
    try:
        parameters = {**suite.defaults.parameters, **test.parameters}
        plan = plan_call(test.task, test.input, parameters, suite.folder)
    except SuiteError as error:
        return TestResult(test.name, test.task, model, "error", error=str(error), test=test)
    waits.clear()
    try:
        with capture_exchanges() as exchanges:
            result, latency = _call(client, plan, model)
        cold_start = latency if waits else None
        if waits:
            with capture_exchanges() as exchanges:
                result, latency = _call(client, plan, model)
    except ConnectionFailedError:
        raise
    except InferenceError as error:
        return _failure(test, model, error)
    deviations = _deviations(test.task, exchanges)
    outcome = Outcome(test.task, result, latency, deviations, test.observed)
    checks = [check(a.kind, a.spec, outcome) for a in test.expect]
    status: Status = "passed" if all(c.passed for c in checks) else "failed"
    last = exchanges[-1] if exchanges else None
    return TestResult(
        test.name, test.task, model, status, checks, latency, cold_start, deviations,
        plain(result), status_code=last.status if last else None, test=test, result=result,
    )  # fmt: skip


def _deviations(task: str, exchanges: list[Exchange]) -> list[Deviation]:
    if not exchanges:
        return []
    return check_exchange(task, exchanges[-1])


def run_suite(
    suite: Suite,
    options: RunOptions | None = None,
    on_result: Callable[[TestResult], None] | None = None,
) -> SuiteResult:
    """Run every test in order; stop at the first one that can't reach the target (the rest
    are reported as not run)."""
    options = options or RunOptions()
    waits: list[WaitInfo] = []
    client, model_of, target = make_client(suite, options, waits.append)
    report = SuiteResult(suite.name, target)
    started = time.perf_counter()
    with client:
        for test in suite.tests:
            model = model_of(test)
            if report.unreachable:
                result = TestResult(test.name, test.task, model, "error", error="Not run: "
                                    "the target can't be reached.", test=test)  # fmt: skip
            else:
                try:
                    result = run_test(client, test, model, suite, waits)
                except ConnectionFailedError as error:
                    report.unreachable = str(error)
                    result = TestResult(
                        test.name, test.task, model, "error", error=str(error), test=test
                    )
            report.results.append(result)
            if on_result is not None:
                on_result(result)
    report.duration = time.perf_counter() - started
    return report
