"""`@task_method`: one definition of a task method serves both clients.

The decorated function builds a `Job` (pure). On `InferenceClient` it becomes a plain blocking
method; on `AsyncInferenceClient`, a coroutine method (`async def`). Both are real functions, so
`inspect.signature`, `help()` and documentation tools read them on the class as on an instance:
the builder's own signature and docstring, plus a keyword-only `options` (per-call
`RequestOptions` or a dict of them), returning what the job returns.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    Literal,
    ParamSpec,
    Protocol,
    TypeVar,
    overload,
)

from .plan import Job

if TYPE_CHECKING:
    from .context import RequestOptions

__all__ = ["async_docstring", "task_method", "with_options_doc"]

P = ParamSpec("P")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R")
OptionsArg = "RequestOptions | Mapping[str, Any] | None"
_CALL = re.compile(r"(?<![\w.])client\.(\w+)\(")


class _SyncRunner(Protocol):
    _is_async: Literal[False]

    def _run_job(self, job: Job[R], options: Any) -> R: ...


class _AsyncRunner(Protocol):
    _is_async: Literal[True]

    def _run_job(self, job: Job[R], options: Any) -> Awaitable[R]: ...


class TaskMethod(Protocol[P, T_co]):
    """A task method as bound on a client: the builder's parameters (without `self`), returning
    what its job returns (sync client) or an awaitable of it (async client).

    The keyword-only `options` cannot join a ParamSpec (PEP 612 allows no parameter between
    `*args: P.args` and `**kwargs: P.kwargs`), so a call passing `options=` matches the second
    overload: its return type is still exact, its other arguments go unchecked.
    """

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T_co: ...

    @overload
    def __call__(
        self, *args: Any, options: RequestOptions | Mapping[str, Any] | None, **kwargs: Any
    ) -> T_co: ...


def _signature_with_options(fn: Callable[..., Any]) -> inspect.Signature:
    """The builder's signature (`self` included) with `options` added and `Job[T]` → `T`."""
    signature = inspect.signature(fn)
    parameters = list(signature.parameters.values())
    options = inspect.Parameter(
        "options", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OptionsArg
    )
    if parameters and parameters[-1].kind is inspect.Parameter.VAR_KEYWORD:
        parameters = [*parameters[:-1], options, parameters[-1]]
    else:
        parameters = [*parameters, options]
    returns = signature.return_annotation
    if isinstance(returns, str) and returns.startswith("Job[") and returns.endswith("]"):
        returns = returns[4:-1]
    return signature.replace(parameters=parameters, return_annotation=returns)


OPTIONS_DOC = (
    "options: per-call `RequestOptions`, or a dict of them (`wait_for_model`, `use_cache`,\n"
    "    `retry_on_error`, `timeout`, `on_wait`); the client's defaults otherwise."
)


def with_options_doc(doc: str | None) -> str | None:
    """The docstring, cleaned, with `options` documented at the end of its Args section."""
    if not doc:
        return doc
    lines = inspect.cleandoc(doc).splitlines()
    if "Args:" not in lines:
        return "\n".join(lines)
    end = lines.index("Args:") + 1
    while end < len(lines) and (not lines[end] or lines[end].startswith(" ")):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    extra = ["    " + line for line in OPTIONS_DOC.splitlines()]
    return "\n".join([*lines[:end], *extra, *lines[end:]])


def async_docstring(doc: str | None) -> str | None:
    """The docstring's examples written for `AsyncInferenceClient`: each call awaited, and
    streams iterated with `async for`."""
    if not doc:
        return doc
    out: list[str] = []
    statement: list[str] = []
    for line in [*doc.splitlines(), ""]:
        if line.lstrip().startswith("... ") and statement:
            statement.append(line)
            continue
        out.extend(_awaited(statement))
        statement = []
        if line.lstrip().startswith(">>> "):
            statement = [line]
        else:
            out.append(line)
    return "\n".join(out[:-1])


def _awaited(statement: list[str]) -> list[str]:
    """One example statement (its `>>>` line and `...` continuations), for the async client."""
    if not statement:
        return []
    streams = "stream=True" in "".join(statement)
    lines = []
    for line in statement:
        text = line.replace("import InferenceClient", "import AsyncInferenceClient")
        text = text.replace(" InferenceClient(", " AsyncInferenceClient(")
        text = _CALL.sub(lambda m: f"await client.{m.group(1)}(", text)
        if streams:
            text = re.sub(r"(>>> )for (\w+) in await ", r"\1async for \2 in await ", text)
        lines.append(text)
    return lines


class task_method(Generic[P, T]):
    """Descriptor turning a job builder into a sync or async method depending on the client.

    Typed: on an `InferenceClient` the method is a `TaskMethod[P, T]`, on an
    `AsyncInferenceClient` a `TaskMethod[P, Awaitable[T]]`, where `P` is the builder's
    parameters after `self` and `Job[T]` its return type.
    """

    def __init__(self, build: Callable[Concatenate[Any, P], Job[T]]) -> None:
        # `P` is what follows `self`. A builder taking `**kwargs` fails this type (a `self=`
        # keyword could reach them), though the client always passes `self` positionally: its
        # decoration carries an `arg-type` ignore. Stored with its parameters erased: the
        # generated methods forward `*args, **kwargs` once `options` is out, which a ParamSpec
        # cannot spell (see TaskMethod).
        self._build: Callable[..., Job[T]] = build
        self._name = build.__name__
        self._signature = _signature_with_options(build)
        self._functions: dict[type, Callable[..., Any]] = {}
        # typeshed types update_wrapper's wrapper as a callable; a descriptor takes the same
        # attributes (__doc__, __name__, __wrapped__...) at run time.
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def job(self, client: Any, *args: Any, **kwargs: Any) -> Job[T]:
        """The job a call would run, without running it (for previews and snippets)."""
        return self._build(client, *args, **kwargs)

    @overload
    def __get__(self, obj: None, owner: type) -> Callable[..., Any]: ...

    @overload
    def __get__(self, obj: _SyncRunner, owner: type) -> TaskMethod[P, T]: ...

    @overload
    def __get__(self, obj: _AsyncRunner, owner: type) -> TaskMethod[P, Awaitable[T]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        function = self._functions.get(owner) or self._function_for(owner)
        if obj is None:
            return function
        bound = function.__get__(obj, owner)
        obj.__dict__[self._name] = bound  # later lookups skip the descriptor
        return bound

    def _function_for(self, owner: type) -> Callable[..., Any]:
        is_async = bool(getattr(owner, "_is_async", False))
        function = self._async_function() if is_async else self._sync_function()
        functools.update_wrapper(function, self._build)
        attributes = vars(function)
        del attributes["__wrapped__"]  # the builder returns a Job, not what the method returns
        attributes["__signature__"] = self._signature
        attributes["job"] = self.job
        function.__qualname__ = f"{owner.__qualname__}.{self._name}"
        function.__name__ = self._name
        function.__doc__ = with_options_doc(function.__doc__)
        if is_async:
            function.__doc__ = async_docstring(function.__doc__)
        self._functions[owner] = function
        return function

    def _sync_function(self) -> Callable[..., T]:
        build = self._build

        def method(self: _SyncRunner, *args: Any, options: Any = None, **kwargs: Any) -> T:
            return self._run_job(build(self, *args, **kwargs), options)

        return method

    def _async_function(self) -> Callable[..., Awaitable[T]]:
        build = self._build

        async def method(self: _AsyncRunner, *args: Any, options: Any = None, **kwargs: Any) -> T:
            return await self._run_job(build(self, *args, **kwargs), options)

        return method
