"""State turned into the plain rows and fields the panes show (cleaned strings, no Textual).

Every string here that came from the server has been through `safe_text`; the widgets still
render them as plain `Text`, never as markup.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from handinger_tui.api.on_use import models  # pydantic loads after the first frame
from handinger_tui.core import formatting as fmt
from handinger_tui.core.rest_labels import list_age  # coarse in the first minute
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.state import ExplorerState, Key, Kind
from handinger_tui.core.tone import PENDING_TOO_LONG, Tone, delivery_tone, status_tone

if TYPE_CHECKING:
    from pydantic import SecretStr

    from handinger_tui.core.registry import Registry

SORTS = ("status", "name")
_STATUS_ORDER = {"running": 0, "pending": 1, "error": 2, "aborted": 2, "completed": 3}
NEVER_RUN = "○ never run"
DERIVED_MARK = "≈ "  # a name made up from what the API gives, until the title is known
_EMAIL_SUFFIX = re.compile(r"[-_.+]?\d+$")
OVERDUE_GRACE = 60.0  # seconds a schedule may be past its next run before it is flagged


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: a stable key, its cells (already cleaned) and each cell's tone.

    ``tones`` may be shorter than ``cells``; a cell without one is neutral.
    """

    key: str
    cells: tuple[str, ...]
    tones: tuple[Tone, ...] = ()


def secret_value(value: SecretStr | str | None) -> str | None:
    """The plain value of a secret (SecretStr or str), for copy and reveal only."""
    return value if value is None or isinstance(value, str) else value.get_secret_value()


def _schedules(listed: models.ScheduleList | None) -> list[models.WorkerSchedule]:
    return [] if listed is None else listed.schedules


def next_run(schedules: models.ScheduleList | None) -> datetime | None:
    """The soonest nextRunAt of a worker's schedules."""
    times = [fmt.parse_time(s.next_run_at) for s in _schedules(schedules)]
    known = [t for t in times if t is not None]
    return min(known) if known else None


def last_delivery(executions: models.WebhookExecutionList | None, now: datetime) -> str:
    return last_delivery_cell(executions, now)[0]


def last_delivery_cell(
    executions: models.WebhookExecutionList | None, now: datetime
) -> tuple[str, Tone]:
    """'✔ ok 3h ago' / '✘ fail 5m ago' and its tone; '—' when nothing was delivered."""
    if executions is None or not executions.logs:
        return "—", Tone.NEUTRAL
    last = executions.logs[0]
    ok = last.request_status == "success"
    when = fmt.ago(fmt.parse_time(last.created_at), now)
    return f"{'✔ ok' if ok else '✘ fail'} {when}", delivery_tone(last.request_status)


def last_changed(state: ExplorerState, worker_id: str) -> datetime | None:
    """When the status was seen to change, else when the latest task was created."""
    seen = state.status_changed_at.get(worker_id)
    if seen is not None:
        return seen
    worker = state.worker(worker_id)
    return None if worker is None else fmt.parse_time(worker.created_at)


def worker_status(state: ExplorerState, worker_id: str) -> str | None:
    worker = state.worker(worker_id)
    return None if worker is None else one_line(worker.status, 40)


def never_run(worker: models.Worker | None) -> bool:
    """No task yet: the API still says "completed", with no messages and no output."""
    return (
        worker is not None
        and worker.status == "completed"
        and not worker.running
        and not worker.messages
        and not worker.output
        and not worker.output_text
    )


def ended_early(worker: models.Worker | None) -> str | None:
    """The way the last run ended early ("error" or "aborted", from ``Worker.error``), or None."""
    if worker is None or worker.error is None:
        return None
    code = worker.error.get("code") if isinstance(worker.error, dict) else None
    return "aborted" if code == "aborted" else "error"


def run_error(worker: models.Worker | None) -> str | None:
    """``Worker.error`` in words ("code: message"), cleaned to one line, or None."""
    if worker is None or worker.error is None:
        return None
    error = worker.error
    if isinstance(error, dict):
        code, message = error.get("code"), error.get("message")
        words = [str(part) for part in (code, message) if part not in (None, "")]
        return one_line(": ".join(words) or "no message", 300)
    return one_line(str(error), 300)


def waiting_for(state: ExplorerState, worker_id: str, now: datetime) -> timedelta | None:
    """How long a pending or running worker has been so (since it was seen to change)."""
    if worker_status(state, worker_id) not in ("pending", "running"):
        return None
    since = last_changed(state, worker_id)
    return None if since is None else now - fmt.aware(since)


def status_cell(state: ExplorerState, worker_id: str, now: datetime) -> tuple[str, Tone]:
    """The status column: symbol and word (never colour alone) and its tone.

    A run pending or running longer than ``PENDING_TOO_LONG`` says for how long and warns.
    """
    res = state.resources.get(Key(Kind.WORKER, worker_id))
    status = worker_status(state, worker_id)
    if res is not None and res.gone:
        return "✘ not found", Tone.ERROR
    if res is None or status is None:
        stale = res is not None and res.stale
        return ("· unknown", Tone.WARN) if stale else ("… loading", Tone.NEUTRAL)
    worker = state.worker(worker_id)
    if never_run(worker):
        return NEVER_RUN, Tone.WARN if res.stale else Tone.NEUTRAL
    early = ended_early(worker) if status == "completed" else None
    if early is not None:
        return fmt.status_label(early), Tone.ERROR
    waited = waiting_for(state, worker_id, now)
    too_long = waited is not None and waited > PENDING_TOO_LONG
    label = fmt.status_label(status)
    if too_long and waited is not None:
        label += " " + fmt.span(waited.total_seconds()).split(" ")[0]
    return label, status_tone(status, too_long=too_long, stale=res.stale)


def derived_name(state: ExplorerState, worker_id: str) -> str | None:
    """A readable name from what the API gives, for a worker whose title is not known.

    The inbound email's name part ("brand-voice-analyzer-4821@…" -> "Brand voice
    analyzer"), else the task title of its latest delivery. Cleaned, unmarked.
    """
    email = state.email(worker_id)
    if email is not None:
        local = one_line(email.email, 200).partition("@")[0]
        words = " ".join(re.split(r"[-_.+]+", _EMAIL_SUFFIX.sub("", local))).strip()
        if words:
            return words[:1].upper() + words[1:]
    executions = state.executions(worker_id, 1)
    if executions is not None:
        for log in executions.logs:
            if log.task_title and log.task_title.strip():
                return one_line(log.task_title, 200)
    return None


def worker_name(
    state: ExplorerState, registry: Registry, worker_id: str, width: int = 26
) -> tuple[str, bool]:
    """The name to show and whether it is derived: the title, a derived name, or the id."""
    tracked = registry.get(worker_id)
    if tracked is not None and tracked.title and tracked.title.strip():
        return one_line(tracked.title, width), False
    derived = derived_name(state, worker_id)
    if derived:
        return one_line(DERIVED_MARK + derived, width), True
    return fmt.short_id(one_line(worker_id), width), False


@dataclass(frozen=True, slots=True)
class ListRow:
    """One worker's list row and what the status and name orders sort it by."""

    row: Row
    rank: int  # running, pending, error, completed, unknown
    name: str  # lower case, without the derived mark


def worker_row(state: ExplorerState, registry: Registry, worker_id: str, now: datetime) -> ListRow:
    """One worker's row of the list: status, title, changed, next run, last delivery."""
    title, derived = worker_name(state, registry, worker_id, 60)
    if Key(Kind.WORKER, worker_id) in state.resources:
        status = worker_status(state, worker_id)
        status_text, status_tone_ = status_cell(state, worker_id, now)
        changed_at = last_changed(state, worker_id)
    else:  # never asked yet (every row at start-up): what status_cell says, read once
        status, status_text, status_tone_, changed_at = None, "… loading", Tone.NEUTRAL, None
    sched_res = state.resources.get(Key(Kind.SCHEDULES, worker_id))
    if sched_res is None or not sched_res.loaded:
        next_cell = "…"
    else:
        nxt = next_run(state.schedules(worker_id))
        next_cell = fmt.until(nxt, now) if nxt else "—"
    exec_res = state.resources.get(Key(Kind.EXECUTIONS, worker_id, 1))
    hook_tone = Tone.NEUTRAL
    if exec_res is None or not exec_res.loaded:
        hook_cell = "n/a" if exec_res is not None and exec_res.error_status == 403 else "…"
    else:
        hook_cell, hook_tone = last_delivery_cell(state.executions(worker_id, 1), now)
        hook_tone = Tone.WARN if exec_res.stale and hook_tone is Tone.OK else hook_tone
    cells = (status_text, title, list_age(changed_at, now), next_cell, hook_cell)
    rank = _STATUS_ORDER.get(status or "", 2 if status else 4)
    if status == "completed" and status_tone_ is Tone.ERROR:
        rank = _STATUS_ORDER["error"]  # the last run ended in error or was aborted
    name = title.removeprefix(DERIVED_MARK).lower() if derived else title.lower()
    tones = (status_tone_, Tone.NEUTRAL, Tone.NEUTRAL, Tone.NEUTRAL, hook_tone)
    return ListRow(Row(worker_id, cells, tones), rank, name)


def matches(row: Row, needle: str) -> bool:
    """The filter: `needle` (stripped, lower case) in a cell or in the worker id."""
    return not needle or any(needle in c.lower() for c in (*row.cells, row.key.lower()))


def list_order(item: ListRow, index: int, sort: str) -> tuple[int | str, ...]:
    """Where a row goes in the status order (rank, name) or the name order; `index` (the
    tracking position) breaks ties."""
    return (item.rank, item.name, index) if sort == "status" else (item.name, index)


def worker_rows(
    state: ExplorerState,
    registry: Registry,
    *,
    now: datetime,
    filter_text: str = "",
    sort: str = "status",
) -> list[Row]:
    """The worker list, every row built now (`core.list_pace` keeps them between builds)."""
    needle = filter_text.strip().lower()
    rows: list[tuple[tuple[int | str, ...], Row]] = []
    for index, worker_id in enumerate(registry.ids()):
        item = worker_row(state, registry, worker_id, now)
        if matches(item.row, needle):
            rows.append((list_order(item, index, sort), item.row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _order, row in rows]


def schedule_when(schedule: models.WorkerSchedule) -> str:
    """'after 1h', 'every 15m', the cron expression, 'once, at ...'; '?' and the type for a
    schedule whose type or shape this client does not know (never an invented 0)."""
    if isinstance(schedule, models.UnknownSchedule):
        return one_line(f"? {schedule.type or 'no type'}", 40)
    if isinstance(schedule, models.DelayedSchedule):
        return f"after {fmt.span(int(schedule.delay_in_seconds))}"
    if isinstance(schedule, models.IntervalSchedule):
        return fmt.every(int(schedule.interval_seconds))
    if isinstance(schedule, models.CronSchedule):
        return one_line(schedule.cron, 80)
    return "once, at " + fmt.local_time(fmt.parse_time(schedule.next_run_at))


def schedule_about(schedule: models.WorkerSchedule) -> str:
    """A cron expression in words; empty for the other kinds (and a cron without one)."""
    if not isinstance(schedule, models.CronSchedule):
        return ""
    return fmt.describe_cron(one_line(schedule.cron, 80))


def unreadable_key(item: models.UnreadableSchedule | models.UnreadableExecution, index: int) -> str:
    """The row key of an unreadable item: its id when it had one, else a marked position."""
    return item.id or f"(unreadable #{index + 1})"


def unreadable_note(item: models.Unreadable) -> str:
    """'✘ unreadable: <why>', cleaned, for the row of an item that could not be read."""
    return one_line(f"✘ unreadable: {item.reason}", 200)


def schedule_rows(schedules: models.ScheduleList | None, now: datetime) -> list[Row]:
    """Type, when, next run (local), in, budget, input, cron in words.

    A schedule that could not be read is one row saying why (the rest are shown).
    """
    rows = []
    for index, s in enumerate(_schedules(schedules)):
        if isinstance(s, models.UnreadableSchedule):
            cells = (
                one_line(s.type or "?", 20),
                unreadable_note(s),
                "—",
                "—",
                one_line(s.budget or "—", 20),
                one_line(s.input or "", 60),
                "",
            )
            rows.append(Row(unreadable_key(s, index), cells, (Tone.WARN, Tone.WARN)))
            continue
        nxt = fmt.parse_time(s.next_run_at)
        overdue = nxt is not None and (now - fmt.aware(nxt)).total_seconds() > OVERDUE_GRACE
        rows.append(
            Row(
                s.id,
                (
                    one_line(s.type, 20),
                    schedule_when(s),
                    fmt.local_time(nxt, now),
                    fmt.relative(nxt, now),
                    one_line(s.budget or "—", 20),
                    one_line(s.input, 60),
                    schedule_about(s),
                ),
                (Tone.NEUTRAL, Tone.NEUTRAL, Tone.NEUTRAL, Tone.WARN if overdue else Tone.NEUTRAL),
            )
        )
    return rows


def execution_rows(executions: models.WebhookExecutionList | None, now: datetime) -> list[Row]:
    """Time, result, HTTP status, duration, task title, error message (newest first)."""
    rows = []
    for index, e in enumerate([] if executions is None else executions.logs):
        if isinstance(e, models.UnreadableExecution):
            cells = (
                "—",
                one_line(e.request_status or "?", 30),
                "—",
                "—",
                one_line(e.task_title or "—", 80),
                unreadable_note(e),
            )
            tones = (Tone.NEUTRAL, delivery_tone(e.request_status), *(Tone.NEUTRAL,) * 3, Tone.WARN)
            rows.append(Row(unreadable_key(e, index), cells, tones))
            continue
        status = e.request_status or "?"
        result = (
            "✔ success"
            if status == "success"
            else ("✘ error" if status == "error" else f"? {status}")
        )
        http = e.response_status
        rows.append(
            Row(
                e.id,
                (
                    fmt.local_time(fmt.parse_time(e.created_at), now),
                    one_line(result, 30),
                    "—" if http is None else str(http),
                    fmt.duration_ms(e.duration_ms),
                    one_line(e.task_title or "—", 80),
                    one_line(e.error_message or "", 200),
                ),
                (Tone.NEUTRAL, delivery_tone(status), *(Tone.NEUTRAL,) * 3, delivery_tone(status)),
            )
        )
    return rows


def pager(executions: models.WebhookExecutionList | None) -> str:
    """'page 2 of 3 · 112 deliveries'; never 'of 0', never fewer pages than the current one."""
    if executions is None:
        return ""
    page = max(int(executions.page), 1)
    count = max(math.ceil(executions.page_count), page)
    total = executions.total_count
    if total is None:
        return f"page {page} of {count}"
    noun = "delivery" if total == 1 else "deliveries"
    return f"page {page} of {count} · {total} {noun}"


def detail_fields(
    state: ExplorerState, registry: Registry, worker_id: str, now: datetime
) -> list[tuple[str, str]]:
    """The header of the detail pane: template fields, state, usage, links, email."""
    tracked = registry.get(worker_id)
    worker = state.worker(worker_id)
    email = state.email(worker_id)
    title, derived = worker_name(state, registry, worker_id, 200)
    if derived:
        title += " (derived: the title is not known yet)"
    elif tracked is None or not tracked.title or not tracked.title.strip():
        title = "—"
    fields: list[tuple[str, str]] = [("Title", title)]
    fields.append(("Id", one_line(worker_id)))
    status = worker_status(state, worker_id)
    res = state.resources.get(Key(Kind.WORKER, worker_id))
    if res is not None and res.gone:
        fields.append(("Status", "✘ not found (deleted, or not visible to this API key)"))
    elif never_run(worker):
        fields.append(("Status", NEVER_RUN + " (no task yet)"))
    elif status:
        fields.append(("Status", status_cell(state, worker_id, now)[0]))
    else:
        fields.append(("Status", f"… ({res.error})" if res is not None and res.error else "…"))
    error = run_error(worker)
    if error is not None:
        fields.append(("Error", error))
    changed = last_changed(state, worker_id)
    if changed is not None:
        fields.append(("Changed", f"{fmt.local_time(changed, now)} ({fmt.relative(changed, now)})"))
    summary = tracked.summary if tracked is not None else None
    if summary:
        fields.append(("Summary", one_line(summary, 200)))
    if tracked is not None and tracked.template_known:
        fields.append(("Visibility", one_line(tracked.visibility or "unknown", 200)))
    usage = None if worker is None else worker.usage
    if usage is not None:
        credits = usage.credits
        parts = [f"{credits} credits" if credits is not None else None]
        parts.append(fmt.duration_ms(usage.duration_ms))
        fields.append(("Usage", " · ".join(p for p in parts if p)))
    url = (worker.url if worker is not None else None) or (
        tracked.url if tracked is not None else None
    )
    if url:
        fields.append(("Dashboard", one_line(url, 300)))
    if email is not None:
        fields.append(("Email", one_line(email.email, 200)))
    if worker is not None and worker.model_extra:
        fields.append(("Also sent", extra_fields(worker.model_extra)))
    return fields


def extra_fields(extra: dict[str, Any]) -> str:
    """Keys the reference does not document, as sent: 'name=value, ...' on one line."""
    parts = (
        f"{key}={json.dumps(value, ensure_ascii=False, default=str)}"
        for key, value in extra.items()
    )
    return one_line(", ".join(parts), 200)


def instructions(registry: Registry, worker_id: str) -> str:
    tracked = registry.get(worker_id)
    return (tracked.instructions if tracked is not None else None) or ""


def sources(worker: models.Worker | None) -> list[tuple[str, str]]:
    """Title and URL of each source; one that could not be read says why."""
    if worker is None:
        return []
    out = []
    for s in worker.sources:
        title = s.title or "(untitled)"
        if isinstance(s, models.UnreadableSource):
            title = f"{s.title or ''} ✘ unreadable: {s.reason}".strip()
        out.append((one_line(title, 120), one_line(s.url, 300)))
    return out


def files(worker: models.Worker | None) -> list[tuple[str, str, str]]:
    """Name, media type and size of each file; one that could not be read says why."""
    if worker is None:
        return []
    out = []
    for f in worker.files:
        name = f.filename or "(unnamed)"
        if isinstance(f, models.UnreadableFile):
            name = f"{f.filename or ''} ✘ unreadable: {f.reason}".strip()
        out.append(
            (
                one_line(name, 120),
                one_line(f.media_type or "?", 60),
                fmt.size(None if f.size is None else int(f.size)),
            )
        )
    return out
