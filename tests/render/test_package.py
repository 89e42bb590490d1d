import importlib
import inspect
import pkgutil

import pytest

from playground import render

MODULES = [
    importlib.import_module(f"playground.render.{info.name}")
    for info in pkgutil.iter_modules(render.__path__)
]


def public_functions():
    for module in MODULES:
        for name, member in vars(module).items():
            defined_here = inspect.isfunction(member) and member.__module__ == module.__name__
            if defined_here and not name.startswith("_"):
                yield pytest.param(member, id=f"{module.__name__}.{name}")


def test_exports_are_unique_and_real() -> None:
    assert len(set(render.__all__)) == len(render.__all__)
    assert all(hasattr(render, name) for name in render.__all__)


@pytest.mark.parametrize("function", list(public_functions()))
def test_public_functions_are_documented_and_fully_typed(function) -> None:
    assert inspect.getdoc(function), "missing docstring"
    signature = inspect.signature(function)
    assert signature.return_annotation is not inspect.Signature.empty, "missing return type"
    untyped = [p.name for p in signature.parameters.values() if p.annotation is p.empty]
    assert not untyped, f"untyped parameters: {untyped}"


def test_modules_stay_small() -> None:
    for module in MODULES:
        assert len(inspect.getsource(module).splitlines()) < 400, module.__name__
