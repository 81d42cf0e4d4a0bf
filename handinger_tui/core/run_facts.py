"""What is known about the run that produced a worker's output, and finding text in it.

The API does not say which task produced a worker's output. The candidates are the runs
started here (``ExplorerState.started_tasks``) and the task of the worker's latest webhook
delivery; of those looked up (``GET /api/tasks/{id}``), the newest is taken. A field that
nothing tells is :data:`UNKNOWN`, never guessed. Every string is cleaned (``safe_text``).

While the worker runs, the facts are of the run going on: its status is the worker's, and
the credits and duration (``Worker.usage``) are that run's. A known task that has already
ended is an earlier run: its fields are not shown as this run's, only named as earlier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from handinger_tui.api.models import TaskWithTurns, Worker
from handinger_tui.core import formatting as fmt
from handinger_tui.core.safe_text import clean, one_line
from handinger_tui.core.state import ExplorerState

__all__ = [
    "MAX_MATCHES",
    "UNKNOWN",
    "Match",
    "RunFacts",
    "find_matches",
    "run_facts",
    "task_candidates",
    "worker_json",
]

UNKNOWN: Final = "unknown"
MAX_MATCHES: Final = 10_000
"""Search stops counting here: a one-letter search in 5 MB must stay quick."""
_OLDEST: Final = datetime.min.replace(tzinfo=UTC)
_UNDER_WAY: Final = frozenset({"pending", "running"})  # task statuses of a run not yet ended


@dataclass(frozen=True, slots=True)
class RunFacts:
    """The run behind an output, every field cleaned and one line."""

    trigger: str = UNKNOWN
    task_id: str = UNKNOWN
    title: str = UNKNOWN
    status: str = UNKNOWN
    input: str = UNKNOWN
    credits: str = UNKNOWN
    duration: str = UNKNOWN
    earlier: str = ""  # the last task known, when it is an earlier run than this one

    def rows(self) -> list[tuple[str, str]]:
        """Label and value, in the order the header shows them."""
        rows = [
            ("Trigger", self.trigger),
            ("Task", self.task_id),
            ("Title", self.title),
            ("Run status", self.status),
            ("Input", self.input),
            ("Credits", self.credits),
            ("Duration", self.duration),
        ]
        return rows + ([("Earlier run", self.earlier)] if self.earlier else [])


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of the searched text: line index and column."""

    line: int
    column: int


def task_candidates(state: ExplorerState, worker_id: str) -> list[str]:
    """Task ids that may have produced the output: runs started here (newest first), then
    the task of the latest delivery."""
    found = [tid for tid, owner in reversed(state.started_tasks.items()) if owner == worker_id]
    executions = state.executions(worker_id)
    if executions is not None:
        for log in executions.logs[:1]:
            if log.task_id and log.task_id not in found:
                found.append(log.task_id)
    return found


def _newest(state: ExplorerState, worker_id: str, candidates: list[str]) -> TaskWithTurns | None:
    loaded = [t for tid in candidates if (t := state.task(worker_id, tid)) is not None]
    if not loaded:
        return None
    return max(loaded, key=lambda t: fmt.parse_time(t.task.created_at) or _OLDEST)


def _number(value: float | None) -> str:
    if value is None:
        return UNKNOWN
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def run_facts(
    state: ExplorerState, worker_id: str, looked_up: TaskWithTurns | None = None
) -> RunFacts:
    """What the state tells of the run behind the worker's output.

    ``looked_up`` is a task fetched for this view, used when the state holds none.
    """
    task = _newest(state, worker_id, task_candidates(state, worker_id)) or looked_up
    worker = state.worker(worker_id)
    usage = worker.usage if worker is not None else None
    credits = usage.credits if usage is not None else None
    duration = usage.duration_ms if usage is not None else None
    running = worker is not None and (worker.running or worker.status == "running")
    if task is not None and running and task.task.status not in _UNDER_WAY:
        return RunFacts(  # the task known ended before this run began
            status="running",
            credits=_number(credits),
            duration=_duration(duration),
            earlier=f"task {one_line(task.task.id, 80)} ({one_line(task.task.status, 20)})",
        )
    if task is None:
        return RunFacts(
            status="running" if running else UNKNOWN,
            credits=_number(credits),
            duration=_duration(duration),
        )
    turns = [turn for turn in task.turns if turn.input]
    run_input = one_line(turns[-1].input, 400) if turns else ""
    return RunFacts(
        trigger=one_line(task.task.triggered_by or UNKNOWN, 20),
        task_id=one_line(task.task.id, 80),
        title=one_line(task.task.title, 200) or "(untitled)",
        status="running" if running else one_line(task.task.status, 20),
        input=run_input or UNKNOWN,
        credits=_number(credits if credits is not None else task.task.totals.credits),
        duration=_duration(duration if duration is not None else task.task.totals.duration_ms),
    )


def _duration(ms: float | None) -> str:
    return UNKNOWN if ms is None else fmt.duration_ms(ms)


def worker_json(worker: Worker) -> str:
    """The worker's state as pretty JSON, wire names, unknown fields kept; cleaned."""
    data = worker.model_dump(mode="json", by_alias=True)
    return clean(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str))


def find_matches(lines: list[str], needle: str, limit: int = MAX_MATCHES) -> list[Match]:
    """Where `needle` occurs in `lines`, ignoring case, at most `limit` of them."""
    wanted = needle.lower()
    if not wanted:
        return []
    found: list[Match] = []
    for index, line in enumerate(lines):
        folded = line.lower()
        if len(folded) != len(line):  # lowering moved the columns: match the case as typed
            folded, target = line, needle
        else:
            target = wanted
        column = folded.find(target)
        while column >= 0:
            found.append(Match(index, column))
            if len(found) >= limit:
                return found
            column = folded.find(target, column + len(target))
    return found
