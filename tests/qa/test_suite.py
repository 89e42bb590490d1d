"""Suite files: parsing with clear errors, and YAML that reads and diffs well."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from playground.qa.suite import (
    Assertion,
    Suite,
    SuiteError,
    SuiteTest,
    dump_suite,
    load_suite,
    parse_suite,
)

SUITES = Path(__file__).resolve().parents[2] / "assets" / "suites"


def test_the_shipped_suites_load_with_ten_tests_over_five_tasks() -> None:
    suites = [load_suite(path) for path in sorted(SUITES.glob("*.yaml"))]
    tests = [test for suite in suites for test in suite.tests]
    assert len(tests) >= 10
    assert len({test.task for test in tests}) >= 5
    assert all(suite.folder == SUITES for suite in suites)
    assert all(test.expect for test in tests)


def test_round_trip_keeps_everything_in_reading_order() -> None:
    suite = Suite(
        "demo",
        [
            SuiteTest(
                "one",
                "feature-extraction",
                {"text": "line one\nline two"},
                {"normalize": True},
                "local/e5-small",
                [Assertion("dimensions", 3), Assertion("cosine", {"at_least": 0.99})],
                [0.1, 0.2, 0.3],
            )
        ],
    )
    text = dump_suite(suite)
    assert text.splitlines()[:5] == [
        "name: demo",
        "tests:",
        "- name: one",
        "  task: feature-extraction",
        "  model: local/e5-small",
    ]
    assert "observed: [0.1, 0.2, 0.3]" in text
    assert "text: |-\n      line one\n      line two" in text
    again = parse_suite(yaml.safe_load(text))
    assert again.tests[0].to_yaml() == suite.tests[0].to_yaml()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tests": [{"name": "a"}]}, "Test 1 (a) needs a `task`."),
        (
            {"tests": [{"name": "a", "task": "t", "expect": [{"nope": 1}]}]},
            "unknown assertion 'nope'",
        ),
        ({"tests": [{"name": "a", "task": "t", "inputs": {}}]}, "unknown keys ['inputs']"),
        (
            {"tests": [{"name": "a", "task": "t", "expect": [{"label": "x", "score": 1}]}]},
            "one `kind: value` pair",
        ),
        ({"defaults": {"url": "x"}}, "`defaults` has unknown keys ['url']"),
        ({"tests": "all"}, "`tests` must be a list."),
    ],
)
def test_mistakes_are_said_in_a_sentence(data: object, message: str) -> None:
    with pytest.raises(SuiteError, match=None) as caught:
        parse_suite(data)
    assert message in str(caught.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="Can't read the suite"):
        load_suite(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("tests: [\n")
    with pytest.raises(SuiteError, match="is not valid YAML"):
        load_suite(broken)
