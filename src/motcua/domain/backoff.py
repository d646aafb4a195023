"""Retry delays: exponential backoff with full jitter (pure).

The n-th failed attempt (n ≥ 1) waits a uniformly random time in [0, min(cap, base · 2^(n−1))]
("full jitter", as in AWS's architecture note "Exponential Backoff And Jitter", 2015): retries
of many senders spread out instead of hammering a recovering server at the same instants.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def backoff_ceiling(attempt: int, base: float, cap: float) -> float:
    """The longest wait after the `attempt`-th failure: min(cap, base · 2^(attempt−1))."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    exponent = min(attempt - 1, 1024)  # 2**1024 overflows a float; the cap has won long before
    return min(cap, base * 2.0**exponent) if exponent < 1024 else cap


def full_jitter(
    attempt: int,
    base: float,
    cap: float,
    uniform: Callable[[float, float], float] = random.uniform,
) -> float:
    """A random wait in [0, backoff_ceiling(attempt, base, cap)] seconds."""
    return uniform(0.0, backoff_ceiling(attempt, base, cap))
