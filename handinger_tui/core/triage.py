"""Across every tracked worker: what is failing (problems), what runs next (agenda), and how
much of it the background sweep has checked (coverage). Pure derivations of the state.

Every string here that came from the server has been through `safe_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, Final

from handinger_tui.api.on_use import models  # pydantic loads after the first frame
from handinger_tui.core import formatting as fmt
from handinger_tui.core import news, views
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource, Trouble

if TYPE_CHECKING:
    from handinger_tui.core.registry import Registry

STUCK_AFTER: Final = timedelta(minutes=10)
"""A run pending or running longer than this is a problem (`[refresh] stuck_after`)."""
FAILED_TASKS: Final = frozenset({"error", "aborted"})
ANSWERED: Final = frozenset({Trouble.NOT_FOUND, Trouble.DENIED})
"""A failure that is still an answer about the worker: it counts as checked."""


class Severity(IntEnum):
    """The kinds of problem, most severe first."""

    WEBHOOK_FAILING = 0
    RUN_FAILED = 1
    STUCK = 2
    OVERDUE = 3
    NOT_FOUND = 4


LABELS: Final = {
    Severity.WEBHOOK_FAILING: "✘ webhook failing",
    Severity.RUN_FAILED: "✘ run failed",
    Severity.STUCK: "◌ stuck",
    Severity.OVERDUE: "◷ overdue schedule",
    Severity.NOT_FOUND: "? not found",
}
PANES: Final = {
    Severity.WEBHOOK_FAILING: "webhook",
    Severity.RUN_FAILED: "detail",
    Severity.STUCK: "detail",
    Severity.OVERDUE: "schedules",
    Severity.NOT_FOUND: "detail",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of one worker: what, since when, and the details, all cleaned."""

    severity: Severity
    worker_id: str
    since: datetime | None
    what: str
    detail: str
    ref: str = ""  # the task or schedule it is about

    @property
    def key(self) -> str:
        return f"{self.severity.name}:{self.worker_id}:{self.ref}"

    @property
    def pane(self) -> str:
        """The pane that shows it (Enter jumps there)."""
        return PANES[self.severity]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One schedule of one worker, as the agenda lists it (cleaned)."""

    worker_id: str
    schedule_id: str
    next_run: datetime | None
    kind: str
    when: str
    about: str
    budget: str
    input: str

    @property
    def key(self) -> str:
        return f"{self.worker_id}:{self.schedule_id}"


@dataclass(frozen=True, slots=True)
class AgendaGroup:
    title: str  # "next hour", "today", "later"
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the tracked list is known, and how old the oldest of it is."""

    checked: int
    total: int
    oldest: datetime | None

    def describe(self, now: datetime) -> str:
        """'482 of 500 workers checked, oldest 9m ago'."""
        noun = "worker" if self.total == 1 else "workers"
        text = f"{self.checked} of {self.total} {noun} checked"
        if self.oldest is not None:
            age = fmt.ago(self.oldest, now)
            text += f", oldest {'just now' if age == 'now' else age}"
        return text


def _answered(res: Resource[object] | None) -> bool:
    return res is not None and (res.loaded or res.trouble in ANSWERED)


def checked(state: ExplorerState, wid: str) -> tuple[bool, datetime | None]:
    """Whether a worker's state, schedules and latest deliveries have all been answered,
    and when the oldest of them was fetched."""
    found = [
        state.resources.get(Key(Kind.WORKER, wid)),
        state.resources.get(Key(Kind.SCHEDULES, wid)),
        state.resources.get(Key(Kind.EXECUTIONS, wid, 1)),
    ]
    worker = found[0]
    if worker is not None and worker.gone:
        found = found[:1]  # a worker that is not there has nothing else to ask
    if not all(_answered(res) for res in found):
        return False, None
    times = [fmt.aware(res.fetched_at) for res in found if res is not None and res.fetched_at]
    return True, min(times) if times else None


def coverage(state: ExplorerState, tracked: Sequence[str]) -> Coverage:
    """Workers whose state, schedules and latest deliveries have all been answered."""
    return sum_coverage((checked(state, wid) for wid in tracked), len(tracked))


def sum_coverage(parts: Iterable[tuple[bool, datetime | None]], total: int) -> Coverage:
    """The coverage of `total` workers from each one's `checked`."""
    count, oldest = 0, None
    for answered, at in parts:
        if answered:
            count += 1
            if at is not None:
                oldest = at if oldest is None else min(oldest, at)
    return Coverage(count, total, oldest)


class KeptCoverage:
    """`coverage` kept per worker: a call reads again only the workers with news."""

    def __init__(self, state: ExplorerState, heard: news.Reader) -> None:
        self.kept = news.PerWorker(heard, lambda wid, _now: (checked(state, wid), None))

    def __call__(self, registry: Registry, now: datetime) -> Coverage:
        self.kept.update(registry, now)
        kept = self.kept
        return sum_coverage((kept[wid] for wid in registry.ids()), len(registry))


# -- problems -----------------------------------------------------------------------------


def _failing_webhook(wid: str, executions: models.WebhookExecutionList | None) -> Problem | None:
    """The latest deliveries failed: since the first of them, how many, the last error."""
    if executions is None or not executions.logs:
        return None
    logs = executions.logs
    if logs[0].request_status != "error":
        return None
    streak = 0
    for log in logs:
        if log.request_status != "error":
            break
        streak += 1
    more = "+" if streak == len(logs) and executions.page_count > 1 else ""
    noun = "delivery" if streak == 1 and not more else "deliveries"
    last = logs[0]
    status = (
        f"HTTP {int(last.response_status)}" if last.response_status is not None else "no answer"
    )
    error = one_line(last.error_message or "no error message", 120)
    return Problem(
        Severity.WEBHOOK_FAILING,
        wid,
        fmt.parse_time(logs[streak - 1].created_at),
        f"{streak}{more} {noun} failed in a row",
        error if error.startswith(status) else f"{status}: {error}",
    )


def task_keys(state: ExplorerState) -> dict[str, list[Key]]:
    """The keys of the tasks looked up by the sweep, by worker (one pass over the keys)."""
    out: dict[str, list[Key]] = {}
    for key in state.resources:
        if key.kind is Kind.TASK:
            out.setdefault(key.worker_id, []).append(key)
    return out


def _failed_tasks(state: ExplorerState, keys: Sequence[Key]) -> list[Problem]:
    """Tasks looked up by the sweep that ended in error or were aborted."""
    out: list[Problem] = []
    for key in keys:
        looked_up = state.task(key.worker_id, key.ref)
        if looked_up is None:
            continue
        task = looked_up.task
        if task.status not in FAILED_TASKS:
            continue
        title = one_line(task.title or "untitled", 80)
        trigger = one_line(task.triggered_by or "?", 20)
        out.append(
            Problem(
                Severity.RUN_FAILED,
                key.worker_id,
                fmt.parse_time(task.completed_at) or fmt.parse_time(task.created_at),
                f"run {one_line(task.status, 20)}: {title}",
                f"task {one_line(task.id, 40)}, by {trigger}",
                ref=task.id,
            )
        )
    return out


def _failed_run(state: ExplorerState, wid: str, worker: models.Worker | None) -> Problem | None:
    """The worker's own latest run ended early (its state says so)."""
    early = views.ended_early(worker)
    if early is None or worker is None or worker.status != "completed":
        return None
    error = worker.error
    message = error.get("message") if isinstance(error, dict) else None
    return Problem(
        Severity.RUN_FAILED,
        wid,
        views.last_changed(state, wid),
        f"last run {early}",
        one_line(message if isinstance(message, str) and message else "no message", 120),
    )


def _overdue(wid: str, schedules: models.ScheduleList | None, now: datetime) -> list[Problem]:
    if schedules is None:
        return []
    out = []
    for s in schedules.schedules:
        if isinstance(s, models.UnreadableSchedule):
            continue
        nxt = fmt.parse_time(s.next_run_at)
        if nxt is None or (now - fmt.aware(nxt)).total_seconds() <= views.OVERDUE_GRACE:
            continue
        out.append(
            Problem(
                Severity.OVERDUE,
                wid,
                nxt,
                f"{one_line(s.type or '?', 20)} {views.schedule_when(s)} did not run",
                f"due {fmt.relative(nxt, now)}; input: {one_line(s.input, 60) or '—'}",
                ref=s.id,
            )
        )
    return out


def worker_problems(
    state: ExplorerState,
    wid: str,
    now: datetime,
    tasks: Sequence[Key] = (),
    *,
    stuck_after: timedelta = STUCK_AFTER,
) -> tuple[list[Problem], datetime | None]:
    """One worker's problems (`tasks`: its task keys), and when they may change with time
    alone: now for a stuck run or an overdue schedule (their words say for how long),
    else when a run would become stuck or a schedule overdue; None when never."""
    res = state.resources.get(Key(Kind.WORKER, wid))
    if res is not None and res.gone:
        gone = Problem(
            Severity.NOT_FOUND,
            wid,
            None,
            "the API answers 404",
            "deleted, or not visible to this key",
        )
        return [gone], None
    found: list[Problem] = []
    worker = state.worker(wid)
    hook = _failing_webhook(wid, state.executions(wid, 1))
    if hook is not None:
        found.append(hook)
    failed = _failed_tasks(state, tasks)
    found += failed
    run = None if failed else _failed_run(state, wid, worker)
    if run is not None:
        found.append(run)
    changes: list[datetime] = []
    waited = views.waiting_for(state, wid, now)
    if waited is not None and waited > stuck_after:
        status = views.worker_status(state, wid) or "pending"
        found.append(
            Problem(
                Severity.STUCK,
                wid,
                now - waited,
                f"{status} for {fmt.span(waited.total_seconds())}",
                f"longer than {fmt.span(stuck_after.total_seconds())}",
            )
        )
        changes.append(now)
    elif waited is not None:
        changes.append(now - waited + stuck_after + timedelta(seconds=1))
    schedules = state.schedules(wid)
    overdue = _overdue(wid, schedules, now)
    found += overdue
    if overdue:
        changes.append(now)
    for s in [] if schedules is None else schedules.schedules:
        nxt = None if isinstance(s, models.UnreadableSchedule) else fmt.parse_time(s.next_run_at)
        if nxt is not None:
            due = fmt.aware(nxt) + timedelta(seconds=views.OVERDUE_GRACE + 1)
            changes.append(max(due, now))
    return found, min(changes) if changes else None


def sort_problems(found: Iterable[Problem], now: datetime) -> list[Problem]:
    """Most severe first, then the oldest."""
    oldest = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(
        found,
        key=lambda p: (p.severity, oldest if p.since is None else fmt.aware(p.since), p.key),
    )


def problems(
    state: ExplorerState,
    tracked: Sequence[str],
    now: datetime,
    *,
    stuck_after: timedelta = STUCK_AFTER,
) -> list[Problem]:
    """Every known problem of the tracked workers, most severe first, then the oldest."""
    tasks = task_keys(state)
    found: list[Problem] = []
    for wid in tracked:
        found += worker_problems(state, wid, now, tasks.get(wid, ()), stuck_after=stuck_after)[0]
    return sort_problems(found, now)


# -- agenda -------------------------------------------------------------------------------

GROUPS: Final = ("next hour", "today", "later")


def _group(next_run: datetime | None, now: datetime) -> str:
    if next_run is None:
        return "later"
    at = fmt.aware(next_run)
    if at - now <= timedelta(hours=1):
        return "next hour"  # and anything overdue
    if at.astimezone().date() == now.astimezone().date():
        return "today"
    return "later"


def worker_agenda(state: ExplorerState, wid: str) -> tuple[AgendaItem, ...]:
    """One worker's schedules as agenda items (unreadable ones left out)."""
    schedules = state.schedules(wid)
    if schedules is None:
        return ()
    return tuple(
        AgendaItem(
            wid,
            one_line(s.id, 80),
            fmt.parse_time(s.next_run_at),
            one_line(s.type or "?", 20),
            views.schedule_when(s),
            views.schedule_about(s),
            one_line(s.budget or "—", 20),
            one_line(s.input, 80),
        )
        for s in schedules.schedules
        if not isinstance(s, models.UnreadableSchedule)
    )


def by_next_run(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    """The items by next run (never-known last), then by key."""
    latest = datetime.max.replace(tzinfo=UTC)
    return sorted(
        items, key=lambda i: (latest if i.next_run is None else fmt.aware(i.next_run), i.key)
    )


def group_agenda(ordered: Iterable[AgendaItem], now: datetime) -> list[AgendaGroup]:
    """Items already by next run, grouped: next hour, today, later; empty groups left out."""
    grouped: dict[str, list[AgendaItem]] = {title: [] for title in GROUPS}
    for item in ordered:
        grouped[_group(item.next_run, now)].append(item)
    return [AgendaGroup(title, tuple(grouped[title])) for title in GROUPS if grouped[title]]


def agenda(state: ExplorerState, tracked: Sequence[str], now: datetime) -> list[AgendaGroup]:
    """Every schedule of every tracked worker by next run, grouped; empty groups left out."""
    items = (item for wid in tracked for item in worker_agenda(state, wid))
    return group_agenda(by_next_run(items), now)


def names(state: ExplorerState, registry: Registry, worker_ids: Sequence[str]) -> dict[str, str]:
    """The name to show for each worker (title, a marked derived name, or the id)."""
    return {wid: views.worker_name(state, registry, wid)[0] for wid in worker_ids}
