"""HandingerClient against the local emulator over real loopback HTTP.

Every endpoint, every error class provoked for real, retries counted with the emulator's
request stats. Retry waits go through fake time (recorded, never slept).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from handinger_tui.api import HandingerClient, errors, models
from handinger_tui.emulator import EmulatorServer
from tests.support.api import FakeTime

KEY = "hdg_test_client_emulator_key_0123"
WORKER_ROUTE = "GET /api/workers/{workerId}"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"onBrand": {"type": "boolean"}},
    "required": ["onBrand"],
}


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    """An empty emulator whose tasks take 0.1 s."""
    with EmulatorServer(api_key=KEY, seed="empty", task_seconds=0.1) as emu:
        yield emu


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def make_client(emu: EmulatorServer, fake_time: FakeTime, **kwargs: Any) -> HandingerClient:
    kwargs.setdefault("api_key", emu.api_key)
    kwargs.setdefault("base_url", emu.base_url)
    kwargs.setdefault("http_client", httpx.AsyncClient(trust_env=False))
    return HandingerClient(_hooks=fake_time.hooks(), **kwargs)


@pytest.fixture
async def client(server: EmulatorServer, fake_time: FakeTime) -> AsyncIterator[HandingerClient]:
    api = make_client(server, fake_time)
    try:
        yield api
    finally:
        await api.http_client.aclose()


def hits(emu: EmulatorServer, route: str) -> int:
    count: int = emu.stats()["routes"].get(route, 0)
    return count


# --- every endpoint ----------------------------------------------------------------------


async def test_worker_lifecycle(client: HandingerClient, server: EmulatorServer) -> None:
    template = await client.workers.create(
        title="Brand voice analyzer",
        prompt="Check copy against the Acme brand voice guide.",
        summary="Audits copy.",
        visibility="private",
        output_schema=SCHEMA,
    )
    assert isinstance(template, models.WorkerTemplate)
    assert (template.title, template.visibility, template.output_schema) == (
        "Brand voice analyzer",
        "private",
        SCHEMA,
    )
    wid = template.id
    assert wid in server.worker_ids()

    state = await client.workers.retrieve(wid)
    assert isinstance(state, models.Worker) and state.id == wid
    assert state.status in models.KNOWN_WORKER_STATUSES

    updated = await client.workers.update(wid, title="Claim verdict v2", output_schema=None)
    assert updated.title == "Claim verdict v2" and updated.output_schema is None
    assert updated.visibility == "private" and updated.summary == "Audits copy."

    email = await client.workers.retrieve_email(wid)
    assert "@" in email.email

    assert (await client.workers.delete(wid)).deleted is True
    with pytest.raises(errors.NotFoundError):
        await client.workers.retrieve(wid)


async def test_schedules_all_four_kinds(client: HandingerClient) -> None:
    wid = (await client.workers.create(title="Scheduler")).id
    at = datetime.now(UTC) + timedelta(days=2)
    made = [
        await client.workers.schedules.create(
            wid, input="once", when=models.ScheduledWhen(date=at)
        ),
        await client.workers.schedules.create(
            wid, input="later", when=models.DelayedWhen(delay_in_seconds=3600), budget="low"
        ),
        await client.workers.schedules.create(
            wid, input="weekdays", when={"type": "cron", "cron": "0 8 * * 1-5"}, budget="high"
        ),
        await client.workers.schedules.create(
            wid, input="hourly", when={"type": "interval", "intervalSeconds": 3600}
        ),
    ]
    kinds = [models.ScheduledSchedule, models.DelayedSchedule, models.CronSchedule]
    for schedule, cls in zip(made, [*kinds, models.IntervalSchedule], strict=True):
        assert isinstance(schedule, cls)
        assert isinstance(schedule.next_run_at, datetime)
    assert isinstance(made[0], models.ScheduledSchedule)
    assert made[0].next_run_at is not None
    assert abs((made[0].next_run_at - at).total_seconds()) < 1
    assert isinstance(made[1], models.DelayedSchedule) and made[1].delay_in_seconds == 3600
    assert made[1].budget == "low"

    listed = await client.workers.schedules.list(wid)
    assert listed.worker_id == wid
    assert sorted(s.id for s in listed.schedules) == sorted(s.id for s in made)

    cancelled = await client.workers.schedules.cancel(made[2].id, worker_id=wid)
    assert cancelled.cancelled is True
    remaining = await client.workers.schedules.list(wid)
    assert made[2].id not in {s.id for s in remaining.schedules}


async def test_webhook_lifecycle(client: HandingerClient, server: EmulatorServer) -> None:
    wid = (await client.workers.create(title="Hooked")).id
    empty = await client.workers.webhooks.retrieve(wid)
    assert empty.url is None and empty.token is None

    url = server.sink_url("client-tests")
    hook = await client.workers.webhooks.update(wid, url=url)
    assert hook.url == url and hook.token is not None
    first = hook.token.get_secret_value()
    assert first not in repr(hook)
    assert (await client.workers.webhooks.retrieve(wid)).token == hook.token

    regenerated = await client.workers.webhooks.regenerate_token(wid)
    assert regenerated.url == url and regenerated.token is not None
    assert regenerated.token.get_secret_value() != first

    page = await client.workers.webhooks.list_executions(wid)
    assert isinstance(page, models.WebhookExecutionList) and page.page == 1

    cleared = await client.workers.webhooks.delete(wid)
    assert cleared.url is None and cleared.token is None
    await client.workers.webhooks.update(wid, url=url)
    removed = await client.workers.webhooks.update(wid, url=None)
    assert removed.url is None and removed.token is None


async def test_tasks_run_read_and_archive(client: HandingerClient, server: EmulatorServer) -> None:
    wid = (await client.workers.create(title="Runner", output_schema=SCHEMA)).id
    url = server.sink_url("task-tests")
    await client.workers.webhooks.update(wid, url=url)
    state = await client.tasks.create(
        input="Audit: 'Synergize your workflow'", worker_id=wid, budget="low", task_id="tsk_mine1"
    )
    assert isinstance(state, models.Worker)
    assert state.status == "completed" and state.running is False and state.output_text
    assert state.created_at_datetime is not None

    task = await client.tasks.retrieve("tsk_mine1")
    assert task.task.id == "tsk_mine1" and task.task.worker_id == wid
    assert task.task.triggered_by == "api" and len(task.turns) == 1
    assert task.turns[0].structured_output is not None

    follow_up = await client.tasks.create(
        input="And the subtitle?", worker_id=wid, task_id="tsk_mine1"
    )
    assert follow_up.status == "completed"
    assert len((await client.tasks.retrieve("tsk_mine1")).turns) == 2

    assert (await client.tasks.delete("tsk_mine1")).archived is True
    assert hits(server, "POST /api/tasks") == 2  # each run sent exactly once


async def test_task_without_a_worker(client: HandingerClient) -> None:
    state = await client.tasks.create(input="What is 2 + 2?")
    assert state.status == "completed" and state.id


async def test_demo_data_parses(demo_emulator: EmulatorServer, fake_time: FakeTime) -> None:
    api = make_client(demo_emulator, fake_time)
    kinds: set[str] = set()
    paged = 0
    for info in demo_emulator.workers():
        wid = info["id"]
        state = await api.workers.retrieve(wid)
        assert state.id == wid
        schedules = await api.workers.schedules.list(wid)
        kinds |= {type(s).__name__ for s in schedules.schedules}
        assert not any(isinstance(s, models.UnknownSchedule) for s in schedules.schedules)
        if info["lastTaskId"]:
            task = await api.tasks.retrieve(info["lastTaskId"])
            assert task.task.worker_id == wid
        if info["webhookUrl"]:
            hook = await api.workers.webhooks.retrieve(wid)
            assert hook.url == info["webhookUrl"]
            first = await api.workers.webhooks.list_executions(wid)
            if first.page_count > 1:
                paged += 1
                assert len(first.logs) == 50
                last = await api.workers.webhooks.list_executions(wid, page=first.page_count)
                assert 0 < len(last.logs) <= 50
                assert first.total_count == 50 * (first.page_count - 1) + len(last.logs)
                dates = [e.created_at for e in first.logs]
                assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
                assert {e.request_status for e in first.logs} == {"success", "error"}
    assert kinds == {"ScheduledSchedule", "DelayedSchedule", "CronSchedule", "IntervalSchedule"}
    assert paged >= 1
    await api.http_client.aclose()


# --- errors provoked for real --------------------------------------------------------------


async def test_wrong_key_is_an_authentication_error(
    server: EmulatorServer, fake_time: FakeTime
) -> None:
    api = make_client(server, fake_time, api_key="hdg_live_wrong_key_987654")
    with pytest.raises(errors.AuthenticationError) as info:
        await api.workers.schedules.list("t_org_1_w_X")
    assert str(info.value) == (
        "Could not list schedules of worker t_org_1_w_X: the server said 'Invalid API key' "
        "(401). Check HANDINGER_API_KEY."
    )
    assert info.value.attempts == 1 and fake_time.sleeps == []
    assert "hdg_live_wrong_key_987654" not in repr(info.value) + str(vars(info.value))


async def test_unknown_ids_are_not_found(client: HandingerClient) -> None:
    with pytest.raises(errors.NotFoundError) as info:
        await client.workers.retrieve("t_org_0_w_nope")
    assert info.value.status_code == 404 and info.value.server_message
    assert str(info.value).startswith("Could not load worker t_org_0_w_nope: the server said")
    with pytest.raises(errors.NotFoundError):
        await client.tasks.retrieve("tsk_missing")
    wid = (await client.workers.create(title="x")).id
    with pytest.raises(errors.NotFoundError):
        await client.workers.schedules.cancel("sch_missing", worker_id=wid)
    with pytest.raises(errors.NotFoundError):
        await client.workers.webhooks.regenerate_token(wid)  # no webhook yet


async def test_ids_with_slashes_stay_one_segment(client: HandingerClient) -> None:
    with pytest.raises(errors.NotFoundError) as info:
        await client.workers.retrieve_email("a/b")
    assert info.value.request_label == "GET /api/workers/a%2Fb/email"


async def test_an_encoded_slash_never_reaches_another_route(
    client: HandingerClient, server: EmulatorServer
) -> None:
    wid = (await client.workers.create(title="x")).id
    with pytest.raises(errors.NotFoundError):
        await client.workers.retrieve(f"{wid}/email")
    assert hits(server, "GET /api/workers/{workerId}/email") == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "x" * 201}, "title"),
        ({"title": ""}, "title"),
        ({"summary": "s" * 81}, "summary"),
        ({"instructions": "i" * 20001}, "instructions"),
        ({"prompt": "p" * 10001}, "prompt"),
        ({"output_schema": {"type": "nonsense"}}, "outputSchema"),
        ({"visibility": "team"}, "visibility"),
    ],
)
async def test_limits_are_invalid_request_errors(
    client: HandingerClient, server: EmulatorServer, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(errors.InvalidRequestError) as info:
        await client.workers.create(**kwargs)
    assert info.value.status_code in (400, 422)
    assert info.value.server_message and field in info.value.server_message
    assert info.value.outcome_unknown is False
    assert server.worker_ids() == []


@pytest.mark.parametrize(
    "when",
    [
        {"type": "delayed", "delayInSeconds": 31536001},
        {"type": "interval", "intervalSeconds": 0},
        {"type": "cron", "cron": "every day"},
        {"type": "scheduled", "date": "tomorrow"},
    ],
)
async def test_schedule_limits(client: HandingerClient, when: dict[str, Any]) -> None:
    wid = (await client.workers.create(title="x")).id
    with pytest.raises(errors.ValidationError):
        await client.workers.schedules.create(wid, input="x", when=when)


async def test_webhook_url_limits(client: HandingerClient) -> None:
    wid = (await client.workers.create(title="x")).id
    for url in ("http://hooks.example/x", "not a url", "https://h.example/" + "a" * 2048):
        with pytest.raises(errors.ValidationError, match="url"):
            await client.workers.webhooks.update(wid, url=url)


async def test_follow_up_while_running_is_a_conflict(fake_time: FakeTime) -> None:
    slow = EmulatorServer(api_key=KEY, seed="empty", task_seconds=5.0)
    with slow:
        api = make_client(slow, fake_time, max_retries=0)
        wid = (await api.workers.create(title="slow")).id
        first = asyncio.create_task(api.tasks.create(input="long", worker_id=wid, task_id="tsk_c"))
        for _ in range(200):
            if hits(slow, "POST /api/tasks") == 1:
                break
            await asyncio.sleep(0.01)
        with pytest.raises(errors.ConflictError) as info:
            await api.tasks.create(input="again", worker_id=wid, task_id="tsk_c")
        assert info.value.status_code == 409 and info.value.outcome_unknown is False
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        await api.http_client.aclose()


async def test_rate_limit_retry_after_is_honoured(
    client: HandingerClient, server: EmulatorServer, fake_time: FakeTime
) -> None:
    wid = (await client.workers.create(title="x")).id
    server.reset_stats()
    server.set_faults(rateLimitRate=1.0, retryAfter=2, count=1)
    assert (await client.workers.retrieve(wid)).id == wid
    assert hits(server, WORKER_ROUTE) == 2 and fake_time.sleeps == [2.0]

    server.set_faults(rateLimitRate=1.0, retryAfter=7)
    with pytest.raises(errors.RateLimitError) as info:
        await client.with_options(max_retries=0).workers.retrieve(wid)
    assert info.value.retry_after == 7.0 and "Wait 7 s" in str(info.value)
    server.clear_faults()


async def test_server_errors_are_retried_then_succeed(
    client: HandingerClient, server: EmulatorServer, fake_time: FakeTime
) -> None:
    wid = (await client.workers.create(title="x")).id
    server.reset_stats()
    server.set_faults(errorRate=1.0, errorStatus=503, count=2)
    assert (await client.workers.retrieve(wid)).id == wid
    assert hits(server, WORKER_ROUTE) == 3
    assert len(fake_time.sleeps) == 2 and 0.375 <= fake_time.sleeps[0] <= 0.5


async def test_server_errors_exhaust_retries(
    client: HandingerClient, server: EmulatorServer
) -> None:
    wid = (await client.workers.create(title="x")).id
    server.reset_stats()
    server.set_faults(errorRate=1.0, errorStatus=500, routes=["/api/workers/{workerId}"])
    with pytest.raises(errors.ServerError) as info:
        await client.workers.update(wid, title="y")
    assert info.value.attempts == 3 and info.value.status_code == 500
    assert info.value.server_message == "Injected fault: HTTP 500"
    assert hits(server, "PATCH /api/workers/{workerId}") == 3


@pytest.mark.parametrize(
    ("faults", "cls"),
    [
        ({"errorRate": 1.0, "errorStatus": 502}, errors.ServerError),
        ({"dropRate": 1.0}, errors.ConnectionFailedError),
    ],
)
async def test_a_post_under_faults_is_sent_once(
    client: HandingerClient,
    server: EmulatorServer,
    faults: dict[str, Any],
    cls: type[errors.APIError],
) -> None:
    server.set_faults(**faults, methods=["POST"])
    with pytest.raises(cls) as info:
        await client.workers.create(title="once")
    assert info.value.outcome_unknown is True
    assert "check before sending again" in str(info.value)
    assert hits(server, "POST /api/workers") == 1


async def test_malformed_bodies_are_response_format_errors(
    client: HandingerClient, server: EmulatorServer
) -> None:
    wid = (await client.workers.create(title="x")).id
    server.set_faults(malformedRate=1.0)
    with pytest.raises(errors.ResponseFormatError) as info:
        await client.workers.retrieve(wid)
    assert info.value.outcome_unknown is False
    with pytest.raises(errors.ResponseFormatError) as info:
        await client.workers.create(title="applied anyway")
    assert info.value.outcome_unknown is True
    server.clear_faults()
    assert len(server.worker_ids()) == 2  # the malformed create did happen


async def test_dropped_connections(client: HandingerClient, server: EmulatorServer) -> None:
    wid = (await client.workers.create(title="x")).id
    server.reset_stats()
    server.set_faults(dropRate=1.0, count=1)
    assert (await client.workers.retrieve(wid)).id == wid  # retried
    assert hits(server, WORKER_ROUTE) == 2
    server.set_faults(dropRate=1.0)
    with pytest.raises(errors.ConnectionFailedError) as info:
        await client.with_options(max_retries=0).workers.retrieve_email(wid)
    assert "broke before a full answer arrived" in str(info.value)


async def test_latency_beyond_the_timeout(client: HandingerClient, server: EmulatorServer) -> None:
    wid = (await client.workers.create(title="x")).id
    server.set_faults(latencyMs=3000)
    quick = client.with_options(max_retries=0, timeout=httpx.Timeout(0.2, connect=2.0))
    with pytest.raises(errors.RequestTimeoutError) as info:
        await quick.workers.retrieve(wid)
    assert "did not answer within 0.2 s" in str(info.value)
    assert info.value.outcome_unknown is False
    with pytest.raises(errors.RequestTimeoutError) as info:
        await quick.tasks.create(input="x", worker_id=wid, timeout=0.2)
    assert info.value.outcome_unknown is True


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_nothing_listening(fake_time: FakeTime) -> None:
    api = HandingerClient(
        "k",
        f"http://127.0.0.1:{_closed_port()}",
        http_client=httpx.AsyncClient(trust_env=False),
        _hooks=fake_time.hooks(),
    )
    with pytest.raises(errors.ConnectionFailedError) as info:
        await api.workers.retrieve("w1")
    assert info.value.attempts == 3 and len(fake_time.sleeps) == 2
    assert str(info.value).startswith("Could not load worker w1: could not connect to 127.0.0.1:")
    with pytest.raises(errors.ConnectionFailedError) as info:
        await api.workers.create(title="x")  # never sent: retried like a read, never unknown
    assert info.value.attempts == 3 and info.value.outcome_unknown is False
    assert "check before sending again" not in str(info.value)
    await api.http_client.aclose()


@pytest.mark.parametrize(
    "fault",
    [
        {"errorAfterRate": 1.0},
        {"errorAfterRate": 1.0, "errorAfterStatus": 503},
        {"dropAfterRate": 1.0},
    ],
    ids=["html-502-after", "503-after", "drop-after"],
)
async def test_delete_applied_but_answer_lost_is_done_on_retry(
    client: HandingerClient, server: EmulatorServer, fault: dict[str, Any]
) -> None:
    wid = (await client.workers.create(title="doomed")).id
    when = {"type": "delayed", "delayInSeconds": 3600}
    sid = (await client.workers.schedules.create(wid, input="later", when=when)).id
    server.reset_stats()
    server.set_faults(**fault, methods=["DELETE"], count=1)
    assert (await client.workers.schedules.cancel(sid, worker_id=wid)).cancelled is True
    assert (await client.workers.schedules.list(wid)).schedules == []
    assert hits(server, "DELETE /api/workers/{workerId}/schedules/{scheduleId}") == 2
    server.set_faults(**fault, methods=["DELETE"], count=1)
    assert (await client.workers.delete(wid)).deleted is True
    assert wid not in server.worker_ids()
    assert hits(server, "DELETE /api/workers/{workerId}") == 2


@pytest.mark.parametrize(
    "fault", [{"errorAfterRate": 1.0}, {"dropAfterRate": 1.0}], ids=["html-502-after", "drop-after"]
)
async def test_post_applied_but_answer_lost_is_never_resent(
    client: HandingerClient, server: EmulatorServer, fault: dict[str, Any]
) -> None:
    """Guard for the never-sent retry rule: a POST that reached the server stays unknown."""
    server.set_faults(**fault, methods=["POST"], count=1)
    with pytest.raises(errors.APIError) as info:
        await client.with_options(max_retries=5).workers.create(title="once")
    assert info.value.outcome_unknown and "check before sending again" in str(info.value)
    assert hits(server, "POST /api/workers") == 1
    assert [w["template"]["title"] for w in server.workers()] == ["once"]
