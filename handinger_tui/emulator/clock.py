"""The emulator clock: wall time plus an offset that tests can advance, optionally frozen."""

from __future__ import annotations

import time
from datetime import UTC, datetime


class EmulatorClock:
    """Epoch seconds on the emulator's own timeline.

    ``now()`` is the real wall clock plus ``offset``. ``advance()`` moves it forward;
    ``freeze()`` stops the real-time component so only ``advance()`` moves it (handy for
    deterministic tests).
    """

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset
        self._frozen_at: float | None = None

    def now(self) -> float:
        if self._frozen_at is not None:
            return self._frozen_at + self.offset
        return time.time() + self.offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze_at(self, ts: float) -> None:
        """Stop the clock at epoch seconds `ts` (deterministic demos and screenshots)."""
        self._frozen_at = ts
        self.offset = 0.0

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def freeze(self, frozen: bool) -> None:
        if frozen and self._frozen_at is None:
            self._frozen_at = time.time()
        elif not frozen and self._frozen_at is not None:
            # Keep the emulator time continuous when thawing.
            self.offset += self._frozen_at - time.time()
            self._frozen_at = None


def iso(ts: float) -> str:
    """Epoch seconds -> ``2026-05-13T08:00:00.000Z`` (UTC, milliseconds)."""
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def to_dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)
