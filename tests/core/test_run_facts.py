"""What the output view tells of the run behind an output, and its search."""

from __future__ import annotations

from typing import Any

from handinger_tui.api.models import TaskWithTurns, WebhookExecutionList, Worker
from handinger_tui.core.run_facts import (
    UNKNOWN,
    Match,
    find_matches,
    run_facts,
    task_candidates,
    worker_json,
)
from handinger_tui.core.state import ExplorerState, Key, Kind

WID = "wkr_1"


def worker(**extra: Any) -> Worker:
    return Worker.model_validate({"id": WID, "status": "completed", **extra})


def task(task_id: str, created: str, trigger: str, text: str) -> TaskWithTurns:
    return TaskWithTurns.model_validate(
        {
            "task": {
                "id": task_id,
                "status": "completed",
                "title": f"Title {task_id}",
                "createdAt": created,
                "triggeredBy": trigger,
                "totals": {"credits": 9, "durationMs": 61_000, "turnCount": 1},
            },
            "turns": [{"id": f"trn_{task_id}", "input": text, "role": "user"}],
        }
    )


def put(state: ExplorerState, key: Key, value: object) -> None:
    state.resource(key).value = value


def test_nothing_known_is_unknown_never_invented() -> None:
    state = ExplorerState()
    put(state, Key(Kind.WORKER, WID), worker())
    facts = run_facts(state, WID)
    assert all(value == UNKNOWN for _, value in facts.rows())


def test_usage_gives_credits_and_duration_without_a_task() -> None:
    state = ExplorerState()
    put(state, Key(Kind.WORKER, WID), worker(usage={"credits": 12, "durationMs": 18_450}))
    facts = run_facts(state, WID)
    assert (facts.credits, facts.task_id, facts.trigger) == ("12", UNKNOWN, UNKNOWN)
    assert facts.duration != UNKNOWN


def test_the_newest_known_task_is_the_run_behind_the_output() -> None:
    """A run started here and a later scheduled run (from the latest delivery): the later."""
    state = ExplorerState()
    put(state, Key(Kind.WORKER, WID), worker())
    state.started_tasks["tsk_here"] = WID
    state.started_tasks["tsk_other"] = "wkr_2"
    logs = {"logs": [{"id": "exe_1", "requestStatus": "success", "taskId": "tsk_sched"}]}
    put(state, Key(Kind.EXECUTIONS, WID, 1), WebhookExecutionList.model_validate(logs))
    assert task_candidates(state, WID) == ["tsk_here", "tsk_sched"]
    put(
        state,
        Key(Kind.TASK, WID, ref="tsk_here"),
        task("tsk_here", "2026-11-30T09:00:00Z", "api", "mine"),
    )
    assert run_facts(state, WID).input == "mine"  # the only one looked up
    put(
        state,
        Key(Kind.TASK, WID, ref="tsk_sched"),
        task("tsk_sched", "2026-11-30T10:00:00Z", "schedule", "daily"),
    )
    facts = run_facts(state, WID)
    assert (facts.task_id, facts.trigger, facts.input) == ("tsk_sched", "schedule", "daily")
    assert (facts.title, facts.credits) == ("Title tsk_sched", "9")


def test_hostile_task_fields_are_cleaned() -> None:
    state = ExplorerState()
    state.started_tasks["tsk_x"] = WID
    put(state, Key(Kind.TASK, WID, ref="tsk_x"), task("tsk_x", "", "api", "a\x1b[2J\u202eb\nc"))
    assert run_facts(state, WID).input == "a\u241b[2Jb c"


def test_worker_json_has_wire_keys_and_no_controls() -> None:
    text = worker_json(worker(output_text="x\x1b[31m\u202e", usage={"credits": 1}))
    assert '"output_text": "x\\u001b[31m"' in text and '"usage"' in text
    assert "\x1b" not in text and "\u202e" not in text


def test_find_matches_ignores_case_and_stops_at_the_limit() -> None:
    lines = ["Needle needle", "none", "NEEDLE"]
    assert find_matches(lines, "needle") == [Match(0, 0), Match(0, 7), Match(2, 0)]
    assert find_matches(lines, "needle", limit=2) == [Match(0, 0), Match(0, 7)]
    assert find_matches(lines, "") == []
    assert find_matches(["İx needle"], "needle") == [Match(0, 3)]  # lower() moves columns
