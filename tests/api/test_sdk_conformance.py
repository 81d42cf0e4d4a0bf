"""The official ``handinger`` SDK (strict response validation) against the emulator.

Code we did not write checks the emulator's wire format: every SDK method must return a
model that validates strictly, and the SDK's error classes must map to our statuses.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import handinger
import httpx
import pytest
from handinger.types import TaskWithTurns, Worker, WorkerTemplate
from handinger.types.workers import Webhook, WebhookExecutionList
from handinger.types.workers.worker_schedule import (
    CronWorkerSchedule,
    DelayedWorkerSchedule,
    IntervalWorkerSchedule,
    ScheduledWorkerSchedule,
)

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.ids import USER_ID

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["verdict", "score", "tags", "meta"],
    "properties": {
        "verdict": {"type": "string", "enum": ["ok", "off-brand"]},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "count": {"type": "integer", "minimum": 2},
        "ok": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        "meta": {
            "type": "object",
            "required": ["source"],
            "properties": {"source": {"type": "string", "format": "uri"}},
        },
    },
}


API_KEY = "hdg_test_sdk_conformance_key"


def sdk(server: EmulatorServer, key: str | None = None) -> handinger.Handinger:
    return handinger.Handinger(
        api_key=key or server.api_key,
        base_url=server.base_url,
        _strict_response_validation=True,
        max_retries=0,
        http_client=httpx.Client(trust_env=False),
    )


def sdk_default_mode(server: EmulatorServer) -> handinger.Handinger:
    """The SDK as most callers use it: responses are not validated strictly."""
    return handinger.Handinger(
        api_key=server.api_key,
        base_url=server.base_url,
        max_retries=0,
        http_client=httpx.Client(trust_env=False),
    )


@pytest.fixture
def fast_emulator() -> Iterator[EmulatorServer]:
    """Empty emulator whose standard task takes 0.2 s."""
    with EmulatorServer(api_key=API_KEY, seed="empty", task_seconds=0.2) as server:
        yield server


def test_workers_resource_round_trip(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    created = client.workers.create(
        title="Brand voice analyzer",
        prompt="Check copy against the Acme brand voice guide.",
        visibility="private",
        output_schema=SCHEMA,
    )
    assert isinstance(created, WorkerTemplate)
    assert created.title == "Brand voice analyzer"
    assert created.visibility == "private"
    assert created.output_schema == SCHEMA
    assert created.summary == "Check copy against the Acme brand voice guide."
    assert created.instructions
    assert created.url.endswith(f"/worker/{created.id}")

    state = client.workers.retrieve(created.id)
    assert isinstance(state, Worker)
    assert state.status == "completed"
    assert state.running is False
    assert state.output == [] and state.output_text == ""

    updated = client.workers.update(created.id, title="Claim verdict v2", output_schema=None)
    assert updated.title == "Claim verdict v2"
    assert updated.output_schema is None
    assert updated.visibility == "private"

    email = client.workers.retrieve_email(created.id)
    assert email.email.startswith("claim-verdict") is False  # stable: assigned at creation
    assert email.email.startswith("brand-voice-analyzer-")
    assert email.email.endswith("@in.handinger.example")

    deleted = client.workers.delete(created.id)
    assert deleted.deleted is True
    with pytest.raises(handinger.NotFoundError):
        client.workers.retrieve(created.id)


def test_create_with_no_fields_gets_a_dog_name(fast_emulator: EmulatorServer) -> None:
    created = sdk(fast_emulator).workers.create()
    assert created.title
    assert created.visibility == "public"


def test_schedules_all_four_kinds(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    wid = client.workers.create(title="Scheduler").id
    at = datetime.now(UTC) + timedelta(days=2)
    scheduled = client.workers.schedules.create(
        wid, input="Run once", when={"type": "scheduled", "date": at}
    )
    delayed = client.workers.schedules.create(
        wid, input="Run later", when={"type": "delayed", "delay_in_seconds": 3600}, budget="low"
    )
    cron = client.workers.schedules.create(
        wid, input="Weekdays", when={"type": "cron", "cron": "0 8 * * 1-5"}, budget="high"
    )
    interval = client.workers.schedules.create(
        wid, input="Hourly", when={"type": "interval", "interval_seconds": 3600}
    )
    assert isinstance(scheduled, ScheduledWorkerSchedule)
    assert isinstance(delayed, DelayedWorkerSchedule) and delayed.delay_in_seconds == 3600
    assert isinstance(cron, CronWorkerSchedule) and cron.cron == "0 8 * * 1-5"
    assert isinstance(interval, IntervalWorkerSchedule) and interval.interval_seconds == 3600
    assert abs((scheduled.next_run_at - at).total_seconds()) < 0.001
    assert delayed.budget == "low" and cron.budget == "high" and interval.budget == "standard"
    assert cron.next_run_at.hour == 8 and cron.next_run_at.weekday() < 5

    listed = client.workers.schedules.list(wid)
    assert listed.worker_id == wid
    assert [s.id for s in listed.schedules] == [scheduled.id, delayed.id, cron.id, interval.id]

    assert client.workers.schedules.cancel(cron.id, worker_id=wid).cancelled is True
    assert [s.id for s in client.workers.schedules.list(wid).schedules] == [
        scheduled.id,
        delayed.id,
        interval.id,
    ]
    with pytest.raises(handinger.NotFoundError):
        client.workers.schedules.cancel(cron.id, worker_id=wid)


def test_webhooks_resource(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    wid = client.workers.create(title="Hooked").id
    empty = client.workers.webhooks.retrieve(wid)
    assert isinstance(empty, Webhook) and empty.url is None and empty.token is None

    first = client.workers.webhooks.update(wid, url=fast_emulator.sink_url("ok"))
    assert first.url == fast_emulator.sink_url("ok")
    assert first.token is not None and first.token.startswith("whk_")
    regenerated = client.workers.webhooks.regenerate_token(wid)
    assert regenerated.token != first.token and regenerated.url == first.url

    executions = client.workers.webhooks.list_executions(wid)
    assert isinstance(executions, WebhookExecutionList)
    assert executions.logs == [] and executions.total_count == 0

    cleared = client.workers.webhooks.delete(wid)
    assert cleared.url is None and cleared.token is None


def test_tasks_resource_and_delivery(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    wid = client.workers.create(title="Runner", output_schema=SCHEMA).id
    client.workers.webhooks.update(wid, url=fast_emulator.sink_url("ok"))
    state = client.tasks.create(
        input="Audit: 'Synergize your workflow'", worker_id=wid, task_id="tsk_sdk"
    )
    assert isinstance(state, Worker)
    assert state.status == "completed" and state.running is False
    assert state.output_text.startswith("# Runner")
    assert state.output[0].content[0].text == state.output_text
    assert state.usage is not None and (state.usage.credits or 0) > 0
    assert state.files and state.files[0].media_type == "text/markdown"
    assert state.sources and state.structured_output is not None
    assert state.structured_output["verdict"] == "ok"

    follow_up = client.tasks.create(input="Shorter please", task_id="tsk_sdk", budget="low")
    assert follow_up.id == wid
    task = client.tasks.retrieve("tsk_sdk")
    assert isinstance(task, TaskWithTurns)
    assert task.task.status == "completed" and task.task.triggered_by == "api"
    assert task.task.totals.turn_count == 2
    assert [t.seq for t in task.turns] == [0, 1]
    assert task.turns[1].input == "Shorter please"

    assert client.tasks.delete("tsk_sdk").archived is True
    with pytest.raises(handinger.NotFoundError):
        client.tasks.retrieve("tsk_sdk")

    # The deliveries were recorded as executions the SDK can read.
    logs = client.workers.webhooks.list_executions(wid, page=1)
    assert logs.total_count >= 1
    assert logs.logs[0].request_status == "success"


def test_task_without_worker_creates_one(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    before = fast_emulator.worker_ids()
    state = client.tasks.create(input="Summarise the week in three bullets", budget="low")
    assert state.status == "completed"
    assert fast_emulator.worker_ids() == [*before, state.id]


def test_error_classes(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    with pytest.raises(handinger.AuthenticationError) as auth:
        sdk(fast_emulator, key="wrong").workers.create(title="x")
    assert auth.value.status_code == 401
    assert auth.value.body == {"error": "Invalid API key"}
    with pytest.raises(handinger.NotFoundError):
        client.workers.retrieve("t_org_1_w_missing")
    with pytest.raises(handinger.UnprocessableEntityError) as bad:
        client.workers.create(title="x" * 201)
    assert bad.value.body == {"error": "title: must be at most 200 characters"}
    fast_emulator.set_faults(rateLimitRate=1.0, retryAfter=3)
    with pytest.raises(handinger.RateLimitError) as limited:
        client.workers.create(title="x")
    assert limited.value.response.headers["retry-after"] == "3"
    fast_emulator.set_faults(errorRate=1.0, errorStatus=503)
    with pytest.raises(handinger.InternalServerError):
        client.workers.create(title="x")


def test_demo_seed_through_the_sdk(demo_emulator: EmulatorServer) -> None:
    client = sdk(demo_emulator)
    lax = sdk_default_mode(demo_emulator)
    listing = demo_emulator.workers()
    ids = [w["id"] for w in listing]
    assert len(ids) >= 6
    statuses = set()
    failed = {}
    triggers = set()
    for w in listing:
        wid = w["id"]
        try:
            state = client.workers.retrieve(wid)
        except handinger.APIResponseValidationError:
            # The schema says Worker.error is always null; a run that failed or was aborted
            # sets it, like the real service does. The SDK's default mode accepts it.
            state = lax.workers.retrieve(wid)
            failed[w["title"]] = state.error
        statuses.add(state.status)
        client.workers.schedules.list(wid)
        client.workers.retrieve_email(wid)
        if w["template"]["userId"] == USER_ID:  # the webhook is the creator's business
            client.workers.webhooks.retrieve(wid)
        else:
            with pytest.raises(handinger.PermissionDeniedError):
                client.workers.webhooks.retrieve(wid)
        if w["lastTaskId"] is not None:
            task = client.tasks.retrieve(w["lastTaskId"])  # strict: every status and trigger
            triggers.add((task.task.triggered_by, task.task.status))
    assert statuses == {"completed", "running", "pending"}
    assert failed == {
        "Invoice inbox extractor": {
            "code": "task_failed",
            "message": "Could not read invoice-0042.pdf: the PDF is password-protected",
        },
        "Churn risk scorer": {
            "code": "aborted",
            "message": "Stopped from the dashboard before it finished",
        },
    }
    assert {("email", "error"), ("ui", "aborted"), ("ui", "completed")} <= triggers
    vendor = client.workers.retrieve(
        next(w["id"] for w in listing if w["title"] == "Vendor security review")
    )
    assert None in [s.title for s in vendor.sources]
    assert None in [f.filename for f in vendor.files]
    pages = []
    page = 1
    while True:
        result = client.workers.webhooks.list_executions(ids[0], page=page)
        pages.append(result)
        if page >= result.page_count:
            break
        page += 1
    assert len(pages) == 3
    assert sum(len(p.logs) for p in pages) == pages[0].total_count == 120
    assert {log.request_status for p in pages for log in p.logs} == {"success", "error"}


async def test_async_sdk(fast_emulator: EmulatorServer) -> None:
    async with handinger.AsyncHandinger(
        api_key=fast_emulator.api_key,
        base_url=fast_emulator.base_url,
        _strict_response_validation=True,
        max_retries=0,
        http_client=httpx.AsyncClient(trust_env=False),
    ) as client:
        created = await client.workers.create(title="Async")
        state = await client.tasks.create(input="Go", worker_id=created.id, budget="low")
        assert state.status == "completed"
        schedules = await client.workers.schedules.list(created.id)
        assert schedules.schedules == []
        with pytest.raises(handinger.UnprocessableEntityError):
            await client.workers.schedules.create(
                created.id, input="", when={"type": "delayed", "delay_in_seconds": 5}
            )


def test_second_user_gets_permission_denied_and_not_found() -> None:
    with EmulatorServer(
        api_key=API_KEY, extra_api_keys=["hdg_test_sdk_second_user"], seed="empty"
    ) as server:
        owner = sdk(server)
        other = sdk(server, key="hdg_test_sdk_second_user")
        public = owner.workers.create(title="Shared")
        private = owner.workers.create(title="Secret", visibility="private")
        assert isinstance(other.workers.retrieve(public.id), Worker)
        with pytest.raises(handinger.PermissionDeniedError) as denied:
            other.workers.update(public.id, title="Taken over")
        assert denied.value.status_code == 403
        assert denied.value.body == {
            "error": f"Forbidden: only the worker's creator may update it (worker {public.id})"
        }
        with pytest.raises(handinger.PermissionDeniedError):
            other.workers.webhooks.retrieve(public.id)
        with pytest.raises(handinger.NotFoundError):
            other.workers.retrieve(private.id)
        theirs = other.workers.create(title="Theirs")
        assert theirs.user_id != public.user_id


def test_runs_that_end_early_and_other_triggers(fast_emulator: EmulatorServer) -> None:
    client = sdk(fast_emulator)
    wid = client.workers.create(title="Fragile").id
    emailed = fast_emulator.trigger(wid, "email", "Fwd: see https://example.org/a and chart it")
    fast_emulator.end_task(emailed["taskId"], "error", "Out of memory")
    task = client.tasks.retrieve(emailed["taskId"])
    assert (task.task.status, task.task.triggered_by) == ("error", "email")
    assert task.task.created_by_user_id is None and task.turns[0].status == "error"
    with pytest.raises(handinger.APIResponseValidationError):
        client.workers.retrieve(wid)  # strict: the schema's Worker.error is always null
    state = sdk_default_mode(fast_emulator).workers.retrieve(wid)
    assert state.error == {"code": "task_failed", "message": "Out of memory"}
    assert state.status == "completed" and state.running is False

    clicked = fast_emulator.trigger(wid, "ui", "Read https://example.org/b and add a chart")
    deadline = time.monotonic() + 10
    while client.tasks.retrieve(clicked["taskId"]).task.status != "completed":
        assert time.monotonic() < deadline, "the dashboard run did not complete"
        time.sleep(0.02)
    task = client.tasks.retrieve(clicked["taskId"])
    assert task.task.triggered_by == "ui" and task.task.created_by_user_id is not None
    state = client.workers.retrieve(wid)  # strict again: the latest run completed
    assert state.error is None
    assert None in [s.title for s in state.sources]
    assert None in [f.filename for f in state.files]
