"""Check a JSON value against a published type: the dataclasses huggingface_hub generates from
the HF task JSON schemas, or the pydantic models the OpenAI SDK generates from OpenAI's spec.

Both are read through their annotations (`typing.get_type_hints`, pydantic `model_fields`), so
this module holds no shapes of its own. Pure functions: a value in, a list of `Deviation` out.
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union

__all__ = ["Deviation", "Level", "check_value", "collapse", "describe", "errors_in", "fields_of"]

Level = Literal["error", "warning"]
_NONE = type(None)


@dataclass(frozen=True)
class Deviation:
    """One way a response differs from its schema.

    path: where, as a JSON path (`$[0].box.xmin`); kind: missing | extra | type | value | range
    | unsorted | shape | unchecked; message: one sentence for people; level: an `error` breaks the
    schema, a `warning` is tolerated by clients (an extra field, a legacy wrapping)."""

    path: str
    kind: str
    message: str
    level: Level = "error"

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


def errors_in(deviations: list[Deviation]) -> list[Deviation]:
    return [deviation for deviation in deviations if deviation.level == "error"]


@dataclass(frozen=True)
class _Field:
    annotation: Any
    required: bool


def _normalize_key(key: str) -> str:
    """huggingface_hub's own rule for matching wire keys to field names (`content-type`)."""
    return key.replace("-", "_").replace(" ", "_").lower()


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and (dataclasses.is_dataclass(cls) or hasattr(cls, "model_fields"))


@cache
def fields_of(cls: type) -> dict[str, _Field]:
    """Wire name → field of a generated type (dataclass or pydantic model)."""
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        return {
            field.name: _Field(
                hints[field.name],
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING,
            )
            for field in dataclasses.fields(cls)
            if field.init
        }
    pydantic_model: Any = cls
    model_fields: Mapping[str, Any] = pydantic_model.model_fields
    return {
        (info.alias or name): _Field(info.annotation, info.is_required())
        for name, info in model_fields.items()
    }


@cache
def _keys_of(cls: type) -> dict[str, str]:
    """Normalized wire name → wire name of a generated type's fields."""
    return {_normalize_key(name): name for name in fields_of(cls)}


_WORDS: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a number"),
    (str, "a string"),
    (list, "a list"),
    (dict, "an object"),
)


def describe(value: Any) -> str:
    """A JSON value's type in words."""
    if value is None:
        return "null"
    return next((word for kind, word in _WORDS if isinstance(value, kind)), type(value).__name__)


def _wanted(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "one of " + ", ".join(repr(arg) for arg in typing.get_args(annotation))
    if origin in (Union, types.UnionType):
        return " or ".join(_wanted(arg) for arg in typing.get_args(annotation))
    if origin in (list, tuple) or annotation in (list, tuple):
        return "a list"
    if origin in (dict, Mapping) or annotation is dict or _is_model(annotation):
        return "an object"
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}
    return names.get(annotation, "null" if annotation is _NONE else str(annotation))


def _type_error(path: str, value: Any, annotation: Any) -> Deviation:
    return Deviation(
        path, "type", f"{path} is {describe(value)}; the schema wants {_wanted(annotation)}."
    )


def _check_scalar(value: Any, annotation: Any, path: str) -> list[Deviation]:
    if annotation is bool:
        ok = isinstance(value, bool)
    elif annotation is int:
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            return [
                Deviation(path, "type", f"{path} is {value!r}, a number where the schema wants "
                          "an integer.", "warning")
            ]  # fmt: skip
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif annotation is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and not math.isfinite(value):
            return [Deviation(path, "range", f"{path} is {value!r}, not a finite number.")]
    elif annotation is str:
        ok = isinstance(value, str)
    else:
        return []
    return [] if ok else [_type_error(path, value, annotation)]


def _options(annotation: Any) -> tuple[bool, tuple[Any, ...]]:
    """A union's arms: whether null is one, and the others."""
    options = typing.get_args(annotation)
    return _NONE in options, tuple(option for option in options if option is not _NONE)


def _check_union(value: Any, annotation: Any, path: str) -> list[Deviation]:
    nullable, candidates = _cached(_options, annotation)
    if value is None:
        return [] if nullable else [_type_error(path, value, annotation)]
    if len(candidates) == 1:  # Optional[X]: X's deviations are the best and only ones
        found = check_value(value, candidates[0], path)
        if errors_in(found) and found[0].path == path:
            return [_type_error(path, value, annotation)]
        return found
    results = [check_value(value, option, path) for option in candidates]
    best = min(results, key=lambda found: (len(errors_in(found)), len(found)))
    if errors_in(best) and all(found and found[0].path == path for found in results):
        return [_type_error(path, value, annotation)]
    return best


def _allowed(annotation: Any) -> tuple[tuple[Any, ...], set[type]]:
    allowed = typing.get_args(annotation)
    return allowed, {type(arg) for arg in allowed}


def _check_literal(value: Any, annotation: Any, path: str) -> list[Deviation]:
    allowed, types_allowed = _cached(_allowed, annotation)
    if value in allowed and type(value) in types_allowed:
        return []
    wanted = _wanted(annotation)
    return [Deviation(path, "value", f"{path} is {value!r}; the schema allows {wanted}.")]


def _check_list(value: Any, annotation: Any, path: str) -> list[Deviation]:
    if not isinstance(value, list):
        return [_type_error(path, value, annotation)]
    item = _cached(_item, annotation)
    if _cached(_dispatch, item)[1] is None:
        return []
    return [
        found for i, sub in enumerate(value) for found in check_value(sub, item, f"{path}[{i}]")
    ]


def _item(annotation: Any) -> Any:
    return (typing.get_args(annotation) or (Any,))[0]


def _check_mapping(value: Any, annotation: Any, path: str) -> list[Deviation]:
    return [] if isinstance(value, dict) else [_type_error(path, value, annotation)]


def _checker(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        return _check_union
    if origin is Literal:
        return _check_literal
    if origin in (list, tuple) or annotation in (list, tuple):
        return _check_list
    if origin in (dict, Mapping) or annotation is dict:
        return _check_mapping
    if _is_model(annotation):
        return check_object
    return _check_scalar


_CACHE: dict[tuple[Any, int], tuple[Any, Any]] = {}


def _cached(function: Any, annotation: Any) -> Any:
    """`function(annotation)`, remembered: annotations are few and checks many (a streamed
    reply checks every chunk against the same types, on the app's event loop). Keyed by the
    annotation's identity, which is kept alive with the entry: hashing a typing construct walks
    its arguments each time, and an `Annotated` may carry unhashable metadata."""
    key = (function, id(annotation))
    entry = _CACHE.get(key)
    if entry is None or entry[0] is not annotation:
        entry = _CACHE[key] = (annotation, function(annotation))
    return entry[1]


def _dispatch(annotation: Any) -> tuple[Any, Any]:
    """The annotation to check against (`Annotated` unwrapped) and its checker; None for
    `Any`/`object` (anything goes)."""
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation in (Any, object):
        return annotation, None
    return annotation, _checker(annotation)


def check_value(value: Any, annotation: Any, path: str = "$") -> list[Deviation]:
    """Every deviation of `value` (parsed JSON) from `annotation` (a generated type)."""
    annotation, checker = _cached(_dispatch, annotation)
    if checker is None:
        return []
    if value is None and checker is not _check_union:
        return [] if annotation is _NONE else [_type_error(path, value, annotation)]
    return list(checker(value, annotation, path))


def check_object(value: Any, cls: type, path: str = "$") -> list[Deviation]:
    """An object against a generated type: missing required fields, extra fields, field types."""
    if not isinstance(value, dict):
        return [_type_error(path, value, cls)]
    fields = fields_of(cls)
    by_key = _keys_of(cls)
    seen: set[str] = set()
    found: list[Deviation] = []
    for key, sub in value.items():
        name = key if key in fields else by_key.get(_normalize_key(str(key)))
        if name is None:
            found.append(
                Deviation(f"{path}.{key}", "extra", f"{path}.{key} is not a field of "
                          f"{cls.__name__}.", "warning")
            )  # fmt: skip
            continue
        seen.add(name)
        found.extend(check_value(sub, fields[name].annotation, f"{path}.{key}"))
    for name, field in fields.items():
        if field.required and name not in seen:
            found.append(
                Deviation(f"{path}.{name}", "missing", f"{path}.{name} is missing; "
                          f"{cls.__name__} requires it.")
            )  # fmt: skip
    return found


_INDEX = re.compile(r"\[\d+\]")


def collapse(deviations: list[Deviation]) -> list[Deviation]:
    """The same deviation repeated over list items or stream events, said once (`[*]`)."""
    groups: dict[tuple[str, str, Level, int], list[Deviation]] = {}
    for n, deviation in enumerate(deviations):
        path = _INDEX.sub("[*]", deviation.path)
        alone = n if path == deviation.path else -1
        groups.setdefault((path, deviation.kind, deviation.level, alone), []).append(deviation)
    merged = []
    for (path, kind, level, _alone), group in groups.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        first = group[0].message.rstrip(".")
        message = f"{first} (and {len(group) - 1} more like it, at {path})."
        merged.append(Deviation(path, kind, message, level))
    return merged
