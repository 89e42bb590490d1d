"""The catalog's install hints name the right packages, pinned as the requirements files pin
them, with the tier each model belongs to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playground.local.catalog import MODELS

ROOT = Path(__file__).resolve().parents[2]


def _pins(name: str) -> set[str]:
    lines = (ROOT / name).read_text().splitlines()
    return {line.strip().lower() for line in lines if "==" in line and not line.startswith("#")}


DEFAULT, NODEPS, HEAVY = (
    _pins("requirements.txt"),
    _pins("requirements-nodeps.txt"),
    _pins("requirements-llm.txt"),
)
DEBIAN = {line.split("#")[0].strip() for line in (ROOT / "packages.txt").read_text().splitlines()}


@pytest.mark.parametrize("spec", MODELS, ids=lambda spec: spec.id)
def test_each_install_hint_is_right_for_its_model(spec: object) -> None:
    hint = spec.install  # type: ignore[attr-defined]
    assert "llama" not in hint.lower() or "llama" in spec.package  # type: ignore[attr-defined]
    for flag, packages in re.findall(r"pip install (--no-deps )?([\w.=\- ]+?)(?: \(|$|;|,)", hint):
        for package in packages.split():
            pinned = package.lower()
            if flag:
                assert pinned in NODEPS, f"{pinned} is not in requirements-nodeps.txt"
            elif "heavy tier" in hint:
                assert pinned in HEAVY, f"{pinned} is not in requirements-llm.txt"
            else:
                assert pinned in DEFAULT, f"{pinned} is not in requirements.txt"
    for packages in re.findall(r"apt-get install ([\w.\- ]+?) \(", hint):
        assert set(packages.split()) <= DEBIAN
    assert re.search(r"pip install|apt-get install", hint)


def test_no_default_model_points_at_the_heavy_tier() -> None:
    heavy = {spec.id for spec in MODELS if "heavy tier" in spec.install}
    assert heavy == {"local/whisper-tiny-en"}
