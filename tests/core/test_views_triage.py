"""Views for triage: 'never run', derived names, and the tone of each status and delivery."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from handinger_tui.api import models
from handinger_tui.core import views
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource
from handinger_tui.core.tone import PENDING_TOO_LONG, Tone
from tests.support import examples

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
WID = examples.WORKER_ID
# What the service answers for a worker that has no task yet (see emulator/render.py).
NEVER_RAN: dict[str, Any] = {
    "id": WID,
    "created_at": int((NOW - timedelta(days=2)).timestamp()),
    "error": None,
    "files": [],
    "incomplete_details": None,
    "messages": [],
    "metadata": {},
    "object": "worker",
    "output": [],
    "output_text": "",
    "running": False,
    "sources": [],
    "status": "completed",
    "structured_output": None,
    "url": "https://handinger.com/worker/" + WID,
}


def _state(worker: dict[str, Any] | None = None, **extra: object) -> ExplorerState:
    state = ExplorerState()
    if worker is not None:
        state.resources[Key(Kind.WORKER, WID)] = Resource(
            value=models.Worker.model_validate(worker), fetched_at=NOW
        )
    if "email" in extra:
        state.resources[Key(Kind.EMAIL, WID)] = Resource(
            value=models.WorkerEmail.model_validate({"email": extra["email"]}), fetched_at=NOW
        )
    if "executions" in extra:
        state.resources[Key(Kind.EXECUTIONS, WID, 1)] = Resource(
            value=models.WebhookExecutionList.model_validate(extra["executions"]),
            fetched_at=NOW,
        )
    return state


def _tracked(title: str | None = "Claim checker") -> Registry:
    registry = Registry.in_memory()
    if title is None:
        registry.track(WID)
    else:
        registry.remember_template(
            models.WorkerTemplate.model_validate({**examples.WORKER_TEMPLATE, "title": title})
        )
    return registry


def _row(state: ExplorerState, registry: Registry) -> views.Row:
    (row,) = views.worker_rows(state, registry, now=NOW)
    return row


def test_a_worker_that_never_ran_says_so_not_completed() -> None:
    row = _row(_state(NEVER_RAN), _tracked())
    assert row.cells[0] == "○ never run"
    assert row.tones[0] is Tone.NEUTRAL
    fields = dict(views.detail_fields(_state(NEVER_RAN), _tracked(), WID, NOW))
    assert fields["Status"].startswith("○ never run")
    # A worker that did run is still 'completed', in the ok tone.
    done = _row(_state(examples.WORKER), _tracked())
    assert (done.cells[0], done.tones[0]) == ("✔ completed", Tone.OK)


def test_a_run_that_ended_in_error_or_was_aborted_is_red_not_completed() -> None:
    failed = {**examples.WORKER, "error": {"code": "task_failed", "message": "PDF locked"}}
    row = _row(_state(failed), _tracked())
    assert (row.cells[0], row.tones[0]) == ("✘ error", Tone.ERROR)
    aborted = {**examples.WORKER, "error": {"code": "aborted", "message": "Stopped"}}
    row = _row(_state(aborted), _tracked())
    assert (row.cells[0], row.tones[0]) == ("■ aborted", Tone.ERROR)


def test_running_is_blue_and_pending_too_long_is_amber_and_says_how_long() -> None:
    running = {**examples.WORKER, "status": "running", "running": True}
    recent = int((NOW - timedelta(minutes=2)).timestamp())
    row = _row(_state({**running, "created_at": recent}), _tracked())
    assert (row.cells[0], row.tones[0]) == ("▶ running", Tone.RUNNING)
    pending = {**examples.WORKER, "status": "pending", "running": True, "created_at": recent}
    row = _row(_state(pending), _tracked())
    assert (row.cells[0], row.tones[0]) == ("◌ pending", Tone.NEUTRAL)
    old = int((NOW - PENDING_TOO_LONG - timedelta(minutes=37)).timestamp())
    row = _row(_state({**pending, "created_at": old}), _tracked())
    assert (row.cells[0], row.tones[0]) == ("◌ pending 47m", Tone.WARN)


def test_a_stale_status_is_amber() -> None:
    state = _state(examples.WORKER)
    state.resources[Key(Kind.WORKER, WID)].error = "503 from the server"
    row = _row(state, _tracked())
    assert (row.cells[0], row.tones[0]) == ("✔ completed", Tone.WARN)


def test_deliveries_ok_green_failed_red_in_the_list_and_the_log() -> None:
    log = copy.deepcopy(examples.WEBHOOK_EXECUTIONS)
    first = log["logs"][0]
    ok_entry = {**first, "id": "whe_ok", "requestStatus": "success", "errorMessage": None}
    log["logs"] = [{**first, "requestStatus": "error", "errorMessage": "HTTP 500: boom"}, ok_entry]
    state = _state(examples.WORKER, executions=log)
    row = _row(state, _tracked())
    assert row.cells[4].startswith("✘ fail") and row.tones[4] is Tone.ERROR
    rows = views.execution_rows(state.executions(WID), NOW)
    assert (rows[0].cells[1], rows[0].tones[1]) == ("✘ error", Tone.ERROR)
    assert (rows[1].cells[1], rows[1].tones[1]) == ("✔ success", Tone.OK)


def test_an_overdue_schedule_warns() -> None:
    data = copy.deepcopy(examples.SCHEDULE_LIST)
    data["schedules"][0]["nextRunAt"] = (NOW - timedelta(hours=1)).isoformat()
    data["schedules"][1]["nextRunAt"] = (NOW + timedelta(hours=1)).isoformat()
    rows = views.schedule_rows(models.ScheduleList.model_validate(data), NOW)
    assert rows[0].tones[3] is Tone.WARN
    assert rows[1].tones[3] is Tone.NEUTRAL


def test_a_worker_known_only_by_id_takes_a_marked_name_from_its_email() -> None:
    registry = _tracked(None)
    state = _state(examples.WORKER, email="brand-voice-analyzer-4821@in.handinger.example")
    row = _row(state, registry)
    assert row.cells[1] == "≈ Brand voice analyzer"
    fields = dict(views.detail_fields(state, registry, WID, NOW))
    assert fields["Title"].startswith("≈ Brand voice analyzer") and "derived" in fields["Title"]


def test_without_an_email_the_name_comes_from_a_delivery_task_title() -> None:
    log = copy.deepcopy(examples.WEBHOOK_EXECUTIONS)
    for entry in log["logs"]:
        entry["taskTitle"] = "Audit the [bold]pricing[/] page\x1b[2J"
    row = _row(_state(examples.WORKER, executions=log), _tracked(None))
    assert row.cells[1].startswith("≈ Audit the [bold]pricing")
    assert "\x1b" not in row.cells[1]


def test_a_known_title_wins_and_nothing_is_derived_from_nothing() -> None:
    state = _state(examples.WORKER, email="brand-voice-analyzer-4821@in.handinger.example")
    assert _row(state, _tracked("Claim checker")).cells[1] == "Claim checker"
    bare = _row(_state(examples.WORKER), _tracked(None)).cells[1]
    assert not bare.startswith("≈") and bare.endswith(WID[-10:])


def test_sorting_by_name_ignores_the_derived_mark() -> None:
    registry = _tracked(None)
    registry.track("wrk_zeta")
    state = _state(examples.WORKER, email="alpha-1@in.handinger.example")
    state.resources[Key(Kind.EMAIL, "wrk_zeta")] = Resource(
        value=models.WorkerEmail(email="zeta-2@in.handinger.example"), fetched_at=NOW
    )
    rows = views.worker_rows(state, registry, now=NOW, sort="name")
    assert [r.cells[1] for r in rows] == ["≈ Alpha", "≈ Zeta"]


def test_the_detail_pane_says_why_the_last_run_ended_early_cleaned() -> None:
    failed = {
        **examples.WORKER,
        "error": {"code": "task_failed", "message": "PDF\x1b]0;x\x07 locked"},
    }
    fields = dict(views.detail_fields(_state(failed), _tracked(), WID, NOW))
    assert fields["Error"] == "task_failed: PDF␛]0;x locked"  # BEL dropped, ESC shown
    assert "Error" not in dict(views.detail_fields(_state(examples.WORKER), _tracked(), WID, NOW))
