"""The real service drifts: production reads it (lax), the test suite refuses it (strict)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from handinger_tui.api import models
from tests.support import examples
from tests.support.api import MockAPI

W = "/api/workers/w1"


def _set(payload: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``payload`` with ``value`` at a dotted path (list indexes allowed)."""
    data = copy.deepcopy(payload)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj[int(part)] if isinstance(obj, list) else getattr(obj, part)
    return obj


# Fractions where the reference says integer (the list), and where they land.
FRACTIONS: list[tuple[type[BaseModel], dict[str, Any], str, str]] = [
    (models.Worker, examples.WORKER, "created_at", "created_at"),
    (models.Worker, examples.WORKER, "usage.credits", "usage.credits"),
    (models.Worker, examples.WORKER, "usage.durationMs", "usage.duration_ms"),
    (models.Worker, examples.WORKER, "files.0.size", "files.0.size"),
    (
        models.WebhookExecutionList,
        examples.WEBHOOK_EXECUTIONS,
        "logs.0.durationMs",
        "logs.0.duration_ms",
    ),
    (models.TaskWithTurns, examples.TASK_WITH_TURNS, "task.totals.credits", "task.totals.credits"),
    (
        models.TaskWithTurns,
        examples.TASK_WITH_TURNS,
        "task.totals.durationMs",
        "task.totals.duration_ms",
    ),
    (models.TaskWithTurns, examples.TASK_WITH_TURNS, "turns.0.credits", "turns.0.credits"),
    (
        models.ScheduleList,
        examples.SCHEDULE_LIST,
        "schedules.1.delayInSeconds",
        "schedules.1.delay_in_seconds",
    ),
]


def _ids(case: tuple[Any, ...]) -> str:
    return f"{case[0].__name__}.{case[2]}"


# --- lax: what production reads ----------------------------------------------------------


@pytest.mark.usefixtures("lax_wire")
@pytest.mark.parametrize("case", FRACTIONS, ids=_ids)
def test_lax_keeps_a_fraction_where_the_reference_says_integer(
    case: tuple[type[BaseModel], dict[str, Any], str, str],
) -> None:
    model, payload, wire_path, attr_path = case
    parsed = model.model_validate(_set(payload, wire_path, 1834.75))
    assert _get(parsed, attr_path) == 1834.75


@pytest.mark.usefixtures("lax_wire")
def test_lax_whole_floats_read_as_integers_and_times_from_fractional_epochs() -> None:
    data = _set(examples.WORKER, "usage.credits", 12.0)
    data["created_at"] = 1778577262.5
    worker = models.Worker.model_validate(data)
    assert worker.usage is not None
    assert worker.usage.credits == 12 and isinstance(worker.usage.credits, int)
    assert worker.created_at_datetime is not None
    assert worker.created_at_datetime.microsecond == 500000


@pytest.mark.usefixtures("lax_wire")
@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_never_read(value: float) -> None:
    with pytest.raises(PydanticValidationError, match="finite"):
        models.Worker.model_validate(_set(examples.WORKER, "usage.credits", value))


@pytest.mark.usefixtures("lax_wire")
def test_lax_nulls_where_optional_in_practice() -> None:
    data = {**examples.WORKER, "output_text": None, "files": None, "metadata": None}
    data["messages"] = None
    worker = models.Worker.model_validate(data)
    assert (worker.output_text, worker.files, worker.metadata, worker.messages) == ("", [], {}, [])
    data = _set(examples.WORKER, "sources.0.title", None)
    data = _set(data, "files.0.filename", None)
    data = _set(data, "files.0.mediaType", None)
    worker = models.Worker.model_validate(data)
    assert worker.sources[0].title is None and worker.files[0].filename is None
    assert worker.files[0].media_type is None  # unknown, not invented


@pytest.mark.usefixtures("lax_wire")
def test_lax_a_null_where_the_value_says_what_it_is_is_still_refused() -> None:
    with pytest.raises(PydanticValidationError):
        models.Worker.model_validate({**examples.WORKER, "status": None})


@pytest.mark.usefixtures("lax_wire")
def test_a_missing_visibility_is_unknown_not_public() -> None:
    data = {k: v for k, v in examples.WORKER_TEMPLATE.items() if k != "visibility"}
    assert models.WorkerTemplate.model_validate(data).visibility is None


@pytest.mark.usefixtures("lax_wire")
@pytest.mark.parametrize(
    ("page", "total", "expected"),
    [(1, 112, 3), (2, 100, 2), (1, 0, 1), (1, None, 1), (4, None, 4), (1, 50.5, 2)],
)
def test_a_missing_page_count_is_derived(page: int, total: int | None, expected: int) -> None:
    data: dict[str, Any] = {"logs": [], "page": page}
    if total is not None:
        data["totalCount"] = total
    parsed = models.WebhookExecutionList.model_validate(data)
    assert parsed.page_count == expected
    assert parsed.total_count == total  # a missing total stays unknown


@pytest.mark.usefixtures("lax_wire")
def test_one_unreadable_schedule_is_one_item_with_the_reason() -> None:
    data = copy.deepcopy(examples.SCHEDULE_LIST)
    bad = {"id": "sch_bad", "type": "cron", "cron": "0 8 * * *", "nextRunAt": "soonish"}
    bad.update(budget="low", input="still shown")
    data["schedules"][1:1] = [bad, {"type": "delayed", "delayInSeconds": 5}, None]
    parsed = models.ScheduleList.model_validate(data)
    kinds = [type(s).__name__ for s in parsed.schedules]
    assert kinds == [
        "CronSchedule",
        "UnreadableSchedule",
        "UnreadableSchedule",
        "UnreadableSchedule",
        "DelayedSchedule",
    ]
    first, no_id, null = parsed.schedules[1:4]
    assert isinstance(first, models.UnreadableSchedule)
    assert (first.id, first.type, first.input, first.budget) == (
        "sch_bad",
        "cron",
        "still shown",
        "low",
    )
    assert "nextRunAt" in first.reason and first.received == bad
    assert isinstance(no_id, models.UnreadableSchedule) and no_id.id == ""
    assert "id" in no_id.reason
    assert isinstance(null, models.UnreadableSchedule) and "object" in null.reason


@pytest.mark.usefixtures("lax_wire")
def test_one_unreadable_execution_is_one_item_with_the_reason() -> None:
    data = copy.deepcopy(examples.WEBHOOK_EXECUTIONS)
    data["logs"].insert(1, {"id": "whe_bad", "requestStatus": "success", "createdAt": "yesterday"})
    parsed = models.WebhookExecutionList.model_validate(data)
    assert [type(e).__name__ for e in parsed.logs] == [
        "WebhookExecution",
        "UnreadableExecution",
        "WebhookExecution",
    ]
    bad = parsed.logs[1]
    assert isinstance(bad, models.UnreadableExecution)
    assert bad.id == "whe_bad" and "createdAt" in bad.reason
    assert parsed.page_count == 3 and parsed.total_count == 112


@pytest.mark.usefixtures("lax_wire")
def test_one_unreadable_file_or_source_does_not_hide_the_worker() -> None:
    data = copy.deepcopy(examples.WORKER)
    data["files"].append({"filename": "x.csv", "mediaType": "text/csv", "url": None})
    data["sources"].insert(0, {"id": "src_0", "title": "Gone", "type": "url"})
    data["sources"].append("https://acme.example/bare")
    worker = models.Worker.model_validate(data)
    assert worker.status == "completed" and worker.output_text.startswith("Off-brand")
    good, bad = worker.files
    assert not isinstance(good, models.Unreadable) and good.filename == "report.md"
    assert isinstance(bad, models.UnreadableFile) and bad.filename == "x.csv"
    assert "url" in bad.reason
    kinds = [type(s).__name__ for s in worker.sources]
    assert kinds == ["UnreadableSource", "Source", "UnreadableSource"]
    first = worker.sources[0]
    assert isinstance(first, models.UnreadableSource) and first.title == "Gone"
    last = worker.sources[2]
    assert isinstance(last, models.UnreadableSource) and "not an object" in last.reason


@pytest.mark.usefixtures("lax_wire")
async def test_the_client_reads_a_drifting_worker() -> None:
    """Before: one fraction made the whole worker a ResponseFormatError ('unreachable')."""
    drifted = {
        **examples.WORKER,
        "created_at": 1778577262.25,
        "usage": {"credits": 12.5, "durationMs": 18450.5, "tokens": 3},
        "output_text": None,
        "status": "thinking",
        "brandNew": {"x": 1},
    }
    api = MockAPI().add("GET", W, drifted)
    worker = await api.client().workers.retrieve("w1")
    assert worker.usage is not None and worker.usage.credits == 12.5
    assert worker.status == "thinking" and worker.output_text == ""
    assert worker.model_extra == {"brandNew": {"x": 1}}


# --- strict: what the test suite demands of our own emulator ------------------------------


def test_the_suite_reads_strictly() -> None:
    assert models.strict_wire()
    assert os.environ[models.STRICT_WIRE_ENV] == "1"


@pytest.mark.parametrize("case", FRACTIONS, ids=_ids)
def test_strict_refuses_a_fraction(case: tuple[type[BaseModel], dict[str, Any], str, str]) -> None:
    model, payload, wire_path, _attr = case
    with pytest.raises(PydanticValidationError, match="integer"):
        model.model_validate(_set(payload, wire_path, 1834.75))


STRICT_REFUSALS: list[tuple[str, type[BaseModel], dict[str, Any]]] = [
    ("whole float", models.Worker, _set(examples.WORKER, "usage.credits", 12.0)),
    ("null output_text", models.Worker, {**examples.WORKER, "output_text": None}),
    ("null files", models.Worker, {**examples.WORKER, "files": None}),
    ("null mediaType", models.Worker, _set(examples.WORKER, "files.0.mediaType", None)),
    ("extra top key", models.Worker, {**examples.WORKER, "brandNew": 1}),
    ("extra nested key", models.Worker, _set(examples.WORKER, "usage.tokens", 3)),
    ("unknown status", models.Worker, {**examples.WORKER, "status": "paused"}),
    ("unknown object", models.Worker, {**examples.WORKER, "object": "agent"}),
    (
        "unknown visibility",
        models.WorkerTemplate,
        {**examples.WORKER_TEMPLATE, "visibility": "team"},
    ),
    ("null title", models.WorkerTemplate, {**examples.WORKER_TEMPLATE, "title": None}),
    (
        "unknown schedule type",
        models.ScheduleList,
        _set(examples.SCHEDULE_LIST, "schedules.0.type", "sunrise"),
    ),
    (
        "unreadable schedule",
        models.ScheduleList,
        _set(examples.SCHEDULE_LIST, "schedules.0.nextRunAt", "soonish"),
    ),
    (
        "unknown budget",
        models.ScheduleList,
        _set(examples.SCHEDULE_LIST, "schedules.0.budget", "extreme"),
    ),
    (
        "unknown requestStatus",
        models.WebhookExecutionList,
        _set(examples.WEBHOOK_EXECUTIONS, "logs.0.requestStatus", "skipped"),
    ),
    (
        "unreadable execution",
        models.WebhookExecutionList,
        _set(examples.WEBHOOK_EXECUTIONS, "logs.0.createdAt", "yesterday"),
    ),
    (
        "unknown trigger",
        models.TaskWithTurns,
        _set(examples.TASK_WITH_TURNS, "task.triggeredBy", "slack"),
    ),
    ("extra list key", models.ScheduleList, {**examples.SCHEDULE_LIST, "timezone": "UTC"}),
    ("unreadable file", models.Worker, _set(examples.WORKER, "files.0.url", None)),
    ("unreadable source", models.Worker, _set(examples.WORKER, "sources.0", "https://x")),
]


@pytest.mark.parametrize(
    ("what", "model", "payload"), STRICT_REFUSALS, ids=[c[0] for c in STRICT_REFUSALS]
)
def test_strict_refuses_drift(what: str, model: type[BaseModel], payload: dict[str, Any]) -> None:
    with pytest.raises(PydanticValidationError):
        model.model_validate(payload)


@pytest.mark.parametrize(
    ("what", "model", "payload"), STRICT_REFUSALS[:6], ids=[c[0] for c in STRICT_REFUSALS[:6]]
)
@pytest.mark.usefixtures("lax_wire")
def test_the_same_drift_is_read_in_production(
    what: str, model: type[BaseModel], payload: dict[str, Any]
) -> None:
    model.model_validate(payload)


def test_strict_still_allows_the_nulls_the_reference_allows() -> None:
    data = {**examples.WORKER, "created_at": None, "structured_output": None, "error": None}
    data = _set(data, "sources.0.title", None)
    data = _set(data, "files.0.filename", None)
    models.Worker.model_validate(data)
    models.Webhook.model_validate(examples.WEBHOOK_EMPTY)
    models.WorkerTemplate.model_validate({**examples.WORKER_TEMPLATE, "outputSchema": None})


def test_requests_built_by_the_client_are_not_checked_as_answers() -> None:
    when = models.WHEN_ADAPTER.validate_python({"type": "delayed", "delayInSeconds": 90})
    assert when.to_wire() == {"type": "delayed", "delayInSeconds": 90}


@pytest.mark.parametrize(("env", "strict"), [("1", True), ("0", False), ("", False)])
def test_the_environment_variable_sets_the_mode_at_start(env: str, strict: bool) -> None:
    code = "from handinger_tui.api import models; print(models.strict_wire())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, models.STRICT_WIRE_ENV: env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(strict)
