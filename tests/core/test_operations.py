"""Operator actions against the real emulator: the change on the server, in the registry and
in the explorer state; ambiguous failures re-checked, never re-sent."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from handinger_tui.api import errors, models
from handinger_tui.core.drafts import FieldErrors, ScheduleDraft, WorkerDraft
from handinger_tui.core.operations import NotApplied, Operations, OutcomeUnknown
from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session
from handinger_tui.core.state import Key, Kind, Trouble
from handinger_tui.emulator import EmulatorServer
from tests.support import examples
from tests.support.api import MockAPI
from tests.support.emulator import TEST_API_KEY

SCHEMA: dict[str, Any] = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
SCHEDULES_ROUTE = "/api/workers/{workerId}/schedules"


@pytest.fixture
def fast() -> Iterator[EmulatorServer]:
    """An empty emulator whose task runs take 0.05 s (for run_task)."""
    with EmulatorServer(api_key=TEST_API_KEY, seed="empty", task_seconds=0.05) as server:
        yield server


async def open_session(emu: EmulatorServer) -> Session:
    return Session.open(
        api_key=emu.api_key, base_url=emu.base_url, registry=Registry.in_memory(emu.base_url)
    )


@pytest.fixture
async def session(emulator: EmulatorServer) -> AsyncIterator[Session]:
    s = await open_session(emulator)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
def ops(session: Session) -> Operations:
    return Operations(session)


class Recorder:
    """Every request the session's client sends: (method, path, JSON body or None)."""

    def __init__(self, session: Session) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.on_request: list[Any] = []
        session.client.http_client.event_hooks["request"].append(self._hook)

    async def _hook(self, request: httpx.Request) -> None:
        body = json.loads(request.content) if request.content else None
        self.sent.append((request.method, request.url.path, body))
        for check in self.on_request:
            check(request)

    def bodies(self, method: str) -> list[Any]:
        return [body for m, _path, body in self.sent if m == method]


def _listed(session: Session, worker_id: str) -> list[models.WorkerSchedule]:
    """The schedules the state shows for a worker (they must be loaded)."""
    listing = session.state.schedules(worker_id)
    assert listing is not None
    return listing.schedules


def hits(emu: EmulatorServer, route: str) -> int:
    count: int = emu.stats()["routes"].get(route, 0)
    return count


def template_on(emu: EmulatorServer, worker_id: str) -> dict[str, Any]:
    info = next(w for w in emu.workers() if w["id"] == worker_id)
    template: dict[str, Any] = info["template"]
    return template


# ------------------------------------------------------------------------------ workers


async def test_create_worker_tracks_and_leaves_the_selection_to_the_ui(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    draft = WorkerDraft(title="Auditor", summary="Checks copy", output_schema=json.dumps(SCHEMA))
    template = await ops.create_worker(draft)
    on_server = template_on(emulator, template.id)
    assert on_server["title"] == "Auditor" and on_server["outputSchema"] == SCHEMA
    record = session.registry.get(template.id)
    assert record is not None and record.source == "created" and record.title == "Auditor"
    assert record.output_schema == SCHEMA
    assert session.state.selected is None  # the UI alone owns the selection


async def test_invalid_draft_sends_nothing(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    session.registry.remember_template({"id": "w", "title": "Known"})
    emulator.reset_stats()
    with pytest.raises(FieldErrors) as info:
        await ops.create_worker(WorkerDraft(title="x" * 201, output_schema='{"type": 5}'))
    assert set(info.value.errors) == {"title", "output_schema"}
    with pytest.raises(FieldErrors):
        await ops.update_worker("w", WorkerDraft(title=""))
    with pytest.raises(FieldErrors):
        await ops.set_webhook("w", "http://hooks.example.com")
    assert emulator.stats()["total"] == 0


async def test_server_422_surfaces_with_its_message(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    emulator.set_faults(errorRate=1.0, errorStatus=422, methods=["POST"], routes=["/api/workers"])
    with pytest.raises(errors.ValidationError) as info:
        await ops.create_worker(WorkerDraft(title="Rejected"))
    assert info.value.server_message == "Injected fault: HTTP 422"
    assert "Injected fault: HTTP 422" in str(info.value)
    assert len(session.registry) == 0 and session.state.selected is None


async def test_create_worker_outcome_unknown_is_not_resent(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    emulator.set_faults(errorRate=1.0, errorStatus=500, methods=["POST"], routes=["/api/workers"])
    with pytest.raises(OutcomeUnknown) as info:
        await ops.create_worker(WorkerDraft(title="Maybe"))
    assert info.value.exists is None and "dashboard" in str(info.value)
    assert isinstance(info.value.__cause__, errors.ServerError)
    assert hits(emulator, "POST /api/workers") == 1
    assert len(session.registry) == 0


async def test_update_sends_only_changed_fields(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    template = await ops.create_worker(
        WorkerDraft(title="T", summary="S", instructions="I", output_schema=json.dumps(SCHEMA))
    )
    wid = template.id
    recorder = Recorder(session)
    from handinger_tui.core.drafts import draft_from_template

    draft = draft_from_template(session.registry.get(wid))
    assert await ops.update_worker(wid, draft) is None  # nothing changed: nothing sent

    draft.summary = "New summary"
    updated = await ops.update_worker(wid, draft)
    assert updated is not None and updated.summary == "New summary"

    draft.output_schema = ""
    await ops.update_worker(wid, draft)

    assert recorder.bodies("PATCH") == [{"summary": "New summary"}, {"outputSchema": None}]
    assert hits(emulator, "PATCH /api/workers/{workerId}") == 2
    on_server = template_on(emulator, wid)
    assert on_server["summary"] == "New summary" and on_server["outputSchema"] is None
    assert on_server["title"] == "T" and on_server["instructions"] == "I"
    record = session.registry.get(wid)
    assert record is not None and record.summary == "New summary" and record.output_schema is None


async def test_update_of_an_unknown_template_leaves_other_fields(
    demo_emulator: EmulatorServer,
) -> None:
    session = await open_session(demo_emulator)
    try:
        ops = Operations(session)
        wid = demo_emulator.worker_ids()[0]
        before = template_on(demo_emulator, wid)
        ops.track(wid)  # tracked by id: nothing of its template is known
        recorder = Recorder(session)
        from handinger_tui.core.drafts import draft_from_template

        draft = draft_from_template(session.registry.get(wid))
        assert await ops.update_worker(wid, draft) is None
        draft.title = "Renamed"
        await ops.update_worker(wid, draft)
        assert recorder.bodies("PATCH") == [{"title": "Renamed"}]
        after = template_on(demo_emulator, wid)
        assert after["title"] == "Renamed"
        for name in ("summary", "instructions", "visibility", "outputSchema"):
            assert after[name] == before[name]
        record = session.registry.get(wid)
        assert record is not None and record.title == "Renamed" and record.template_known
    finally:
        await session.close()


async def test_delete_worker_untracks(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Doomed"))).id
    session.state.resource(Key(Kind.SCHEDULES, wid))
    session.state.selected = wid
    await ops.delete_worker(wid)
    assert wid not in emulator.worker_ids()
    assert wid not in session.registry
    assert session.state.selected == wid  # the UI alone decides what is selected next
    assert not any(key.worker_id == wid for key in session.state.resources)


async def test_delete_failure_keeps_everything(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    ops.track("t_org_1_w_missing")
    with pytest.raises(errors.NotFoundError):
        await ops.delete_worker("t_org_1_w_missing")
    assert "t_org_1_w_missing" in session.registry


async def test_track_untrack_restore(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    emulator.reset_stats()
    assert ops.track("a_1") == "a_1"
    url = "https://v3.handinger.com/worker/t_org_4821_w_01J8/task/tsk_1?x=1"
    assert ops.track(f"  {url} ") == "t_org_4821_w_01J8"
    ops.track("c_3")
    with pytest.raises(ValueError, match="neither a worker id nor a dashboard URL"):
        ops.track("https://example.com/about")
    session.state.selected = "t_org_4821_w_01J8"
    session.state.resource(Key(Kind.WORKER, "t_org_4821_w_01J8"))
    record = ops.untrack("t_org_4821_w_01J8")
    assert record is not None and session.registry.ids() == ["a_1", "c_3"]
    assert not session.state.resources
    assert session.state.selected == "t_org_4821_w_01J8"  # the UI alone moves the selection
    ops.restore(record)
    assert session.registry.ids() == ["a_1", "t_org_4821_w_01J8", "c_3"]
    assert ops.untrack("never_tracked") is None
    assert emulator.stats()["total"] == 0  # no API call


async def test_a_write_clears_the_marks_of_an_earlier_failure(
    ops: Operations, session: Session
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Hooked"))).id
    res = session.state.resource(Key(Kind.WEBHOOK, wid))
    res.error, res.trouble, res.failed_at, res.failures = "server errors", Trouble.SERVER, 1.0, 2
    await ops.set_webhook(wid, "https://hooks.example.com/handinger")
    assert (res.error, res.trouble, res.failed_at, res.failures) == (None, None, None, 0)
    assert res.loaded and not res.stale


async def test_track_refuses_a_url_on_a_host_that_is_not_a_dashboard(
    ops: Operations, session: Session
) -> None:
    with pytest.raises(ValueError, match=r"on evil\.example, not a Handinger dashboard"):
        ops.track("https://evil.example/worker/t_org_1_w_X/task/tsk_1")
    assert "t_org_1_w_X" not in session.registry
    assert ops.track("https://app.handinger.com/worker/t_org_1_w_X") == "t_org_1_w_X"


# -------------------------------------------------------------------------------- tasks


async def test_run_task_follows_the_run(fast: EmulatorServer) -> None:
    session = await open_session(fast)
    try:
        ops = Operations(session)
        wid = (await ops.create_worker(WorkerDraft(title="Runner"))).id
        key = Key(Kind.WORKER, wid)
        seen_when_sent: list[tuple[Any, float]] = []
        first = await session.client.workers.retrieve(wid)
        session.state.resource(key).value = first.model_copy(update={"status": "completed"})
        recorder = Recorder(session)

        def at_post(request: httpx.Request) -> None:
            if request.method == "POST":
                res = session.state.resource(key)
                seen_when_sent.append((getattr(res.value, "status", None), res.next_due))

        recorder.on_request.append(at_post)
        result = await ops.run_task(wid, "Audit the blog", "low")
        assert result.status == "completed" and result.output_text
        # before the blocking POST went out, the worker was shown started and due now
        status, due = seen_when_sent[0]
        assert status == "pending" and due <= session.coordinator.clock.monotonic()
        assert session.state.value(key) is result
        body = recorder.bodies("POST")[0]
        assert body["workerId"] == wid and body["budget"] == "low"
        assert body["taskId"].startswith("tsk_")
        assert await ops.recheck_task(body["taskId"]) is True
        assert await ops.recheck_task("tsk_nope") is False
        with pytest.raises(FieldErrors):
            await ops.run_task(wid, "  ", "standard")
    finally:
        await session.close()


async def test_run_task_dropped_connection_is_rechecked(fast: EmulatorServer) -> None:
    session = await open_session(fast)
    try:
        ops = Operations(session)
        wid = (await ops.create_worker(WorkerDraft(title="Runner"))).id
        fast.set_faults(dropRate=1.0, methods=["POST"], routes=["/api/tasks"])
        with pytest.raises(OutcomeUnknown) as info:
            await ops.run_task(wid, "Audit the blog")
        assert info.value.exists is False and info.value.ref is not None
        assert info.value.ref in str(info.value)
        assert isinstance(info.value.__cause__, errors.ConnectionFailedError)
        assert hits(fast, "POST /api/tasks") == 1
        assert hits(fast, "GET /api/tasks/{taskId}") == 1
    finally:
        await session.close()


async def test_run_task_unreadable_answer_finds_the_task(fast: EmulatorServer) -> None:
    session = await open_session(fast)
    try:
        ops = Operations(session)
        wid = (await ops.create_worker(WorkerDraft(title="Runner"))).id
        fast.set_faults(malformedRate=1.0, methods=["POST"], routes=["/api/tasks"])
        with pytest.raises(OutcomeUnknown) as info:
            await ops.run_task(wid, "Audit the blog")
        assert info.value.exists is True and "do not send it again" in str(info.value)
        assert hits(fast, "POST /api/tasks") == 1
        task = await session.client.tasks.retrieve(str(info.value.ref))
        assert task.task.worker_id == wid
    finally:
        await session.close()


# ---------------------------------------------------------------------------- schedules


async def test_create_and_cancel_schedule(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Sched"))).id
    key = Key(Kind.SCHEDULES, wid)
    session.state.resource(key).value = await session.client.workers.schedules.list(wid)
    draft = ScheduleDraft(kind="cron", when="0 8 * * 1-5", budget="high", input="Daily audit")
    schedule = await ops.create_schedule(wid, draft)
    assert isinstance(schedule, models.CronSchedule) and schedule.cron == "0 8 * * 1-5"
    listed = (await session.client.workers.schedules.list(wid)).schedules
    assert [s.id for s in listed] == [schedule.id] and listed[0].budget == "high"
    assert [s.id for s in _listed(session, wid)] == [schedule.id]

    future = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    one_off = ScheduleDraft(kind="scheduled", when=future.isoformat(), input="Once")
    scheduled = await ops.create_schedule(wid, one_off)
    assert scheduled.next_run_at == future

    await ops.cancel_schedule(wid, schedule.id)
    remaining = (await session.client.workers.schedules.list(wid)).schedules
    assert [s.id for s in remaining] == [scheduled.id]
    assert [s.id for s in _listed(session, wid)] == [scheduled.id]
    with pytest.raises(errors.NotFoundError):
        await ops.cancel_schedule(wid, schedule.id)


async def test_create_schedule_5xx_is_rechecked_not_resent(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Sched"))).id
    emulator.set_faults(errorRate=1.0, methods=["POST"], routes=[SCHEDULES_ROUTE])
    draft = ScheduleDraft(kind="delayed", when="15m", input="Later")
    with pytest.raises(OutcomeUnknown) as info:
        await ops.create_schedule(wid, draft)
    assert info.value.exists is False and "not created" in str(info.value)
    assert hits(emulator, f"POST {SCHEDULES_ROUTE}") == 1
    assert hits(emulator, f"GET {SCHEDULES_ROUTE}") == 1


async def test_create_schedule_lost_answer_finds_it(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Sched"))).id
    emulator.set_faults(malformedRate=1.0, methods=["POST"], routes=[SCHEDULES_ROUTE])
    draft = ScheduleDraft(kind="interval", when="2h", input="Every two hours")
    with pytest.raises(OutcomeUnknown) as info:
        await ops.create_schedule(wid, draft)
    assert info.value.exists is True
    assert hits(emulator, f"POST {SCHEDULES_ROUTE}") == 1
    assert [s.input for s in _listed(session, wid)] == ["Every two hours"]


async def test_schedule_422_surfaces_with_its_message(
    ops: Operations, emulator: EmulatorServer
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Sched"))).id
    emulator.set_faults(errorRate=1.0, errorStatus=422, methods=["POST"], routes=[SCHEDULES_ROUTE])
    with pytest.raises(errors.ValidationError) as info:
        await ops.create_schedule(wid, ScheduleDraft(when="1m", input="x"))
    assert info.value.server_message == "Injected fault: HTTP 422"
    assert info.value.outcome_unknown is False


# ------------------------------------------------------------------------ webhook, email


async def test_webhook_set_regenerate_remove(
    ops: Operations, session: Session, emulator: EmulatorServer
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Hooked"))).id
    key = Key(Kind.WEBHOOK, wid)
    url = emulator.sink_url("ops")
    webhook = await ops.set_webhook(wid, f"  {url}  ")
    assert webhook.url == url and webhook.token is not None
    assert template_on(emulator, wid) is not None
    assert next(w for w in emulator.workers() if w["id"] == wid)["webhookUrl"] == url
    assert session.state.value(key) is webhook

    fresh = await ops.regenerate_token(wid)
    assert fresh.token is not None
    assert fresh.token.get_secret_value() != webhook.token.get_secret_value()
    on_server = await session.client.workers.webhooks.retrieve(wid)
    assert on_server.token is not None
    assert on_server.token.get_secret_value() == fresh.token.get_secret_value()
    assert session.state.value(key) is fresh

    removed = await ops.remove_webhook(wid)
    assert removed.url is None and removed.token is None
    assert next(w for w in emulator.workers() if w["id"] == wid)["webhookUrl"] is None
    assert session.state.value(key) is removed


async def test_email_is_fetched_once(ops: Operations, emulator: EmulatorServer) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Mailbox"))).id
    expected = next(w for w in emulator.workers() if w["id"] == wid)["email"]
    assert await ops.email(wid) == expected
    assert await ops.email(wid) == expected
    assert hits(emulator, "GET /api/workers/{workerId}/email") == 1


# ------------------------------------------------------------------ DELETE semantics


async def test_server_answering_not_done_is_reported_as_not_done(
    ops: Operations, session: Session
) -> None:
    wid = examples.WORKER_ID
    ops.track(wid)
    schedules = Key(Kind.SCHEDULES, wid)
    listing = models.ScheduleList.model_validate(examples.SCHEDULE_LIST)
    session.state.resource(schedules).value = listing
    sid = listing.schedules[0].id
    api = MockAPI()
    api.add("DELETE", f"/api/workers/{wid}", {"deleted": False})
    api.add("DELETE", f"/api/workers/{wid}/schedules/{sid}", {"cancelled": False})
    api.add("DELETE", f"/api/workers/{wid}/webhook", examples.WEBHOOK)
    session.retired.append(session.client)  # closed with the session
    session.client = api.client()

    with pytest.raises(NotApplied, match="deleted: false"):
        await ops.delete_worker(wid)
    assert wid in session.registry
    with pytest.raises(NotApplied, match="cancelled: false") as info:
        await ops.cancel_schedule(wid, sid)
    assert "may still run" in info.value.message
    assert session.state.value(schedules) is listing  # still listed: it was not cancelled
    with pytest.raises(NotApplied, match="not removed"):
        await ops.remove_webhook(wid)
    shown = session.state.webhook(wid)
    assert isinstance(shown, models.Webhook) and shown.url == examples.WEBHOOK["url"]


@pytest.mark.parametrize(
    "fault", [{"errorAfterRate": 1.0}, {"dropAfterRate": 1.0}], ids=["html-502", "drop"]
)
async def test_delete_applied_but_answer_lost_counts_as_done(
    ops: Operations, session: Session, emulator: EmulatorServer, fault: dict[str, Any]
) -> None:
    wid = (await ops.create_worker(WorkerDraft(title="Doomed"))).id
    await ops.set_webhook(wid, emulator.sink_url("ops"))
    when = {"type": "delayed", "delayInSeconds": 3600}
    sid = (await session.client.workers.schedules.create(wid, input="x", when=when)).id
    schedules = Key(Kind.SCHEDULES, wid)
    session.state.resource(schedules).value = await session.client.workers.schedules.list(wid)

    emulator.set_faults(**fault, methods=["DELETE"], count=1)
    await ops.cancel_schedule(wid, sid)  # applied, answer lost, retry: 404 = already gone
    assert _listed(session, wid) == []
    emulator.set_faults(**fault, methods=["DELETE"], count=1)
    removed = await ops.remove_webhook(wid)  # applied, answer lost, retry: still none
    assert removed.url is None
    emulator.set_faults(**fault, methods=["DELETE"], count=1)
    await ops.delete_worker(wid)
    assert wid not in emulator.worker_ids() and wid not in session.registry
    assert hits(emulator, "DELETE /api/workers/{workerId}") == 2
