"""Labels that change only as often as an operator needs, so an idle screen repaints nothing.

A pane's "updated 4s ago" moved every second and repainted its border (and wrote to the
terminal) every second for nothing; here it says "just now", "<1 min ago", then minutes.
A list cell's age ("Changed") moves in steps of ten seconds in its first minute: with many
workers changed in the last minute, every row on screen was rebuilt and repainted each
second (most of the list's rest CPU at 500 tracked).
"""

from __future__ import annotations

from datetime import datetime

from handinger_tui.core.formatting import ago, aware, freshness
from handinger_tui.core.state import Resource

JUST_NOW = 10.0
"""Seconds an answer counts as "just now" (longer than the busiest polling interval)."""


def coarse_age(seconds: float) -> str:
    """'just now', '<1 min ago', '3 min ago', '2h ago', '4d ago'."""
    if seconds < JUST_NOW:
        return "just now"
    if seconds < 60:
        return "<1 min ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)}h ago"
    return f"{int(seconds // 86_400)}d ago"


def list_age(when: datetime | None, now: datetime) -> str:
    """`formatting.ago` for a list cell, coarser in the first minute.

    'now' for ten seconds, then '10s ago' ... '50s ago', then as `ago`: '1m ago', '3h ago'.
    """
    if when is None:
        return ago(when, now)
    seconds = (now - aware(when)).total_seconds()
    if 0 <= seconds < JUST_NOW:
        return "now"
    if JUST_NOW <= seconds < 60:
        return f"{int(seconds // 10) * 10}s ago"
    return ago(when, now)


def pane_freshness(resources: list[Resource[object]], now: datetime, monotonic: float) -> str:
    """`formatting.freshness`, with the age of a healthy pane in `coarse_age` steps.

    Trouble ('stale: retrying in 8s (why)') keeps its countdown: that is when it matters.
    """
    label = freshness(resources, now, monotonic)
    fetched = [r.fetched_at for r in resources if r.fetched_at is not None]
    if not label.startswith("updated ") or not fetched:
        return label
    return f"updated {coarse_age((now - min(fetched)).total_seconds())}"
