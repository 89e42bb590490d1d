"""How many CPU cores other processes leave free, measured from /proc (Linux).

llama.cpp's threads wait for each other at every token. With 2 threads on 2 cores while
another process runs at full load, SmolLM2-135M drops from ~95 to ~3.5 tokens/s; 1 thread
keeps ~30 (bench/local_server.py). So the LLM asks, before each generation, how many threads
the cores others leave free can run (`threads_for`).

A daemon thread samples `/proc/stat` (all CPUs) and `/proc/self/stat` (this process) once a
second; what this process itself used doesn't count as taken.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

__all__ = ["CoreWatch", "threads_for"]


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) ticks of all CPUs since boot, or None off Linux."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return None
    values = [int(value) for value in fields]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _own_ticks() -> int | None:
    try:
        stat = Path(f"/proc/{os.getpid()}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, all threads


class CoreWatch:
    """`spare()`: cores not used by other processes over the last `interval` seconds."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        self._spare: float | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def spare(self) -> float | None:
        """Free cores (0 … cores), or None before the first measurement or off Linux."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="core-watch")
                self._thread.start()
        return self._spare

    def _run(self) -> None:
        before, own_before = _cpu_ticks(), _own_ticks()
        while before is not None and own_before is not None:
            time.sleep(self.interval)
            after, own_after = _cpu_ticks(), _own_ticks()
            if after is None or own_after is None:
                return
            total = after[1] - before[1]
            if total > 0:
                others = max(0, after[0] - before[0] - (own_after - own_before))
                self._spare = self.cores * (1 - min(1.0, others / total))
            before, own_before = after, own_after


_WATCH = CoreWatch()


def threads_for(most: int, watch: CoreWatch = _WATCH) -> int:
    """Threads for a CPU-bound job: as many cores as are free (at least 1, at most `most`);
    `most` until the first measurement."""
    spare = watch.spare()
    if spare is None:
        return most
    return max(1, min(most, int(spare + 0.3)))
