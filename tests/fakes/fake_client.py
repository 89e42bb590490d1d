"""A fake client behind the client interface, for UI handler tests that need no HTTP at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.client import WaitInfo
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

__all__ = ["FakeClient", "FakeFactory"]


class FakeClient:
    """Answers any task method from a queue of canned results (or exceptions) per method, and
    records the calls. `waits` are reported to `on_wait` before answering, like a loading model."""

    def __init__(
        self,
        answers: dict[str, list[Any]],
        calls: list[tuple[str, tuple, dict]],
        on_wait: Callable[[WaitInfo], Any] | None,
        waits: list[WaitInfo],
    ) -> None:
        self._answers, self._calls, self._on_wait, self._waits = answers, calls, on_wait, waits

    def __getattr__(self, method: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            import asyncio

            self._calls.append((method, args, kwargs))
            for info in self._waits:
                if self._on_wait:
                    self._on_wait(info)
                await asyncio.sleep(info.wait_seconds)
            answer = self._answers[method].pop(0)
            if isinstance(answer, BaseException):
                raise answer
            return answer

        call.__signature__ = _signature(method)  # type: ignore[attr-defined]
        return call

    async def close(self) -> None:
        return None


def _signature(method: str) -> Any:
    import inspect

    from playground.client import AsyncInferenceClient

    return inspect.signature(getattr(AsyncInferenceClient(token=False), method))


class FakeFactory(ClientFactory):
    """A ClientFactory whose clients are FakeClients."""

    def __init__(
        self, settings: Settings | None = None, local_url: str | None = "http://local"
    ) -> None:
        super().__init__(settings or Settings(), local_url)
        self.answers: dict[str, list[Any]] = {}
        self.calls: list[tuple[str, tuple, dict]] = []
        self.waits: list[WaitInfo] = []

    def answer(self, method: str, *results: Any) -> FakeFactory:
        self.answers.setdefault(method, []).extend(results)
        return self

    def client(self, target: TargetChoice, on_wait: Callable[[WaitInfo], Any] | None = None) -> Any:
        return FakeClient(self.answers, self.calls, on_wait, self.waits)
