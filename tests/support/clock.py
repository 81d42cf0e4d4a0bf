"""A clock that only moves when told to, for tests and screenshots (not the product)."""

from __future__ import annotations

from datetime import datetime, timedelta

from handinger_tui.core.state import Clock

__all__ = ["FrozenClock"]


class FrozenClock(Clock):
    """Wall and monotonic time stopped at ``at``; ``advance`` moves both together."""

    def __init__(self, at: datetime, monotonic: float = 1000.0) -> None:
        self._at = at
        self._mono = monotonic

    def now(self) -> datetime:
        return self._at

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._at += timedelta(seconds=seconds)
        self._mono += seconds
