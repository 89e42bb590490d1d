"""Suite files: YAML a person can read, edit and diff.

```yaml
name: Local models smoke suite
defaults:                      # all optional
  target: http://127.0.0.1:8080   # --target overrides it
  model: local/vader-sentiment
  parameters: {}
  timeout: 120
tests:
  - name: positive review
    task: text-classification
    model: local/vader-sentiment
    input: {text: "I love this playground!"}     # the client method's own arguments
    parameters: {top_k: 2}
    expect:                                       # one assertion per item (see assertions)
      - label: positive
      - score: {at_least: 0.8}
    observed: [...]                                # optional, for reference
```

Media inputs (`image`, `audio`, a CSV `table`) are paths relative to the suite file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .assertions import KINDS

__all__ = [
    "Assertion",
    "Suite",
    "SuiteDefaults",
    "SuiteError",
    "SuiteTest",
    "dump_suite",
    "load_suite",
    "parse_suite",
]

_SUITE_KEYS = {"name", "defaults", "tests"}
_DEFAULT_KEYS = {"target", "model", "parameters", "timeout", "backend"}
_TEST_KEYS = {"name", "task", "model", "input", "parameters", "expect", "observed"}


class SuiteError(ValueError):
    """A suite file that can't be read: says which test and what to fix."""


@dataclass
class Assertion:
    """One check: its kind (`label`, `score`, `wer`, …) and the value written under it."""

    kind: str
    spec: Any = True

    def to_yaml(self) -> dict[str, Any]:
        return {self.kind: self.spec}


@dataclass
class SuiteTest:
    name: str
    task: str
    input: dict[str, Any]
    parameters: dict[str, Any] = field(default_factory=dict)
    model: str | None = None
    expect: list[Assertion] = field(default_factory=list)
    observed: Any = None

    def to_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "task": self.task}
        if self.model:
            data["model"] = self.model
        data["input"] = self.input
        if self.parameters:
            data["parameters"] = self.parameters
        data["expect"] = [assertion.to_yaml() for assertion in self.expect]
        if self.observed is not None:
            data["observed"] = self.observed
        return data


@dataclass
class SuiteDefaults:
    target: str | None = None
    model: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    timeout: float | None = None
    backend: str | None = None

    def to_yaml(self) -> dict[str, Any]:
        data = {
            "target": self.target,
            "model": self.model,
            "parameters": self.parameters or None,
            "timeout": self.timeout,
            "backend": self.backend,
        }
        return {key: value for key, value in data.items() if value is not None}


@dataclass
class Suite:
    """A named list of tests. `folder` is where relative asset paths resolve (the file's)."""

    name: str
    tests: list[SuiteTest] = field(default_factory=list)
    defaults: SuiteDefaults = field(default_factory=SuiteDefaults)
    folder: Path = field(default_factory=Path.cwd)

    def to_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        defaults = self.defaults.to_yaml()
        if defaults:
            data["defaults"] = defaults
        data["tests"] = [test.to_yaml() for test in self.tests]
        return data


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SuiteError(f"{where} must be a mapping (key: value), not {type(value).__name__}.")
    return dict(value)


def _unknown(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise SuiteError(f"{where} has unknown keys {extra}; allowed: {sorted(allowed)}.")


def _assertion(item: Any, where: str) -> Assertion:
    if isinstance(item, str):
        item = {item: True}
    if not isinstance(item, Mapping) or len(item) != 1:
        raise SuiteError(f"{where}: each `expect` item is one `kind: value` pair, got {item!r}.")
    ((kind, spec),) = item.items()
    if kind not in KINDS:
        raise SuiteError(f"{where}: unknown assertion {kind!r}; known: {', '.join(KINDS)}.")
    return Assertion(str(kind), spec)


def _test(data: Any, index: int) -> SuiteTest:
    where = f"Test {index + 1}"
    data = _mapping(data, where)
    if data.get("name"):
        where = f"Test {index + 1} ({data['name']})"
    _unknown(data, _TEST_KEYS, where)
    for key in ("name", "task"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise SuiteError(f"{where} needs a `{key}`.")
    expect = data.get("expect") or []
    if not isinstance(expect, list):
        raise SuiteError(f"{where}: `expect` is a list of assertions.")
    return SuiteTest(
        name=data["name"],
        task=data["task"],
        input=_mapping(data.get("input"), f"{where} `input`"),
        parameters=_mapping(data.get("parameters"), f"{where} `parameters`"),
        model=data.get("model"),
        expect=[_assertion(item, where) for item in expect],
        observed=data.get("observed"),
    )


def parse_suite(data: Any, folder: Path | None = None) -> Suite:
    """A suite from decoded YAML; raises SuiteError saying what is wrong."""
    data = _mapping(data, "The suite")
    _unknown(data, _SUITE_KEYS, "The suite")
    defaults = _mapping(data.get("defaults"), "`defaults`")
    _unknown(defaults, _DEFAULT_KEYS, "`defaults`")
    tests = data.get("tests") or []
    if not isinstance(tests, list):
        raise SuiteError("`tests` must be a list.")
    return Suite(
        name=str(data.get("name") or "suite"),
        tests=[_test(item, i) for i, item in enumerate(tests)],
        defaults=SuiteDefaults(
            target=defaults.get("target"),
            model=defaults.get("model"),
            parameters=_mapping(defaults.get("parameters"), "`defaults.parameters`"),
            timeout=defaults.get("timeout"),
            backend=defaults.get("backend"),
        ),
        folder=folder or Path.cwd(),
    )


def load_suite(path: str | Path) -> Suite:
    """Read a suite file (relative asset paths then resolve next to it)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SuiteError(f"Can't read the suite {path}: {error.strerror or error}.") from None
    except yaml.YAMLError as error:
        raise SuiteError(f"{path} is not valid YAML: {error}") from None
    return parse_suite(data, path.resolve().parent)


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]  # PyYAML ships no types: its classes are Any
    """Block style for structure; short or numeric lists on one line (diff-friendly)."""


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    scalars = all(isinstance(item, int | float | str | bool) or item is None for item in value)
    numbers = scalars and all(isinstance(item, int | float) for item in value)
    flow = numbers or (scalars and len(value) <= 8 and sum(len(str(v)) for v in value) < 60)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(list, _list)
_Dumper.add_representer(str, _text)


def dump_suite(suite: Suite) -> str:
    """The suite as YAML text, in the order people read it."""
    text: str = yaml.dump(  # PyYAML ships no types
        suite.to_yaml(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return text
