"""The full details of one webhook delivery or one schedule, as cleaned label/value pairs.

Values keep their newlines (an error message may span lines) but never a control
character: the UI shows them as plain `Text`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from handinger_tui.api.on_use import models  # pydantic loads after the first frame
from handinger_tui.core import formatting as fmt
from handinger_tui.core import views
from handinger_tui.core.safe_text import clean, one_line

NEXT_RUNS: Final = 5
Fields = list[tuple[str, str]]


def _both_times(when: datetime | None, now: datetime) -> str:
    """'2026-05-13 06:10:00 UTC · 08:10:00 local (in 5m)'; '—' when unknown."""
    if when is None:
        return "—"
    utc = fmt.aware(when).astimezone(UTC)
    local = fmt.local_time(when, now)
    return f"{utc:%Y-%m-%d %H:%M:%S} UTC · {local} local ({fmt.relative(when, now)})"


def delivery_fields(delivery: models.WebhookExecution, now: datetime) -> Fields:
    """Result, time, HTTP status, duration, error message, task, URL and ids."""
    status = delivery.request_status or "?"
    result = {"success": "✔ success", "error": "✘ error"}.get(status, f"? {status}")
    http = delivery.response_status
    fields: Fields = [
        ("Result", one_line(result, 40)),
        ("Time", _both_times(fmt.parse_time(delivery.created_at), now)),
        ("HTTP status", "— (no answer)" if http is None else str(int(http))),
        ("Duration", fmt.duration_ms(delivery.duration_ms)),
        ("Error", clean(delivery.error_message).strip() or "—"),
        ("Task id", one_line(delivery.task_id or "—")),
        ("Task title", one_line(delivery.task_title or "—")),
        ("URL", one_line(delivery.url or "—")),
        ("Delivery id", one_line(delivery.id or "—")),
    ]
    if isinstance(delivery, models.UnreadableExecution):
        fields.insert(0, ("Unreadable", one_line(delivery.reason)))
    return fields


def next_runs(schedule: models.WorkerSchedule, count: int = NEXT_RUNS) -> list[datetime]:
    """The next run and the ones after it: from the cron or the interval; one otherwise."""
    first = fmt.parse_time(schedule.next_run_at)
    if first is None:
        return []
    first = fmt.aware(first)
    if isinstance(schedule, models.IntervalSchedule) and schedule.interval_seconds > 0:
        step = timedelta(seconds=float(schedule.interval_seconds))
        return [first + step * i for i in range(count)]
    if isinstance(schedule, models.CronSchedule):
        from croniter import CroniterError, croniter  # not at the top: ~9 ms at start-up

        try:
            it = croniter(one_line(schedule.cron, 80), first.astimezone(UTC))
            return [first] + [it.get_next(datetime) for _ in range(count - 1)]
        except (CroniterError, ValueError):
            return [first]
    return [first]


def schedule_fields(schedule: models.WorkerSchedule, now: datetime) -> Fields:
    """Kind, when (cron in words, in UTC), next runs (UTC and local), budget, input, id."""
    if isinstance(schedule, models.UnknownSchedule):
        kind = one_line(schedule.type or "?", 40)
        fields: Fields = [("Kind", f"{kind} (not known to this client)")]
        if isinstance(schedule, models.UnreadableSchedule):
            fields.append(("Unreadable", one_line(schedule.reason)))
        fields += [
            ("Next run", _both_times(fmt.parse_time(schedule.next_run_at), now)),
            ("Budget", one_line(schedule.budget or "—", 40)),
            ("Input", clean(schedule.input).strip() or "—"),
            ("Id", one_line(schedule.id or "—")),
        ]
        return fields
    when = views.schedule_when(schedule)
    if isinstance(schedule, models.CronSchedule):
        when = f"{when} — {views.schedule_about(schedule)} (UTC)"
    runs = next_runs(schedule)
    fields = [
        ("Kind", one_line(schedule.type, 40)),
        ("When", when),
        ("Next run", _both_times(runs[0] if runs else None, now)),
    ]
    fields += [("Then", _both_times(run, now)) for run in runs[1:]]
    fields += [
        ("Budget", one_line(schedule.budget or "—", 40)),
        ("Input", clean(schedule.input).strip() or "—"),
        ("Id", one_line(schedule.id)),
    ]
    return fields


def as_text(title: str, fields: Fields) -> str:
    """The details as plain text, one 'Label: value' per line, for copying."""
    lines = [title] + [f"{label}: {value}" for label, value in fields]
    return "\n".join(lines)
