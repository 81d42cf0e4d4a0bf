"""Each kind of trouble is told apart on the status line; a running worker is polled fast."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast

import pytest

from handinger_tui.api import errors
from handinger_tui.api.models import Worker
from handinger_tui.core.refresh import RefreshCoordinator
from handinger_tui.core.state import ExplorerState, Key, Kind, Trouble
from handinger_tui.core.trouble import classify
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.ui.kit.status_line import status_text
from tests.support.clock import FrozenClock
from tests.support.refresh import CADENCE, Rig, settle, until

if TYPE_CHECKING:
    from handinger_tui.api import HandingerClient


@pytest.mark.parametrize(
    ("faults", "trouble", "said"),
    [
        ({"dropRate": 1.0}, Trouble.UNREACHABLE, "broke before a full answer"),
        ({"malformedRate": 1.0}, Trouble.UNREADABLE, "GET /api/workers/"),
        ({"errorRate": 1.0, "errorStatus": 418}, Trouble.UNREADABLE, "(418)"),
        ({"rateLimitRate": 1.0, "retryAfter": 5}, Trouble.RATE_LIMITED, "429"),
        ({"errorRate": 1.0, "errorStatus": 503}, Trouble.SERVER, "503"),
        ({"errorRate": 1.0, "errorStatus": 403}, Trouble.DENIED, "403"),  # every request
        ({"errorRate": 1.0, "errorStatus": 401}, Trouble.KEY_REFUSED, "401"),
    ],
)
async def test_the_status_line_tells_each_trouble_apart(
    rig: Rig, faults: dict[str, Any], trouble: Trouble, said: str
) -> None:
    conn = rig.session.state.connection
    assert conn.ok is True
    rig.emulator.set_faults(**faults)
    rig.coordinator.refresh_now()
    await settle(rig.coordinator)
    line = status_text("here", conn, 0, rig.clock.now()).plain
    print(line)
    assert conn.last_error is not None and said in conn.last_error
    assert trouble.value in line
    assert ("unreachable" in line) == (trouble is Trouble.UNREACHABLE)
    assert conn.ok is False and conn.trouble is trouble
    if trouble is Trouble.UNREADABLE:  # what was wrong, and where
        assert "at GET /api/" in line
        assert "not JSON" in line or "418" in line


async def test_one_worker_this_key_may_not_read_stays_off_the_status_line(rig: Rig) -> None:
    rig.emulator.set_faults(
        errorRate=1.0, errorStatus=403, routes=["/api/workers/{workerId}/webhook"]
    )
    rig.coordinator.refresh_now()
    await settle(rig.coordinator)
    state = rig.session.state
    assert state.selected is not None
    hook = state.resources[Key(Kind.WEBHOOK, state.selected)]
    assert hook.trouble is Trouble.DENIED and hook.error is not None and "403" in hook.error
    line = status_text("here", state.connection, 0, rig.clock.now()).plain
    assert line == "● connected  here"  # the service answers; the webhook pane says why


@pytest.mark.parametrize(
    ("status", "running", "interval"),
    [
        ("thinking", True, CADENCE.active),  # a status this client has never seen
        ("completed", True, CADENCE.active),
        ("thinking", False, CADENCE.idle),
        ("running", False, CADENCE.active),
    ],
)
async def test_a_running_worker_is_polled_at_the_active_rate(
    rig: Rig, status: str, running: bool, interval: float
) -> None:
    state = rig.session.state
    wid = state.selected
    assert wid is not None
    key = Key(Kind.WORKER, wid)
    worker = Worker.model_construct(id=wid, status=status, running=running)
    state.resource(key).value = worker  # as a drifting service might answer
    assert dict(rig.coordinator.wanted())[key] == interval


class HeldClient:
    """Stands for the client: every request waits until the test answers it."""

    def __init__(self) -> None:
        self.workers = self
        self.schedules = self
        self.webhooks = self
        self.waiting: list[asyncio.Future[Any]] = []

    def _held(self, *args: Any, **kwargs: Any) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting.append(future)
        return future

    retrieve = list = list_executions = retrieve_email = _held


def refused() -> errors.AuthenticationError:
    return errors.AuthenticationError(
        operation="get worker w1",
        request_label="GET /api/workers/w1",
        reason="the server said 'Invalid API key' (401)",
        status_code=401,
    )


async def test_a_late_refusal_of_the_old_key_does_not_stop_the_new_one() -> None:
    old, new = HeldClient(), HeldClient()
    state = ExplorerState(visible=("w1",))
    coordinator = RefreshCoordinator(
        cast("HandingerClient", old), state, classify=classify, clock=FrozenClock(DEMO_INSTANT)
    )
    coordinator.launch_due()
    await until(lambda: len(old.waiting) == 3, "state, schedules, executions of the row")
    old.waiting[0].set_exception(refused())
    await until(lambda: state.connection.halted, "the refusal")
    coordinator.resume(cast("HandingerClient", new))
    for future in old.waiting[1:]:  # answers to the old key, arriving after the new one
        future.set_exception(refused())
    await until(lambda: coordinator.in_flight == 0, "the late answers")
    assert not state.connection.halted
    coordinator.launch_due()
    await until(lambda: len(new.waiting) == 3, "polling with the new key")
    await coordinator.stop()
