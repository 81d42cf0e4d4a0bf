"""Run facts while the worker runs: the status, credits and duration are of one run."""

from __future__ import annotations

from typing import Any

from handinger_tui.api.models import TaskWithTurns, Worker
from handinger_tui.core.run_facts import UNKNOWN, run_facts
from handinger_tui.core.state import ExplorerState, Key, Kind

WID = "wkr_1"


def state_with(task_status: str | None, **worker: Any) -> ExplorerState:
    """A worker, and (unless `task_status` is None) a task started here with that status."""
    state = ExplorerState()
    state.resource(Key(Kind.WORKER, WID)).value = Worker.model_validate({"id": WID, **worker})
    if task_status is not None:
        state.started_tasks["tsk_1"] = WID
        state.resource(Key(Kind.TASK, WID, ref="tsk_1")).value = TaskWithTurns.model_validate(
            {
                "task": {
                    "id": "tsk_1",
                    "status": task_status,
                    "title": "Price check",
                    "createdAt": "2026-11-30T09:00:00Z",
                    "triggeredBy": "api",
                    "totals": {"credits": 9, "durationMs": 61_000, "turnCount": 1},
                },
                "turns": [{"id": "trn_1", "input": "check prices", "role": "user"}],
            }
        )
    return state


RUNNING = {"status": "running", "running": True, "usage": {"credits": 3, "durationMs": 4_000}}


def test_an_ended_task_is_named_as_an_earlier_run_not_shown_as_this_one() -> None:
    facts = run_facts(state_with("completed", **RUNNING), WID)
    assert facts.status == "running"
    assert (facts.task_id, facts.title, facts.trigger, facts.input) == (UNKNOWN,) * 4
    assert facts.credits == "3"  # the usage of the run going on, not the earlier task's 9
    assert facts.earlier == "task tsk_1 (completed)"
    assert ("Earlier run", "task tsk_1 (completed)") in facts.rows()


def test_the_task_of_the_run_going_on_is_shown_with_the_workers_status() -> None:
    facts = run_facts(state_with("pending", **RUNNING), WID)  # the task seen before it began
    assert (facts.status, facts.task_id, facts.input) == ("running", "tsk_1", "check prices")
    assert facts.earlier == "" and all(label != "Earlier run" for label, _ in facts.rows())


def test_a_running_worker_with_no_task_known_still_says_running() -> None:
    facts = run_facts(state_with(None, **RUNNING), WID)
    assert (facts.status, facts.task_id, facts.credits) == ("running", UNKNOWN, "3")


def test_a_worker_at_rest_shows_its_last_task_as_before() -> None:
    facts = run_facts(state_with("error", status="completed"), WID)
    assert (facts.status, facts.task_id, facts.earlier) == ("error", "tsk_1", "")
