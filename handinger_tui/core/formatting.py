"""Pure formatting for what the panes show: times, durations, statuses, sizes, cron.

Durations typed by operators are read by `drafts.parse_duration`, not here.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import lru_cache

from handinger_tui.core.state import Resource, Trouble

STATUS_SYMBOLS = {
    "pending": "◌",
    "running": "▶",
    "completed": "✔",
    "error": "✘",
    "aborted": "■",
}
UNKNOWN_SYMBOL = "?"


def status_label(status: str | None) -> str:
    """A symbol and a word, so state never rests on colour; unknown values are shown as is."""
    if not status:
        return "· unknown"
    return f"{STATUS_SYMBOLS.get(status, UNKNOWN_SYMBOL)} {status}"


YEAR_DAYS = 365
FAR_YEARS = 100  # beyond this a span is surely a wrong timestamp: said, not counted


def span(seconds: float) -> str:
    """A compact span: 45s, 15m, 3h 12m, 2d 4h, 1y 20d, 12y; '100y+' beyond a century."""
    if math.isnan(seconds):
        return "?"
    s = int(min(abs(seconds), FAR_YEARS * YEAR_DAYS * 86400.0))
    days, rem = divmod(s, 86400)
    years, days = divmod(days, YEAR_DAYS)
    if years >= FAR_YEARS:
        return f"{FAR_YEARS}y+"
    if years:
        return f"{years}y {days}d" if days and years < 10 else f"{years}y"
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    if minutes:
        return f"{minutes}m {secs}s" if secs and minutes < 10 else f"{minutes}m"
    return f"{secs}s"


def ago(when: datetime | None, now: datetime) -> str:
    """A compact age for table cells: '4s ago', '3h ago', '2d ago' (largest unit only)."""
    if when is None:
        return "—"
    seconds = (now - aware(when)).total_seconds()
    if seconds < 0:
        return relative(when, now)
    if seconds < 1:
        return "now"
    return f"{span(seconds).split(' ')[0]} ago"


def until(when: datetime | None, now: datetime) -> str:
    """A compact countdown for table cells: 'in 3h', 'in 15m' (largest unit only)."""
    if when is None:
        return "—"
    seconds = (aware(when) - now).total_seconds()
    if seconds < 1:
        return ago(when, now)
    return f"in {span(seconds).split(' ')[0]}"


def short_id(value: str, width: int = 26) -> str:
    """An id cut in the middle, keeping its distinctive tail: 't_org_…W0YZCD'."""
    if len(value) <= width:
        return value
    head = min(6, width // 3)
    return value[:head] + "…" + value[-(width - head - 1) :]


def every(seconds: int) -> str:
    """An interval as an operator says it: 'every 15m'."""
    return f"every {span(seconds)}"


def relative(when: datetime | None, now: datetime) -> str:
    """'in 3h 12m', '4s ago' or 'now'; '—' when unknown."""
    if when is None:
        return "—"
    delta = (aware(when) - now).total_seconds()
    if abs(delta) < 1:
        return "now"
    at = aware(when)
    far = f" ({at.year:04d}-{at:%m-%d})" if span(delta).endswith("+") else ""
    return f"in {span(delta)}{far}" if delta > 0 else f"{span(delta)} ago{far}"


def aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def local_time(when: datetime | None, now: datetime | None = None) -> str:
    """A local time; the date is added when it is not today."""
    if when is None:
        return "—"
    local = aware(when).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M:%S")
    if local.year == today.year:
        return local.strftime("%b %d %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def parse_time(value: object) -> datetime | None:
    """An ISO-8601 string, datetime or epoch (seconds or milliseconds) as an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return aware(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            return aware(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def size(num_bytes: int | float | None) -> str:
    if num_bytes is None:
        return "—"
    value = float(num_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{num_bytes} B"


def duration_ms(ms: int | float | None) -> str:
    if ms is None:
        return "—"
    if ms < 1000:
        return f"{int(ms)} ms"
    return f"{ms / 1000:.1f} s" if ms < 60_000 else span(ms / 1000)


@lru_cache(maxsize=256)
def describe_cron(expression: str) -> str:
    """A human-readable cron description, or the reason it cannot be read."""
    try:
        # Here, not at the top: the first frame shows no cron description.
        from cron_descriptor import Options, get_description

        options = Options()
        options.use_24hour_time_format = True
        options.verbose = False
        return str(get_description(expression, options))
    except Exception as exc:
        return f"unreadable cron expression ({exc})"


def freshness(resources: list[Resource[object]], now: datetime, monotonic: float) -> str:
    """One pane's freshness: 'updated 4s ago', 'loading…' or 'stale: retrying in 8s (why)'."""
    if not resources:
        return ""
    failing = [r for r in resources if r.error is not None]
    if failing:
        worst = max(failing, key=lambda r: r.failures)
        if worst.trouble is Trouble.KEY_REFUSED:
            when = "not retried until another API key is given"
        elif worst.in_flight or worst.retry_at is None or worst.retry_at <= monotonic:
            when = "retrying now"
        else:
            when = f"retrying in {span(worst.retry_at - monotonic)}"
        prefix = "stale" if worst.loaded else "failed"
        return f"{prefix}: {when} ({worst.error})"
    fetched = [r.fetched_at for r in resources]
    if any(f is None for f in fetched):
        return "loading…"
    oldest = min(f for f in fetched if f is not None)
    age = (now - oldest).total_seconds()
    return "updated just now" if age < 1 else f"updated {span(age)} ago"
