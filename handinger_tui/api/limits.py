"""The limits and enums of the Workers API, for the client side. Standard library only.

Forms (their counters and choices) and the checks in :mod:`handinger_tui.core.drafts`
read these, so a limit is spelled once on this side of the wire. The emulator keeps its
own copy on purpose: it shares nothing with the client, so it can catch a drift.
"""

from __future__ import annotations

from typing import Final

from ._types import (
    KNOWN_BUDGETS,
    KNOWN_SCHEDULE_TYPES,
    KNOWN_VISIBILITIES,
    KnownBudget,
    KnownVisibility,
)

__all__ = [
    "BUDGETS",
    "DEFAULT_BUDGET",
    "DEFAULT_VISIBILITY",
    "FIELD_MAX",
    "INSTRUCTIONS_MAX",
    "PROMPT_MAX",
    "SCHEDULE_TYPES",
    "SECONDS_MAX",
    "SUMMARY_MAX",
    "TITLE_MAX",
    "URL_MAX",
    "VISIBILITIES",
]

TITLE_MAX: Final = 200  # worker title, 1 .. 200 characters
SUMMARY_MAX: Final = 80
INSTRUCTIONS_MAX: Final = 20000
PROMPT_MAX: Final = 10000
URL_MAX: Final = 2048  # webhook URL
SECONDS_MAX: Final = 31536000  # a delay or an interval: 1 s .. one year
FIELD_MAX: Final = {
    "title": TITLE_MAX,
    "summary": SUMMARY_MAX,
    "instructions": INSTRUCTIONS_MAX,
    "prompt": PROMPT_MAX,
}
"""A worker's text fields and their most characters (the service counts like ``len``)."""

BUDGETS: Final = KNOWN_BUDGETS
DEFAULT_BUDGET: Final[KnownBudget] = "standard"  # mypy checks it is a known one
VISIBILITIES: Final = KNOWN_VISIBILITIES
DEFAULT_VISIBILITY: Final[KnownVisibility] = "public"  # a new worker's, unless chosen
SCHEDULE_TYPES: Final = KNOWN_SCHEDULE_TYPES
