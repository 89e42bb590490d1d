"""The typed packages pass `mypy --strict` (config: pyproject.toml's [tool.mypy]), including
tests/task_method_types.py, the calls task methods' types must accept and reject."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_mypy_strict_passes() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (requirements-dev.txt)")
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
