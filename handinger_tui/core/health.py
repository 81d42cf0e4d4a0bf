"""Worker list health and order: the delivery strip, "failing since", sorting by any column.

No Textual here: the list's rows come from `views.worker_rows`; this module adds the
delivery strip to them and orders them by the column the operator picked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from handinger_tui.api.on_use import models  # pydantic loads after the first frame
from handinger_tui.core import formatting as fmt
from handinger_tui.core import triage, views
from handinger_tui.core.state import ExplorerState, Key, Kind
from handinger_tui.core.tone import Tone

STRIP_LENGTH: Final = 10
OK_GLYPH: Final = "✔"
FAIL_GLYPH: Final = "✘"
OTHER_GLYPH: Final = "?"
GLYPH_TONES: Final = {OK_GLYPH: Tone.OK, FAIL_GLYPH: Tone.ERROR}
"""The tone of each strip glyph: the list colours them one by one."""

HOOK_COLUMN: Final = 4
SORT_COLUMNS: Final = {
    "status": "status",
    "name": "title",
    "changed": "changed",
    "next": "next",
    "hook": "hook",
}
"""Each sort mode and the worker-list column that shows its indicator."""
SORT_MODES: Final = (*SORT_COLUMNS, "problems")
SORT_NAMES: Final = {
    "status": "status",
    "name": "worker",
    "changed": "changed",
    "next": "next run",
    "hook": "deliveries",
    "problems": "problems first",
}


@dataclass(frozen=True, slots=True)
class Streak:
    """The latest deliveries that failed in a row: since when, how many, whether more."""

    since: datetime | None
    count: int
    more: bool  # the whole page failed and older pages exist: it started earlier


def _glyph(status: str | None) -> str:
    if status == "success":
        return OK_GLYPH
    return FAIL_GLYPH if status == "error" else OTHER_GLYPH


def strip(executions: models.WebhookExecutionList | None) -> str:
    """The last ten delivery results, oldest first ('✔✔✔✘✘'); '' when none."""
    logs = [] if executions is None else executions.logs[:STRIP_LENGTH]
    return "".join(_glyph(log.request_status) for log in reversed(logs))


def hook_cell(executions: models.WebhookExecutionList | None, now: datetime) -> str:
    """The strip and how long ago the last delivery was ('✔✔✘✘ 5m'); '—' when none."""
    if executions is None or not executions.logs:
        return "—"
    when = fmt.ago(fmt.parse_time(executions.logs[0].created_at), now)
    return f"{strip(executions)} {when.removesuffix(' ago')}"


def failing(executions: models.WebhookExecutionList | None) -> Streak | None:
    """The run of failed deliveries the log starts with, or None when the last one passed."""
    logs = [] if executions is None else executions.logs
    if not logs or logs[0].request_status != "error":
        return None
    count = 0
    for log in logs:
        if log.request_status != "error":
            break
        count += 1
    more = count == len(logs) and (executions is not None and executions.page_count > 1)
    return Streak(fmt.parse_time(logs[count - 1].created_at), count, more)


def failing_note(executions: models.WebhookExecutionList | None, now: datetime) -> str:
    """'✘ failing since 06:10 · 3 deliveries in a row'; '' when the last delivery passed."""
    streak = failing(executions)
    if streak is None:
        return ""
    since = fmt.local_time(streak.since, now)
    earlier = " or earlier" if streak.more else ""
    noun = "delivery" if streak.count == 1 and not streak.more else "deliveries"
    plus = "+" if streak.more else ""
    return f"✘ failing since {since}{earlier} · {streak.count}{plus} {noun} in a row"


def with_strips(rows: Sequence[views.Row], state: ExplorerState, now: datetime) -> list[views.Row]:
    """The worker rows with the delivery strip in the deliveries column (once loaded)."""
    out = []
    for row in rows:
        res = state.resources.get(Key(Kind.EXECUTIONS, row.key, 1))
        if res is None or not res.loaded or len(row.cells) <= HOOK_COLUMN:
            out.append(row)
            continue
        cells = list(row.cells)
        cells[HOOK_COLUMN] = hook_cell(state.executions(row.key, 1), now)
        out.append(replace(row, cells=tuple(cells)))
    return out


def _time_key(when: datetime | None) -> float | None:
    return None if when is None else fmt.aware(when).timestamp()


def _hook_key(state: ExplorerState, worker_id: str) -> tuple[float, ...] | None:
    """Failing first (longest streak first), then the rest; the latest delivery first."""
    executions = state.executions(worker_id, 1)
    if executions is None or not executions.logs:
        return None
    streak = failing(executions)
    last = _time_key(fmt.parse_time(executions.logs[0].created_at)) or 0.0
    return (0.0, -float(streak.count), -last) if streak else (1.0, 0.0, -last)


def _value(state: ExplorerState, worker_id: str, mode: str) -> tuple[float, ...] | None:
    """The sort value of one worker for the changed, next run or deliveries column."""
    if mode == "changed":  # most recently changed first
        changed = _time_key(views.last_changed(state, worker_id))
        return None if changed is None else (-changed,)
    if mode == "next":  # soonest first
        nxt = _time_key(views.next_run(state.schedules(worker_id)))
        return None if nxt is None else (nxt,)
    return _hook_key(state, worker_id)


def sort_rows(
    rows: Sequence[views.Row],
    state: ExplorerState,
    now: datetime,
    *,
    mode: str,
    descending: bool = False,
    stuck_after: timedelta = triage.STUCK_AFTER,
) -> list[views.Row]:
    """`rows` (already in status or name order) in the order of `mode`.

    Ties keep the incoming order; workers with no value (never changed, no schedule, no
    delivery) go last in either direction. "problems" puts the most severe problem first.
    """
    ordered = list(rows)
    if mode in ("status", "name"):
        return ordered[::-1] if descending else ordered
    if mode == "problems":
        worst: dict[str, int] = {}
        keys = [row.key for row in ordered]
        for problem in triage.problems(state, keys, now, stuck_after=stuck_after):
            worst.setdefault(problem.worker_id, int(problem.severity))
        clean = len(triage.Severity)
        ranked = sorted(ordered, key=lambda row: worst.get(row.key, clean))
        return ranked[::-1] if descending else ranked
    values = {row.key: _value(state, row.key, mode) for row in ordered}
    known = [(v, row) for row in ordered if (v := values[row.key]) is not None]
    unknown = [row for row in ordered if values[row.key] is None]
    known.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _v, row in known] + unknown


def sort_label(mode: str, descending: bool) -> str:
    """'Sorted by next run ▼' for the notification."""
    return f"Sorted by {SORT_NAMES.get(mode, mode)} {'▼' if descending else '▲'}"
