"""Each kind of trouble is told apart on the status line; a running worker is polled fast."""

from __future__ import annotations

from typing import Any

import pytest

from handinger_tui.api.models import Worker
from handinger_tui.core.state import Key, Kind, Trouble
from handinger_tui.ui.widgets.status_line import status_text
from tests.core.test_refresh_budget import CADENCE, Rig, rig, settle

__all__ = ["rig"]


@pytest.mark.parametrize(
    ("faults", "trouble", "said"),
    [
        ({"dropRate": 1.0}, Trouble.UNREACHABLE, "broke before a full answer"),
        ({"malformedRate": 1.0}, Trouble.UNREADABLE, "GET /api/workers/"),
        ({"rateLimitRate": 1.0, "retryAfter": 5}, Trouble.RATE_LIMITED, "429"),
        ({"errorRate": 1.0, "errorStatus": 503}, Trouble.SERVER, "503"),
        ({"errorRate": 1.0, "errorStatus": 403}, Trouble.DENIED, "403"),
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
    if trouble is Trouble.DENIED:  # about what this key may read, not the connection
        assert conn.ok is True and line.startswith("● connected")
    else:
        assert conn.ok is False and conn.trouble is trouble
    if trouble is Trouble.UNREADABLE:  # what was wrong, and where
        assert "not JSON" in line or "expected shape" in line


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
