"""The ``drift`` fault: 2xx answers reshaped the way a drifting service may send them.

Switched on with ``PUT /_emulator/faults {"drift": true}`` (``routes``, ``methods`` and
``count`` narrow it like any fault). Every change is deterministic, so tests can name
what they expect; error answers pass through untouched.

- Numbers the reference types as integers gain a fraction of ``.5``: ``Worker.created_at``,
  ``usage.credits``, ``usage.durationMs``, task ``totals.credits``/``totals.durationMs``,
  turn ``credits``/``durationMs``, webhook execution ``durationMs``.
- Null where a value is optional in practice: ``output_text``, ``metadata``, source
  ``title``, file ``filename``; an empty ``files`` list becomes ``null``.
- Unknown enum values: ``status`` ``pending`` -> ``queued`` and ``running`` ->
  ``in_progress`` (Worker and Task); ``running`` stays as it was.
- Missing optionals: ``pageCount`` (execution pages), ``visibility`` (worker templates),
  ``incomplete_details`` (Worker).
- Unknown keys: ``service_tier`` (Worker), ``annotations`` (output items), ``tags``
  (template), ``archivedAt`` (task), ``files`` (turns), ``timezone`` (schedules and
  their list), ``events`` (webhook), ``pageSize`` and ``attempt`` (executions),
  ``requestId`` (the small ``{deleted}``-style answers and ``{email}``).
"""

from __future__ import annotations

from typing import Any

FRACTION = 0.5
STATUS_DRIFT = {"pending": "queued", "running": "in_progress"}
REQUEST_ID = "req_drift_0001"

JsonObject = dict[str, Any]


def _frac(obj: JsonObject, name: str) -> None:
    value = obj.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        obj[name] = value + FRACTION


def _status(obj: JsonObject) -> None:
    status = obj.get("status")
    if isinstance(status, str):
        obj["status"] = STATUS_DRIFT.get(status, status)


def _objects(value: Any) -> list[JsonObject]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def worker(body: JsonObject) -> JsonObject:
    """Worker (§2.2): fractions, nulls, an unknown status, a missing and an extra key."""
    _frac(body, "created_at")
    usage = body.get("usage")
    if isinstance(usage, dict):
        _frac(usage, "credits")
        _frac(usage, "durationMs")
    body["output_text"] = None
    body["metadata"] = None
    for source in _objects(body.get("sources")):
        source["title"] = None
    files = _objects(body.get("files"))
    if files:
        for item in files:
            item["filename"] = None
    else:
        body["files"] = None
    for item in _objects(body.get("output")):
        item["annotations"] = []
    _status(body)
    body.pop("incomplete_details", None)
    body["service_tier"] = "default"
    return body


def template(body: JsonObject) -> JsonObject:
    """WorkerTemplate: ``visibility`` missing, an extra key."""
    body.pop("visibility", None)
    body["tags"] = []
    return body


def task_with_turns(body: JsonObject) -> JsonObject:
    task = body.get("task")
    if isinstance(task, dict):
        totals = task.get("totals")
        if isinstance(totals, dict):
            _frac(totals, "credits")
            _frac(totals, "durationMs")
        _status(task)
        task["archivedAt"] = None
    for turn in _objects(body.get("turns")):
        _frac(turn, "credits")
        _frac(turn, "durationMs")
        turn["files"] = []
    return body


def schedule(body: JsonObject) -> JsonObject:
    body["timezone"] = "UTC"
    return body


def schedule_list(body: JsonObject) -> JsonObject:
    for item in _objects(body.get("schedules")):
        schedule(item)
    body["timezone"] = "UTC"
    return body


def webhook(body: JsonObject) -> JsonObject:
    body["events"] = ["task.completed"]
    return body


def execution_list(body: JsonObject) -> JsonObject:
    for log in _objects(body.get("logs")):
        _frac(log, "durationMs")
        log["attempt"] = 1
    body.pop("pageCount", None)
    body["pageSize"] = 50
    return body


def small(body: JsonObject) -> JsonObject:
    body["requestId"] = REQUEST_ID
    return body


BY_ROUTE = {
    "GET /api/workers/{workerId}": worker,
    "POST /api/tasks": worker,
    "POST /api/workers": template,
    "PATCH /api/workers/{workerId}": template,
    "GET /api/tasks/{taskId}": task_with_turns,
    "GET /api/workers/{workerId}/schedules": schedule_list,
    "POST /api/workers/{workerId}/schedules": schedule,
    "GET /api/workers/{workerId}/webhook": webhook,
    "PUT /api/workers/{workerId}/webhook": webhook,
    "DELETE /api/workers/{workerId}/webhook": webhook,
    "POST /api/workers/{workerId}/webhook/regenerate-token": webhook,
    "GET /api/workers/{workerId}/webhook/executions": execution_list,
    "GET /api/workers/{workerId}/email": small,
    "DELETE /api/workers/{workerId}": small,
    "DELETE /api/workers/{workerId}/schedules/{scheduleId}": small,
    "DELETE /api/tasks/{taskId}": small,
}


def drift_body(route_key: str, body: Any) -> Any:
    """The drifted form of a 2xx JSON answer on ``route_key`` (e.g. ``GET /api/tasks/{taskId}``)."""
    reshape = BY_ROUTE.get(route_key)
    if reshape is None or not isinstance(body, dict):
        return body
    return reshape(body)
