"""Task methods read like plain methods: on the class and on instances, for inspect, help()
and documentation tools; each with a docstring as useful as huggingface_hub 0.17's."""

from __future__ import annotations

import ast
import inspect
import pydoc
import re
import textwrap

import pytest

from playground.client import AsyncInferenceClient, InferenceClient
from playground.client.method import task_method
from playground.client.methods import TaskMethods

METHODS = sorted(
    name
    for cls in TaskMethods.__mro__
    for name, value in vars(cls).items()
    if isinstance(value, task_method)
)
SECTIONS = ("Args:", "Returns:", "Raises:", "Example:")


def test_every_seed_method_is_a_task_method() -> None:
    assert len(METHODS) == 34
    assert {"object_detection", "text_generation", "chat_completion", "post"} <= set(METHODS)


@pytest.mark.parametrize("name", METHODS)
def test_signature_on_the_class_and_on_instances(name: str) -> None:
    on_class = inspect.signature(getattr(InferenceClient, name))
    assert next(iter(on_class.parameters)) == "self"
    options = on_class.parameters["options"]
    assert options.kind is inspect.Parameter.KEYWORD_ONLY
    assert options.default is None
    assert "Job" not in str(on_class.return_annotation)
    with InferenceClient() as client:
        on_instance = inspect.signature(getattr(client, name))
    assert list(on_instance.parameters) == list(on_class.parameters)[1:]
    async_class = inspect.signature(getattr(AsyncInferenceClient, name))
    assert async_class == on_class
    async_instance = inspect.signature(getattr(AsyncInferenceClient(), name))
    assert async_instance == on_instance


@pytest.mark.parametrize("name", METHODS)
def test_async_methods_are_coroutine_functions(name: str) -> None:
    assert inspect.iscoroutinefunction(getattr(AsyncInferenceClient, name))
    assert inspect.iscoroutinefunction(getattr(AsyncInferenceClient(), name))
    assert not inspect.iscoroutinefunction(getattr(InferenceClient, name))


def test_methods_are_plain_functions_named_after_the_client() -> None:
    method = InferenceClient.object_detection
    assert inspect.isfunction(method)
    assert method.__name__ == "object_detection"
    assert method.__qualname__ == "InferenceClient.object_detection"
    assert AsyncInferenceClient.object_detection.__qualname__ == (
        "AsyncInferenceClient.object_detection"
    )
    with InferenceClient() as client:
        assert inspect.ismethod(client.object_detection)


def test_calling_through_the_class_works_like_a_method() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        InferenceClient.text_classification(InferenceClient(), "   ")


@pytest.mark.parametrize("cls", [InferenceClient, AsyncInferenceClient])
def test_help_shows_every_signature(cls: type) -> None:
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    for name in METHODS:
        assert re.search(rf"\b{name}\(self, ", text), name
        assert f"{name}(...)" not in text
    assert "async object_detection(self, image" in text or cls is InferenceClient
    assert "Example:" in text


@pytest.mark.parametrize("name", METHODS)
def test_docstrings_have_every_section(name: str) -> None:
    doc = inspect.getdoc(getattr(InferenceClient, name)) or ""
    positions = [doc.find(section) for section in SECTIONS]
    assert all(position > 0 for position in positions), (name, positions)
    assert positions == sorted(positions), name
    args = doc[positions[0] : positions[1]]
    for parameter in list(inspect.signature(getattr(InferenceClient, name)).parameters)[1:]:
        assert re.search(rf"^ +\**{parameter}:", args, re.MULTILINE), (name, parameter)
    assert re.search(r"^ +\w+(Error|Exception)\b", doc[positions[2] : positions[3]], re.M)
    assert f"client.{name}(" in doc[positions[3] :], name


@pytest.mark.parametrize("name", METHODS)
def test_examples_are_python_for_both_clients(name: str) -> None:
    for cls in (InferenceClient, AsyncInferenceClient):
        doc = inspect.getdoc(getattr(cls, name)) or ""
        source = "\n".join(
            line.strip()[4:]
            for line in doc.splitlines()
            if line.strip().startswith((">>> ", "... "))
        )
        ast.parse(textwrap.dedent(source))  # top-level await parses (only a function forbids it)
        if cls is AsyncInferenceClient:
            assert f"await client.{name}(" in source, name
            assert "AsyncInferenceClient" in source
