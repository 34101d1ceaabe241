"""Timing shared by the bench_*.py scripts (not a bench itself: no bench_ prefix)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds of the fastest of ``repeat`` runs of ``fn``: the run least disturbed by the machine.

    ``clock=time.process_time`` counts this process's CPU seconds only, for one-core work
    measured on a machine busy with other things.
    """
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    return best
