"""Threads for the LLM from the cores other processes leave free."""

from __future__ import annotations

import threading
import time

import pytest

from playground.local.adapters.llm import Generation, Sampling
from playground.local.cpu import CoreWatch, threads_for
from tests.local.helpers import need
from tests.peers.processes import busy_cpu


class Fixed(CoreWatch):
    def __init__(self, spare: float | None) -> None:
        super().__init__()
        self.value = spare

    def spare(self) -> float | None:
        return self.value


@pytest.mark.parametrize(
    ("spare", "most", "threads"),
    [(None, 2, 2), (0.0, 2, 1), (0.9, 2, 1), (1.2, 2, 1), (1.8, 2, 2), (3.9, 2, 2), (3.9, 8, 4)],
)
def test_threads_fit_the_free_cores(spare: float | None, most: int, threads: int) -> None:
    assert threads_for(most, Fixed(spare)) == threads


def _settled(watch: CoreWatch, below: float, seconds: float = 10.0) -> float | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        spare = watch.spare()
        if spare is not None and spare < below:
            return spare
        time.sleep(0.2)
    return watch.spare()


def test_a_busy_process_takes_a_core() -> None:
    watch = CoreWatch(interval=0.5)
    with busy_cpu():
        spare = _settled(watch, below=watch.cores - 0.6)
    assert spare is not None
    assert spare < watch.cores - 0.6


def test_the_llm_drops_to_one_thread_while_a_core_is_taken() -> None:
    need("local/smollm2-135m-instruct")
    pytest.importorskip("llama_cpp", reason="heavy tier: llama-cpp-python is not installed")
    from playground.local.adapters.llm import LLAMA_CPP, engine
    from playground.local.cpu import _WATCH

    llm = engine(LLAMA_CPP)
    with busy_cpu():
        _settled(_WATCH, below=_WATCH.cores - 0.6)
        sampling = Sampling(max_new_tokens=4)
        steps = llm.steps(llm.tokens("Hello", sampling), sampling, Generation(), threading.Event())
        assert len(list(steps)) == 4
    assert llm.threads == 1
