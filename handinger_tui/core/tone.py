"""What a status or delivery cell means for the operator, without saying how it looks.

Core decides the meaning (a failed delivery is an error, a run pending too long needs a
look); the UI maps each tone to a colour of the current theme, or to nothing under
``NO_COLOR``. The cell's symbol and word always carry the same meaning on their own.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Final


class Tone(StrEnum):
    """The meaning of one cell: ok, error, warn (look at it), running, neutral."""

    OK = "ok"
    ERROR = "error"
    WARN = "warn"
    RUNNING = "running"
    NEUTRAL = "neutral"


# A run pending (or running) longer than this is flagged. Config key to come:
# `[triage] pending_too_long_minutes = 10`.
PENDING_TOO_LONG: Final = timedelta(minutes=10)

_STATUS_TONES: Final = {
    "completed": Tone.OK,
    "running": Tone.RUNNING,
    "error": Tone.ERROR,
    "aborted": Tone.ERROR,
}


def status_tone(status: str | None, *, too_long: bool = False, stale: bool = False) -> Tone:
    """The tone of a worker status; a stale value or a run that is taking too long warns."""
    if stale or (too_long and status in ("pending", "running")):
        return Tone.WARN
    return _STATUS_TONES.get(status or "", Tone.NEUTRAL)


def delivery_tone(request_status: str | None) -> Tone:
    """A webhook delivery: success is ok, error is an error, anything else neutral."""
    if request_status == "success":
        return Tone.OK
    if request_status == "error":
        return Tone.ERROR
    return Tone.NEUTRAL
