"""Problems, agenda and coverage: ordering, grouping, and what each problem says."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from handinger_tui.api import models
from handinger_tui.core import triage
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource, Trouble
from handinger_tui.core.triage import Severity
from tests.support import examples

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _put(state: ExplorerState, key: Key, value: object, at: datetime = NOW) -> None:
    state.resources[key] = Resource(value=value, fetched_at=at)


def _worker(wid: str, status: str = "completed", **extra: Any) -> models.Worker:
    data = {**copy.deepcopy(examples.WORKER), "id": wid, "status": status, **extra}
    data["running"] = status in ("pending", "running")
    return models.Worker.model_validate(data)


def _deliveries(*results: str, start: datetime = NOW, pages: int = 1) -> Any:
    logs = []
    for n, result in enumerate(results):
        log = copy.deepcopy(examples.WEBHOOK_EXECUTIONS["logs"][0 if result == "ok" else 1])
        log["id"] = f"whe_{n}"
        log["createdAt"] = _iso(start - timedelta(hours=n))
        if result != "ok":
            log["responseStatus"] = 502
            log["errorMessage"] = "Bad gateway \x1b[2J[bold]x[/bold]"
        logs.append(log)
    return models.WebhookExecutionList.model_validate(
        {"logs": logs, "page": 1, "pageCount": pages, "totalCount": len(logs) * pages}
    )


def _schedules(*runs: tuple[str, datetime]) -> models.ScheduleList:
    items = []
    for n, (kind, when) in enumerate(runs):
        base = copy.deepcopy(examples.SCHEDULE_LIST["schedules"][0 if kind == "cron" else 1])
        base["id"] = f"sch_{kind}_{n}"
        base["nextRunAt"] = _iso(when)
        items.append(base)
    return models.ScheduleList.model_validate({"schedules": items})


def _task(wid: str, task_id: str, status: str) -> models.TaskWithTurns:
    data = copy.deepcopy(examples.TASK_WITH_TURNS)
    data["task"].update(id=task_id, status=status, workerId=wid)
    return models.TaskWithTurns.model_validate(data)


def test_problems_come_most_severe_first_then_oldest_first() -> None:
    state = ExplorerState()
    ids = ["w_gone", "w_stuck", "w_overdue", "w_hook", "w_task", "w_hook_old"]
    state.resources[Key(Kind.WORKER, "w_gone")] = Resource(gone=True, trouble=Trouble.NOT_FOUND)
    _put(state, Key(Kind.WORKER, "w_stuck"), _worker("w_stuck", "pending"))
    state.status_changed_at["w_stuck"] = NOW - timedelta(minutes=47)
    _put(state, Key(Kind.SCHEDULES, "w_overdue"), _schedules(("delayed", NOW - timedelta(hours=2))))
    _put(state, Key(Kind.EXECUTIONS, "w_hook", 1), _deliveries("fail", "fail", "ok"))
    _put(
        state,
        Key(Kind.EXECUTIONS, "w_hook_old", 1),
        _deliveries("fail", start=NOW - timedelta(days=1)),
    )
    _put(state, Key(Kind.TASK, "w_task", ref="tsk_1"), _task("w_task", "tsk_1", "error"))
    _put(state, Key(Kind.TASK, "w_task", ref="tsk_2"), _task("w_task", "tsk_2", "completed"))

    found = triage.problems(state, ids, NOW)

    assert [(p.severity, p.worker_id) for p in found] == [
        (Severity.WEBHOOK_FAILING, "w_hook_old"),
        (Severity.WEBHOOK_FAILING, "w_hook"),
        (Severity.RUN_FAILED, "w_task"),
        (Severity.STUCK, "w_stuck"),
        (Severity.OVERDUE, "w_overdue"),
        (Severity.NOT_FOUND, "w_gone"),
    ]
    hook = found[1]
    assert hook.what == "2 deliveries failed in a row"
    assert hook.since == NOW - timedelta(hours=1)  # the first failure of the streak
    assert hook.detail.startswith("HTTP 502: Bad gateway")
    assert "\x1b" not in hook.detail  # cleaned
    assert hook.pane == "webhook"
    assert found[2].ref == "tsk_1" and found[2].what.startswith("run error")
    assert found[3].what == "pending for 47m" and found[3].pane == "detail"
    assert found[4].pane == "schedules"


def test_a_streak_over_the_whole_page_says_there_may_be_more() -> None:
    state = ExplorerState()
    _put(state, Key(Kind.EXECUTIONS, "w", 1), _deliveries("fail", "fail", pages=3))
    (problem,) = triage.problems(state, ["w"], NOW)
    assert problem.what == "2+ deliveries failed in a row"


def test_the_stuck_threshold_is_configurable_and_a_recovered_webhook_is_no_problem() -> None:
    state = ExplorerState()
    _put(state, Key(Kind.WORKER, "w"), _worker("w", "running"))
    state.status_changed_at["w"] = NOW - timedelta(minutes=5)
    _put(state, Key(Kind.EXECUTIONS, "w", 1), _deliveries("ok", "fail", "fail"))
    assert triage.problems(state, ["w"], NOW) == []
    (stuck,) = triage.problems(state, ["w"], NOW, stuck_after=timedelta(minutes=3))
    assert stuck.severity is Severity.STUCK


def test_untracked_workers_are_not_problems() -> None:
    state = ExplorerState()
    state.resources[Key(Kind.WORKER, "w")] = Resource(gone=True, trouble=Trouble.NOT_FOUND)
    assert triage.problems(state, [], NOW) == []


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """'Today' is the operator's local day: pinned to UTC for the test, then restored."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_agenda_sorts_by_next_run_and_groups_next_hour_today_later(utc: None) -> None:
    state = ExplorerState()
    _put(
        state,
        Key(Kind.SCHEDULES, "a"),
        _schedules(("cron", NOW + timedelta(days=1)), ("delayed", NOW + timedelta(minutes=30))),
    )
    _put(
        state,
        Key(Kind.SCHEDULES, "b"),
        _schedules(("delayed", NOW + timedelta(hours=3)), ("delayed", NOW + timedelta(minutes=5))),
    )
    groups = triage.agenda(state, ["a", "b"], NOW)
    assert [g.title for g in groups] == ["next hour", "today", "later"]
    assert [(i.worker_id, i.next_run) for g in groups for i in g.items] == [
        ("b", NOW + timedelta(minutes=5)),
        ("a", NOW + timedelta(minutes=30)),
        ("b", NOW + timedelta(hours=3)),
        ("a", NOW + timedelta(days=1)),
    ]
    cron = groups[2].items[0]
    assert cron.kind == "cron" and cron.when == "0 8 * * 1-5" and cron.about
    assert cron.budget == "standard" and cron.input == "Daily brand audit of the blog"


def test_agenda_leaves_out_empty_groups() -> None:
    state = ExplorerState()
    _put(state, Key(Kind.SCHEDULES, "a"), _schedules(("cron", NOW + timedelta(days=3))))
    assert [g.title for g in triage.agenda(state, ["a"], NOW)] == ["later"]
    assert triage.agenda(ExplorerState(), ["a"], NOW) == []


def test_coverage_counts_workers_fully_answered_and_the_oldest_answer() -> None:
    state = ExplorerState()
    for wid, at in (("a", NOW - timedelta(minutes=9)), ("b", NOW - timedelta(minutes=2))):
        _put(state, Key(Kind.WORKER, wid), _worker(wid), at)
        _put(state, Key(Kind.SCHEDULES, wid), _schedules(), at)
        _put(state, Key(Kind.EXECUTIONS, wid, 1), _deliveries(), at)
    _put(state, Key(Kind.WORKER, "c"), _worker("c"))  # schedules and deliveries not yet
    state.resources[Key(Kind.WORKER, "d")] = Resource(gone=True, trouble=Trouble.NOT_FOUND)
    cov = triage.coverage(state, ["a", "b", "c", "d", "e"])
    assert (cov.checked, cov.total) == (3, 5)
    assert cov.describe(NOW) == "3 of 5 workers checked, oldest 9m ago"


def test_forgetting_a_worker_forgets_the_runs_started_on_it() -> None:
    state = ExplorerState()
    state.started_tasks.update({"tsk_1": "a", "tsk_2": "b"})
    _put(state, Key(Kind.TASK, "a", ref="tsk_1"), _task("a", "tsk_1", "error"))
    state.forget("a")
    assert state.started_tasks == {"tsk_2": "b"}
    assert triage.problems(state, ["a", "b"], NOW) == []
