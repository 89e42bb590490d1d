"""Saving a test the page made into a suite file: shared by the QA tab's Compare view and every
task tab's inspector. The test is shown as YAML to edit; what comes back is checked as a suite
test before it is written. Off in public mode: visitors don't write files on the host."""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from playground.qa.save import save_test
from playground.qa.suite import SuiteError, SuiteTest, parse_suite

__all__ = ["DEFAULT_SUITE", "PUBLIC_REFUSAL", "parse_test", "save_edited", "suite_path"]

PUBLIC_REFUSAL = "Saving tests is off on this public demo (it would write files on the host)."
DEFAULT_SUITE = "suites/my-tests.yaml"


def parse_test(text: str) -> SuiteTest:
    """The edited YAML back into a test; SuiteError saying what is wrong."""
    try:
        data = yaml.safe_load(text or "")
    except yaml.YAMLError as error:
        raise SuiteError(f"The test is not valid YAML: {error}") from None
    return parse_suite({"name": "edited", "tests": [data]}).tests[0]


def suite_path(text: str) -> Path:
    path = Path((text or "").strip()).expanduser()
    if path.suffix not in (".yaml", ".yml"):
        raise SuiteError("The suite file must end in .yaml or .yml.")
    return path


def save_edited(text: str, where: str, *, public: bool) -> str:
    """Append the edited test to the suite file `where`; one Markdown line saying what happened."""
    if public:
        return PUBLIC_REFUSAL
    try:
        test, path = parse_test(text), suite_path(where)
        saved = save_test(test, path)
    except (SuiteError, OSError) as error:
        return f"⚠ {html.escape(str(error))}"
    return f"✓ Saved **{html.escape(test.name)}** in `{html.escape(str(saved))}`."
