"""Wire models: the reference's examples parse, names round-trip, unknowns are kept."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr
from pydantic import ValidationError as PydanticValidationError

from handinger_tui.api import models
from tests.support import examples

EXAMPLES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (models.Worker, examples.WORKER),
    (models.WorkerTemplate, examples.WORKER_TEMPLATE),
    (models.ScheduleList, examples.SCHEDULE_LIST),
    (models.ScheduleCancelResponse, examples.SCHEDULE_CANCEL),
    (models.Webhook, examples.WEBHOOK),
    (models.Webhook, examples.WEBHOOK_EMPTY),
    (models.WebhookExecutionList, examples.WEBHOOK_EXECUTIONS),
    (models.TaskWithTurns, examples.TASK_WITH_TURNS),
    (models.WorkerEmail, examples.WORKER_EMAIL),
    (models.DeleteWorkerResponse, examples.DELETE_WORKER),
    (models.DeleteTaskResponse, examples.DELETE_TASK),
]


def _unmask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unmask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unmask(v) for v in value]
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value


@pytest.mark.parametrize(("model", "payload"), EXAMPLES, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_examples_parse_and_round_trip(
    model: type[BaseModel], payload: dict[str, Any]
) -> None:
    parsed = model.model_validate(copy.deepcopy(payload))
    assert _unmask(parsed.model_dump(by_alias=True)) == payload


def test_worker_fields_by_python_name() -> None:
    worker = models.Worker.model_validate(examples.WORKER)
    assert worker.status == "completed"
    assert worker.running is False
    assert worker.output_text.startswith("Off-brand")
    assert worker.files[0].media_type == "text/markdown"
    assert worker.files[0].size == 1834
    assert worker.usage is not None and worker.usage.duration_ms == 18450
    assert worker.output[0].content[0].text == "Off-brand: 'synergize' is jargon."
    assert worker.sources[0].title == "Acme voice guide"
    assert worker.structured_output == {"onBrand": False, "quotes": ["Synergize your workflow"]}
    assert worker.created_at_datetime == datetime.fromtimestamp(1778577262, tz=UTC)


def test_worker_template_fields() -> None:
    template = models.WorkerTemplate.model_validate(examples.WORKER_TEMPLATE)
    assert template.organization_id == "org_8s1Df9aLp-1z"
    assert template.user_id == "usr_7yh-91XzM2nQ4"
    assert template.output_schema is not None
    assert template.visibility == "private"
    assert template.created_at == "2026-05-12T09:10:04.512Z"  # opaque string


def test_models_accept_python_names() -> None:
    template = models.WorkerTemplate(id="w", output_schema={"type": "object"}, user_id="u")
    assert template.to_wire()["outputSchema"] == {"type": "object"}
    assert template.to_wire()["userId"] == "u"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1778577262, datetime(2026, 5, 12, 9, 14, 22, tzinfo=UTC)),
        (1778577262000, datetime(2026, 5, 12, 9, 14, 22, tzinfo=UTC)),
        (1778577262500, datetime(2026, 5, 12, 9, 14, 22, 500000, tzinfo=UTC)),
        (None, None),
        (10**20, None),
    ],
)
def test_created_at_seconds_or_milliseconds(value: int | None, expected: datetime | None) -> None:
    worker = models.Worker(id="w", status="pending", created_at=value)
    assert worker.created_at_datetime == expected


@pytest.mark.usefixtures("lax_wire")
def test_worker_tolerates_missing_optional_keys_and_newer_shapes() -> None:
    worker = models.Worker.model_validate(
        {"id": "w", "status": "running", "usage": {"durationMs": 5}, "newField": [1]}
    )
    assert worker.files == [] and worker.output == [] and worker.sources == []
    assert worker.usage is not None and worker.usage.credits is None
    assert worker.created_at is None and worker.created_at_datetime is None
    assert worker.model_extra == {"newField": [1]}


@pytest.mark.usefixtures("lax_wire")
def test_unknown_enum_values_are_kept() -> None:
    worker = models.Worker.model_validate({**examples.WORKER, "status": "paused"})
    assert worker.status == "paused"
    assert "paused" not in models.KNOWN_WORKER_STATUSES
    template = models.WorkerTemplate.model_validate(
        {**examples.WORKER_TEMPLATE, "visibility": "team"}
    )
    assert template.visibility == "team"
    data = copy.deepcopy(examples.TASK_WITH_TURNS)
    data["task"]["status"] = "cancelled"
    data["task"]["triggeredBy"] = "slack"
    task = models.TaskWithTurns.model_validate(data).task
    assert (task.status, task.triggered_by) == ("cancelled", "slack")
    execs = copy.deepcopy(examples.WEBHOOK_EXECUTIONS)
    execs["logs"][0]["requestStatus"] = "skipped"
    assert models.WebhookExecutionList.model_validate(execs).logs[0].request_status == "skipped"
    sched = {**examples.SCHEDULE_CRON, "budget": "extreme"}
    assert models.WORKER_SCHEDULE_ADAPTER.validate_python(sched).budget == "extreme"


@pytest.mark.usefixtures("lax_wire")
def test_unknown_fields_are_kept_everywhere() -> None:
    data = copy.deepcopy(examples.TASK_WITH_TURNS)
    data["timezone"] = "Europe/Madrid"
    data["task"]["labels"] = ["x"]
    data["turns"][0]["files"] = [{"url": "u"}]
    parsed = models.TaskWithTurns.model_validate(data)
    assert parsed.model_extra == {"timezone": "Europe/Madrid"}
    assert parsed.task.model_extra == {"labels": ["x"]}
    assert parsed.turns[0].model_extra == {"files": [{"url": "u"}]}
    assert parsed.model_dump(by_alias=True)["turns"][0]["files"] == [{"url": "u"}]


def test_schedule_list_variants() -> None:
    schedules = models.ScheduleList.model_validate(examples.SCHEDULE_LIST)
    assert schedules.worker_id == examples.WORKER_ID
    cron, delayed = schedules.schedules
    assert isinstance(cron, models.CronSchedule)
    assert cron.cron == "0 8 * * 1-5"
    assert cron.next_run_at == datetime(2026, 5, 13, 8, 0, tzinfo=UTC)
    assert isinstance(delayed, models.DelayedSchedule)
    assert delayed.delay_in_seconds == 3600


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"type": "scheduled"}, models.ScheduledSchedule),
        ({"type": "delayed", "delayInSeconds": 5}, models.DelayedSchedule),
        ({"type": "cron", "cron": "* * * * *"}, models.CronSchedule),
        ({"type": "interval", "intervalSeconds": 60}, models.IntervalSchedule),
        ({"type": "interval", "interval_seconds": 60}, models.IntervalSchedule),
    ],
)
def test_every_schedule_variant(payload: dict[str, Any], cls: type[BaseModel]) -> None:
    base = {"id": "s", "budget": "low", "input": "go", "nextRunAt": "2026-05-13T08:00:00Z"}
    assert isinstance(models.WORKER_SCHEDULE_ADAPTER.validate_python({**base, **payload}), cls)


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "s", "type": "sunrise", "latitude": 40.4, "nextRunAt": "whenever"},
        {"id": "s", "type": "cron", "nextRunAt": "2026-05-13T08:00:00Z"},  # cron missing
        {"id": "s", "type": None},
        {"id": "s"},
    ],
)
@pytest.mark.usefixtures("lax_wire")
def test_unknown_schedule_shapes_fall_back_and_keep_raw(payload: dict[str, Any]) -> None:
    parsed = models.WORKER_SCHEDULE_ADAPTER.validate_python(payload)
    assert isinstance(parsed, models.UnknownSchedule)
    assert parsed.id == "s"
    raw = parsed.raw
    for key, value in payload.items():
        if value is not None:
            assert raw[key] == value


@pytest.mark.usefixtures("lax_wire")
def test_unknown_schedule_in_a_list_does_not_break_the_others() -> None:
    data = copy.deepcopy(examples.SCHEDULE_LIST)
    data["schedules"].append({"id": "s3", "type": "sunrise", "input": "x", "budget": "low"})
    data["timezone"] = "UTC"
    parsed = models.ScheduleList.model_validate(data)
    assert [type(s).__name__ for s in parsed.schedules] == [
        "CronSchedule",
        "DelayedSchedule",
        "UnknownSchedule",
    ]
    assert parsed.schedules[2].type == "sunrise"


def test_schedule_requires_an_id() -> None:
    with pytest.raises(PydanticValidationError):
        models.WORKER_SCHEDULE_ADAPTER.validate_python({"type": "cron", "cron": "x"})


@pytest.mark.parametrize(
    ("when", "wire"),
    [
        (models.DelayedWhen(delay_in_seconds=90), {"type": "delayed", "delayInSeconds": 90}),
        (models.IntervalWhen(interval_seconds=60), {"type": "interval", "intervalSeconds": 60}),
        (models.CronWhen(cron="0 8 * * 1-5"), {"type": "cron", "cron": "0 8 * * 1-5"}),
        (
            models.ScheduledWhen(date="2026-05-13T08:00:00Z"),
            {"type": "scheduled", "date": "2026-05-13T08:00:00Z"},
        ),
        (
            models.ScheduledWhen(
                date=datetime(2026, 5, 13, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
            ),
            {"type": "scheduled", "date": "2026-05-13T08:00:00.123Z"},
        ),
        (
            models.ScheduledWhen(date=datetime(2026, 5, 13, 8, 0)),  # naive = UTC
            {"type": "scheduled", "date": "2026-05-13T08:00:00.000Z"},
        ),
    ],
)
def test_when_serialises_to_the_wire(when: BaseModel, wire: dict[str, Any]) -> None:
    assert when.model_dump(mode="json", by_alias=True) == wire
    assert (
        models.WHEN_ADAPTER.validate_python(wire).model_dump(mode="json", by_alias=True)["type"]
        == wire["type"]
    )


def test_when_accepts_wire_names() -> None:
    parsed = models.WHEN_ADAPTER.validate_python({"type": "delayed", "delayInSeconds": 90})
    assert isinstance(parsed, models.DelayedWhen) and parsed.delay_in_seconds == 90


def test_webhook_token_is_a_secret() -> None:
    hook = models.Webhook.model_validate(examples.WEBHOOK)
    token = examples.WEBHOOK["token"]
    assert hook.token is not None and hook.token.get_secret_value() == token
    for text in (
        repr(hook),
        str(hook),
        repr(hook.token),
        hook.model_dump_json(),
        str(hook.to_wire()),
    ):
        assert token not in text
    empty = models.Webhook.model_validate(examples.WEBHOOK_EMPTY)
    assert empty.token is None and empty.url is None


def test_webhook_execution_dates_are_datetimes() -> None:
    page = models.WebhookExecutionList.model_validate(examples.WEBHOOK_EXECUTIONS)
    assert page.page_count == 3 and page.total_count == 112
    first, second = page.logs
    assert first.created_at == datetime(2026, 5, 12, 9, 14, 49, 102000, tzinfo=UTC)
    assert first.response_status == 200
    assert second.error_message == "Request timed out" and second.response_status is None


def test_task_with_turns() -> None:
    parsed = models.TaskWithTurns.model_validate(examples.TASK_WITH_TURNS)
    assert parsed.task.totals.turn_count == 1
    assert parsed.task.worker_id == examples.WORKER_ID
    assert parsed.turns[0].output_tokens == 96
    assert parsed.turns[0].structured_output == {"onBrand": False}
    assert models.TaskWithTurns.model_validate({"task": parsed.task.to_wire()}).turns == []


@pytest.mark.parametrize(
    ("model", "payload"),
    [
        (models.Worker, {"id": "w"}),  # no status
        (models.Worker, {"status": "running"}),  # no id
        (models.Worker, {"id": "w", "status": "running", "files": "nope"}),
        (models.DeleteWorkerResponse, {}),
        (models.WorkerEmail, {"email": 5}),
    ],
)
def test_wrong_shapes_are_rejected(model: type[BaseModel], payload: dict[str, Any]) -> None:
    with pytest.raises(PydanticValidationError):
        model.model_validate(payload)
