"""The demo seed has triage material: a first screen with every pane filled, and trouble."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for

KEY = "hdg_test_demo_triage_key"


@pytest.fixture
def demo() -> Iterator[EmulatorServer]:
    """The demo on its frozen clock, as `--demo` snapshots and screenshots see it."""
    with EmulatorServer(api_key=KEY, seed="demo", frozen_at=DEMO_INSTANT) as server:
        yield server


def _get(api: httpx.Client, path: str) -> Any:
    resp = api.get(path)
    assert resp.status_code == 200, (path, resp.text)
    return resp.json()


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_the_worker_the_app_opens_on_fills_all_four_panes(demo: EmulatorServer) -> None:
    listing = demo.workers()
    # The app sorts by status, running first: the one running worker is the first screen.
    (first,) = [w for w in listing if w["status"] == "running"]
    with client_for(demo) as api:
        wid = first["id"]
        state = _get(api, f"/api/workers/{wid}")
        assert state["output_text"].strip()
        assert _get(api, f"/api/workers/{wid}/schedules")["schedules"]
        assert _get(api, f"/api/workers/{wid}/webhook")["url"]
        logs = _get(api, f"/api/workers/{wid}/webhook/executions")["logs"]
        results = {log["requestStatus"] for log in logs[:10]}  # what the pane shows first
        assert results == {"success", "error"}
        failed = [log for log in logs if log["requestStatus"] == "error"]
        assert all(log["errorMessage"] for log in failed)


def test_the_seed_has_a_stuck_run_a_failing_webhook_an_error_and_a_schedule_due(
    demo: EmulatorServer,
) -> None:
    now = DEMO_INSTANT
    with client_for(demo) as api:
        states = {w["id"]: _get(api, f"/api/workers/{w['id']}") for w in demo.workers()}
        stuck = [
            wid
            for wid, s in states.items()
            if s["status"] == "pending" and now.timestamp() - s["created_at"] > 10 * 60
        ]
        assert stuck, "no worker has been pending for more than 10 minutes"
        assert any(s["error"] and s["error"]["code"] == "task_failed" for s in states.values())
        failing = []
        due_soon = []
        for wid in states:
            resp = api.get(f"/api/workers/{wid}/webhook/executions")  # 403: a colleague's
            logs = resp.json()["logs"] if resp.status_code == 200 else []
            if logs and all(log["requestStatus"] == "error" for log in logs[:5]):
                failing.append(wid)
            for sched in _get(api, f"/api/workers/{wid}/schedules")["schedules"]:
                if now < _when(sched["nextRunAt"]) <= now + timedelta(hours=1):
                    due_soon.append(sched["id"])
        assert failing and due_soon
        # The stuck run does not move on: two hours later it is still pending.
        demo.advance_clock(2 * 3600)
        for wid in stuck:
            assert _get(api, f"/api/workers/{wid}")["status"] == "pending"
