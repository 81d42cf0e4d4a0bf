"""The schedule form's draft: when (a local date-time, a duration or a cron line), checked.

Durations need a unit on every part (``1h30`` is refused); a bare number is seconds. A
date-time without an offset is local time. ``croniter`` is imported only when a cron line
is actually checked (start-up stays light).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from handinger_tui.api.limits import DEFAULT_BUDGET, SECONDS_MAX
from handinger_tui.core.field_checks import (
    FieldErrors,
    check_budget,
    check_input,
    control_problem,
)
from handinger_tui.core.formatting import describe_cron

__all__ = [
    "DURATION_HELP",
    "SCHEDULE_KINDS",
    "ScheduleDraft",
    "check_schedule",
    "cron_preview",
    "duration_note",
    "local_timezone_name",
    "read_duration",
]

# The order the schedule form offers them in; the set is the API's (api/limits.py).
SCHEDULE_KINDS: Final = ("scheduled", "delayed", "interval", "cron")


@dataclass
class ScheduleDraft:
    """The create-schedule form. ``when`` is a local date-time, a duration or a cron line."""

    kind: str = "delayed"
    when: str = ""
    budget: str = DEFAULT_BUDGET
    input: str = ""


_UNITS: Final = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_BARE: Final = re.compile(r"[0-9]+")
_PART: Final = re.compile(r"([0-9]+)\s*([a-zA-Z]*)\s*")
DURATION_HELP: Final = "use a duration like 90s, 15m, 2h, 1d, 1w or 1h30m"


def read_duration(text: str) -> int:
    """Seconds in ``90s``, ``15m``, ``1h30m``, ``1w2d``; a bare ``90`` is 90 seconds.

    Every part of a compound needs its unit (``1h30`` is refused, never 3,630 s), units
    go from large to small and appear once. Raises ValueError saying what is wrong.
    """
    value = text.strip()
    if _BARE.fullmatch(value):
        return int(value)
    if re.search(r"[0-9][.,][0-9]", value):
        raise ValueError(f"{value!r}: a duration takes whole numbers (1h30m, not 1.5h)")
    parts: list[tuple[int, str]] = []
    pos = 0
    while pos < len(value):
        match = _PART.match(value, pos)
        if match is None:
            raise ValueError(f"{value!r} is not a duration: {DURATION_HELP}")
        number, unit = match.group(1), match.group(2).lower()
        if not unit:
            example = f", e.g. {value}m" if match.end() == len(value) else ""
            raise ValueError(
                f"{value!r}: give {number} a unit (s, m, h, d or w){example}; "
                "only a lone number is read as seconds"
            )
        if unit not in _UNITS:
            raise ValueError(f"{value!r}: unknown unit {unit!r} ({DURATION_HELP})")
        parts.append((int(number), unit))
        pos = match.end()
    if not parts:
        raise ValueError(f"type a duration: {DURATION_HELP}")
    order = [list(_UNITS).index(unit) for _, unit in parts]
    if order != sorted(set(order)):
        raise ValueError(f"{value!r}: give each unit once, largest first, e.g. 1h30m")
    return sum(number * _UNITS[unit] for number, unit in parts)


def duration_note(text: str) -> str | None:
    """Which unit a bare number was taken as ("90 read as seconds"), else None."""
    value = text.strip()
    return f"{value} read as seconds" if _BARE.fullmatch(value) else None


def _seconds(text: str) -> int:
    if problem := control_problem(text):
        raise ValueError(problem)
    value = read_duration(text)
    if not 1 <= value <= SECONDS_MAX:
        raise ValueError(
            f"must be between 1 second and 1 year ({SECONDS_MAX:,} s), not {value:,} s"
        )
    return value


def _check_cron(expr: str, now: datetime) -> str:
    from croniter import CroniterError, croniter  # not at the top: start-up (module doc)

    if problem := control_problem(expr):
        raise ValueError(problem)
    expr = " ".join(expr.split())
    if not expr:
        raise ValueError("type a cron expression, e.g. '0 8 * * 1-5'")
    if len(expr.split()) != 5 or not croniter.is_valid(expr):
        raise ValueError(
            "not a valid 5-field cron expression (minute hour day month weekday), "
            "e.g. '0 8 * * 1-5'"
        )
    try:
        croniter(expr, now.astimezone(UTC)).get_next(datetime)
    except CroniterError:
        raise ValueError("never runs: no date matches (e.g. 31 February)") from None
    return expr


def _parse_local(text: str, tz: tzinfo | None) -> datetime:
    value = text.strip()
    if len(value) < 16 or value[10] not in "T ":
        raise ValueError("use a date and time: YYYY-MM-DD HH:MM (local time) or ISO 8601")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            "not a date-time: use YYYY-MM-DD HH:MM[:SS] (local time) or ISO 8601"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz) if tz is not None else parsed.astimezone()
    return parsed.astimezone(UTC)


def _iso_z(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_schedule(
    draft: ScheduleDraft, *, now: datetime, tz: tzinfo | None = None
) -> dict[str, Any]:
    """The wire ``when`` object for the draft; raises :class:`FieldErrors`.

    A date-time without an offset is in ``tz`` (default: the operator's local timezone).
    """
    errors: dict[str, str] = {}
    check_input(draft.input, errors)
    check_budget(draft.budget, errors)
    when: dict[str, Any] = {}
    try:
        if draft.kind == "scheduled":
            if problem := control_problem(draft.when):
                raise ValueError(problem)
            date = _parse_local(draft.when, tz)
            if date <= now.astimezone(UTC):
                raise ValueError(f"{_iso_z(date)} is in the past; pick a later time")
            when = {"type": "scheduled", "date": _iso_z(date)}
        elif draft.kind == "delayed":
            when = {"type": "delayed", "delayInSeconds": _seconds(draft.when)}
        elif draft.kind == "interval":
            when = {"type": "interval", "intervalSeconds": _seconds(draft.when)}
        elif draft.kind == "cron":
            when = {"type": "cron", "cron": _check_cron(draft.when, now)}
        else:
            errors["kind"] = "must be one of " + ", ".join(SCHEDULE_KINDS)
    except ValueError as exc:
        errors["when"] = str(exc)
    if errors:
        raise FieldErrors(errors)
    return when


def cron_preview(expr: str, *, now: datetime, count: int = 3) -> tuple[str, list[datetime]]:
    """A description of ``expr`` and its next ``count`` run times (UTC, evaluated in UTC)."""
    from croniter import croniter  # not at the top: start-up (module doc)

    try:
        clean = _check_cron(expr, now)
    except ValueError as exc:
        raise FieldErrors({"when": str(exc)}) from None
    runs = croniter(clean, now.astimezone(UTC))
    return describe_cron(clean), [runs.get_next(datetime) for _ in range(count)]


def local_timezone_name(now: datetime | None = None, tz: tzinfo | None = None) -> str:
    """The timezone a date-time without offset is read in, e.g. ``UTC+01:00 (CET)``.

    ``tz`` defaults to the operator's local timezone (its offset at ``now``).
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    name = local.tzname() or ""
    if minutes == 0 and name in ("UTC", "Z", ""):
        return "UTC"
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    label = f"UTC{sign}{hours:02d}:{mins:02d}"
    if name and name[0].isalpha() and name not in (label, "UTC"):
        return f"{label} ({name})"
    return label
