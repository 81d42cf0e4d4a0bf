"""What the models built on first use (``BUILT_ON_FIRST_USE``) make of the reference examples.

``outcomes()`` reads a good and a bad payload with each of them, strictly and laxly, and
says what came out: the wire form, or where and why it was refused. Run first thing in a
fresh interpreter, it is their first use; ``tests/api/test_models_built_on_first_use.py``
compares that with the same reading in the test process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from handinger_tui.api import models
from tests.support import examples as ex

__all__ = ["DEFERRED", "LISTED", "built", "outcomes"]

DEFERRED: tuple[type[BaseModel], ...] = (
    models.WorkerTemplate,
    models.TaskWithTurns,
    models.Task,
    models.Turn,
    models.Totals,
    models.DeleteWorkerResponse,
    models.DeleteTaskResponse,
    models.ScheduleCancelResponse,
    models.ScheduledWhen,
    models.DelayedWhen,
    models.CronWhen,
    models.IntervalWhen,
    models.UnreadableFile,
    models.UnreadableSource,
    models.UnreadableExecution,
    models.UnreadableSchedule,
)
"""What the worker list never reads: built when first used."""

LISTED: tuple[type[BaseModel], ...] = (
    models.Worker,
    models.ScheduleList,
    models.WebhookExecutionList,
    models.Webhook,
    models.WorkerEmail,
)
"""What the first answers of the worker list are read with: built at import."""


def built() -> dict[str, bool]:
    """Each model of ``DEFERRED`` and ``LISTED`` -> whether its validator is built."""
    return {cls.__name__: cls.__pydantic_complete__ for cls in (*DEFERRED, *LISTED)}


def _read(read: Callable[[Any], Any], payload: Any) -> Any:
    try:
        value = read(payload)
    except ValidationError as exc:
        return [[list(e["loc"]), e["type"]] for e in exc.errors(include_url=False)]
    wire = value.model_dump(mode="json", by_alias=True, serialize_as_any=True)  # placeholders too
    return {"class": type(value).__name__, **json.loads(json.dumps(wire, default=str))}


def _cases() -> list[tuple[str, Callable[[Any], Any], Any]]:
    bad_file = {**ex.WORKER, "files": [{"filename": 3}], "sources": [{"title": None}]}
    bad_log = {**ex.WEBHOOK_EXECUTIONS, "logs": [{"id": "whe_1"}]}
    bad_schedule = {**ex.SCHEDULE_LIST, "schedules": [{"type": "cron"}]}
    task = ex.TASK_WITH_TURNS
    return [
        ("template", models.WorkerTemplate.model_validate, ex.WORKER_TEMPLATE),
        ("template extra", models.WorkerTemplate.model_validate, {**ex.WORKER_TEMPLATE, "x": 1}),
        ("template no id", models.WorkerTemplate.model_validate, {"title": "t"}),
        ("task", models.TaskWithTurns.model_validate, task),
        ("task null", models.TaskWithTurns.model_validate, {**task, "turns": None}),
        ("task no status", models.TaskWithTurns.model_validate, {"task": {"id": "t"}}),
        ("task fraction", models.Totals.model_validate, {"credits": 1.5}),
        ("deleted", models.DeleteWorkerResponse.model_validate, ex.DELETE_WORKER),
        ("deleted bad", models.DeleteWorkerResponse.model_validate, {"deleted": "maybe"}),
        ("archived", models.DeleteTaskResponse.model_validate, ex.DELETE_TASK),
        ("archived none", models.DeleteTaskResponse.model_validate, {}),
        ("cancelled", models.ScheduleCancelResponse.model_validate, ex.SCHEDULE_CANCEL),
        ("cancelled none", models.ScheduleCancelResponse.model_validate, {}),
        ("when", models.WHEN_ADAPTER.validate_python, ex.SCHEDULE_CREATE_REQUEST["when"]),
        ("when no cron", models.WHEN_ADAPTER.validate_python, {"type": "cron"}),
        ("when date", models.WHEN_ADAPTER.validate_python, {"type": "scheduled", "date": 1}),
        ("files", models.Worker.model_validate, bad_file),
        ("logs", models.WebhookExecutionList.model_validate, bad_log),
        ("schedules", models.ScheduleList.model_validate, bad_schedule),
    ]


def outcomes() -> dict[str, Any]:
    """Each case, read strictly and laxly: the wire form, or the refusal's places and kinds."""
    out: dict[str, Any] = {}
    for strict in (True, False):
        with models.strict_wire_mode(strict):
            for name, read, payload in _cases():
                out[f"{name} ({'strict' if strict else 'lax'})"] = _read(read, payload)
    out["placeholder"] = _read(lambda item: models.UnreadableFile.of(item, "why"), {"url": 1})
    return out
