"""Whether a model's packages are installed: a module already imported counts, even one whose
`__spec__` is None (cv2 swaps itself for its native module; `find_spec` then raises)."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest

from playground.local.spec import _installed


def test_an_imported_module_without_a_spec_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    native = types.ModuleType("playground_test_native")
    native.__spec__ = None
    monkeypatch.setitem(sys.modules, "playground_test_native", native)
    with pytest.raises(ValueError, match="__spec__ is None"):
        importlib.util.find_spec("playground_test_native")
    assert _installed("playground_test_native")


def test_a_missing_module_is_not_installed() -> None:
    assert not _installed("playground_no_such_module")
    assert not _installed("playground_no_such_package.sub")
    assert _installed("json")
