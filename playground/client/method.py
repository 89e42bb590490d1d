"""`@task_method`: one definition of a task method serves both clients.

The decorated function builds a `Job` (pure). Looked up on an `InferenceClient` it becomes a
blocking method; on an `AsyncInferenceClient`, a coroutine method. Signature and docstring are the
function's own, plus a keyword-only `options` (per-call `RequestOptions` or a dict of them).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, Protocol, TypeVar, overload

from .plan import Job

if TYPE_CHECKING:
    pass

__all__ = ["task_method"]

P = ParamSpec("P")
T = TypeVar("T")
OptionsArg = "RequestOptions | Mapping[str, Any] | None"


class _SyncRunner(Protocol):
    _is_async: Literal[False]

    def _run_job(self, job: Job[Any], options: Any) -> Any: ...


class _AsyncRunner(Protocol):
    _is_async: Literal[True]

    def _run_job(self, job: Job[Any], options: Any) -> Awaitable[Any]: ...


def _signature_with_options(fn: Callable[..., Any]) -> inspect.Signature:
    signature = inspect.signature(fn)
    parameters = list(signature.parameters.values())[1:]
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


class task_method(Generic[P, T]):
    """Descriptor turning a job builder into a sync or async method depending on the client."""

    def __init__(self, build: Callable[..., Job[T]]) -> None:
        self._build = build
        self._name = build.__name__
        self._signature = _signature_with_options(build)
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def job(self, client: Any, *args: Any, **kwargs: Any) -> Job[T]:
        """The job a call would run, without running it (for previews and snippets)."""
        return self._build(client, *args, **kwargs)

    @overload
    def __get__(self, obj: None, owner: type) -> task_method[P, T]: ...

    @overload
    def __get__(self, obj: _SyncRunner, owner: type) -> Callable[P, T]: ...

    @overload
    def __get__(self, obj: _AsyncRunner, owner: type) -> Callable[P, Awaitable[T]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        bound = self._bind_async(obj) if obj._is_async else self._bind_sync(obj)
        functools.update_wrapper(bound, self._build)
        bound.__signature__ = self._signature  # type: ignore[attr-defined]
        obj.__dict__[self._name] = bound
        return bound

    def _bind_sync(self, client: Any) -> Callable[..., T]:
        build = self._build

        def method(*args: Any, options: Any = None, **kwargs: Any) -> T:
            return client._run_job(build(client, *args, **kwargs), options)  # type: ignore[no-any-return]

        return method

    def _bind_async(self, client: Any) -> Callable[..., Awaitable[T]]:
        build = self._build

        async def method(*args: Any, options: Any = None, **kwargs: Any) -> T:
            return await client._run_job(build(client, *args, **kwargs), options)  # type: ignore[no-any-return]

        return method
