"""A suite test as a client call: the task's method of `playground.client` (the seed API's names),
its inputs by argument name, its parameters as keyword arguments (or in `parameters=` for the
methods that take a dict). Read from the method's signature, so no task table lives here."""

from __future__ import annotations

import csv
import inspect
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from playground.client import InferenceClient

from .suite import SuiteError

__all__ = ["MEDIA_ARGUMENTS", "CallPlan", "fold_stream", "input_names", "method_name", "plan_call"]

MEDIA_ARGUMENTS = ("image", "audio")
_NOT_INPUTS = {"self", "model", "options", "parameters", "stream"}


def method_name(task: str) -> str:
    """`object-detection` → `object_detection` (chat: `chat_completion`)."""
    name = task.replace("-", "_")
    if not callable(getattr(InferenceClient, name, None)) or name.startswith("_"):
        raise SuiteError(f"Unknown task {task!r}: playground.client has no {name}() method.")
    return name


def _signature(task: str) -> inspect.Signature:
    return inspect.signature(getattr(InferenceClient, method_name(task)))


def input_names(task: str) -> list[str]:
    """The method's input arguments, in order (those without a default first)."""
    params = _signature(task).parameters.values()
    return [
        p.name
        for p in params
        if p.name not in _NOT_INPUTS and p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty
    ]


def _read_table(path: Path) -> dict[str, list[str]]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        raise SuiteError(f"The table {path} has no rows.")
    return {column: [row[column] for row in rows] for column in rows[0]}


def _resolve(name: str, value: Any, folder: Path) -> Any:
    if not isinstance(value, str) or value.startswith(("http://", "https://", "data:")):
        return value
    if name in MEDIA_ARGUMENTS or (name == "table" and value.endswith(".csv")):
        path = (folder / value).resolve()
        if not path.is_file():
            raise SuiteError(f"The {name} file {value!r} is not there ({path}).")
        return _read_table(path) if name == "table" else path
    return value


class CallPlan:
    """The method name and the keyword arguments of one call (no model)."""

    def __init__(self, method: str, kwargs: dict[str, Any]) -> None:
        self.method = method
        self.kwargs = kwargs

    @property
    def streams(self) -> bool:
        return bool(self.kwargs.get("stream"))


def _chat_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    if "message" in inputs and "messages" not in inputs:
        rest = {k: v for k, v in inputs.items() if k != "message"}
        return {"messages": [{"role": "user", "content": inputs["message"]}], **rest}
    return dict(inputs)


def plan_call(
    task: str, inputs: Mapping[str, Any], parameters: Mapping[str, Any], folder: Path
) -> CallPlan:
    """How to call the client for a test; raises SuiteError naming what doesn't fit."""
    signature = _signature(task)
    accepted = signature.parameters
    open_kwargs = any(p.kind is p.VAR_KEYWORD for p in accepted.values())
    inputs = _chat_inputs(inputs) if task == "chat-completion" else dict(inputs)
    kwargs: dict[str, Any] = {}
    for name, value in inputs.items():
        if name in _NOT_INPUTS or name not in accepted:
            raise SuiteError(f"{task} has no input {name!r}; its inputs: {input_names(task)}.")
        kwargs[name] = _resolve(name, value, folder)
    missing = [name for name in input_names(task) if name not in kwargs]
    if missing:
        raise SuiteError(f"{task} needs the input(s) {missing}.")
    extra: dict[str, Any] = {}
    for name, value in parameters.items():
        if name in ("self", "model", "options"):
            raise SuiteError(f"{name!r} is not a parameter; set the model with `model:`.")
        if (name in accepted and name != "parameters") or open_kwargs:
            kwargs[name] = value
        elif "parameters" in accepted:
            extra[name] = value
        else:
            raise SuiteError(f"{method_name(task)}() takes no parameter {name!r}.")
    if extra:
        kwargs["parameters"] = extra
    return CallPlan(method_name(task), kwargs)


def fold_stream(items: Iterator[Any]) -> Any:
    """A consumed stream as one result: chat chunks → a chat-like reply, tokens → the text."""
    texts: list[str] = []
    last: Any = None
    for item in items:
        last = item
        if isinstance(item, str):
            texts.append(item)
            continue
        choices = item.get("choices") if isinstance(item, Mapping) else None
        delta = choices[0].get("delta") if choices else None
        if isinstance(delta, Mapping) and isinstance(delta.get("content"), str):
            texts.append(delta["content"])
        elif isinstance(item, Mapping) and isinstance(item.get("token"), Mapping):
            token = item["token"]
            texts.append("" if token.get("special") else str(token.get("text", "")))
    text = "".join(texts)
    if isinstance(last, Mapping) and "choices" in last:
        return {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
    return text
