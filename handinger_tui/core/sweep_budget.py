"""The background sweep's request budget: a token bucket, and never more than N a minute.

Kept apart from `refresh` so the rule can be read (and tested) on its own.
"""

from __future__ import annotations

from collections import deque

WINDOW = 60.0


class SweepBudget:
    """At most `per_minute` requests in any 60 seconds, in bursts of at most ten seconds' worth."""

    def __init__(self) -> None:
        self._sent: deque[float] = deque()  # monotonic launch times within the last minute
        self._tokens = 0.0
        self._at: float | None = None

    def wait(self, now: float, per_minute: int) -> float:
        """Seconds until one more request is allowed (0: now); infinite when turned off."""
        if per_minute <= 0:
            return float("inf")
        rate = per_minute / WINDOW
        burst = max(1.0, per_minute / 6)
        if self._at is None:
            self._tokens = burst
        else:
            self._tokens = min(burst, self._tokens + max(0.0, now - self._at) * rate)
        self._at = now
        sent = self._sent
        while sent and sent[0] <= now - WINDOW:
            sent.popleft()
        wait = 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / rate
        if len(sent) >= per_minute:
            wait = max(wait, sent[0] + WINDOW - now)
        return wait

    def spend(self, now: float) -> None:
        """One request was sent at `now` (call only after `wait` said 0)."""
        self._tokens -= 1.0
        self._sent.append(now)
