"""The state's typed accessors: the model of each kind when loaded, else None."""

from __future__ import annotations

from datetime import UTC, datetime

from handinger_tui.api import models
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
WID = "wrk_accessors"


def _loaded(state: ExplorerState, key: Key, value: object) -> None:
    state.resources[key] = Resource(value=value, fetched_at=NOW)


def test_each_kind_reads_back_as_its_model() -> None:
    state = ExplorerState()
    worker = models.Worker.model_validate({"id": WID, "status": "completed"})
    schedules = models.ScheduleList.model_validate({"schedules": []})
    webhook = models.Webhook.model_validate({"token": "whk_secret", "url": "https://x.test/h"})
    page2 = models.WebhookExecutionList.model_validate(
        {"logs": [], "page": 2, "pageCount": 2, "totalCount": 60}
    )
    email = models.WorkerEmail.model_validate({"email": "claims-1@in.handinger.com"})
    task = models.TaskWithTurns.model_validate({"task": {"id": "tsk_1", "status": "error"}})
    _loaded(state, Key(Kind.WORKER, WID), worker)
    _loaded(state, Key(Kind.SCHEDULES, WID), schedules)
    _loaded(state, Key(Kind.WEBHOOK, WID), webhook)
    _loaded(state, Key(Kind.EXECUTIONS, WID, 2), page2)
    _loaded(state, Key(Kind.EMAIL, WID), email)
    _loaded(state, Key(Kind.TASK, WID, ref="tsk_1"), task)
    assert state.worker(WID) is worker
    assert state.schedules(WID) is schedules
    assert state.webhook(WID) is webhook
    assert state.executions(WID, 2) is page2
    assert state.executions(WID) is None  # page 1 was never loaded
    assert state.email(WID) is email
    assert state.task(WID, "tsk_1") is task
    assert state.task(WID, "tsk_2") is None


def test_nothing_loaded_or_a_failed_first_request_reads_as_none() -> None:
    state = ExplorerState()
    state.resources[Key(Kind.WORKER, WID)] = Resource(error="503 from the server", failures=1)
    assert state.worker(WID) is None
    assert state.schedules(WID) is None
    assert state.webhook("wrk_other") is None


def test_a_value_of_another_kind_is_never_passed_off_as_this_one() -> None:
    state = ExplorerState()
    email = models.WorkerEmail.model_validate({"email": "x@in.handinger.com"})
    _loaded(state, Key(Kind.WORKER, WID), email)  # a mix-up in whoever stored it
    _loaded(state, Key(Kind.SCHEDULES, WID), {"schedules": []})  # raw JSON, not a model
    assert state.worker(WID) is None
    assert state.schedules(WID) is None
