"""Schedules fire on the emulator clock (all four kinds) and start tasks triggered by "schedule"."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer


def now(server: EmulatorServer) -> float:
    epoch: float = server.advance_clock(0)["epoch"]
    return epoch


def parse(ts: str) -> float:
    assert ts.endswith("Z") and len(ts) == 24, ts
    return datetime.fromisoformat(ts).timestamp()


def create(
    api: httpx.Client, wid: str, when: dict[str, Any], text: str = "Run it"
) -> dict[str, Any]:
    resp = api.post(
        f"/api/workers/{wid}/schedules", json={"input": text, "when": when, "budget": "low"}
    )
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def listed(api: httpx.Client, wid: str) -> list[dict[str, Any]]:
    body = api.get(f"/api/workers/{wid}/schedules").json()
    assert body["workerId"] == wid
    schedules: list[dict[str, Any]] = body["schedules"]
    return schedules


def last_task(server: EmulatorServer, api: httpx.Client, wid: str) -> dict[str, Any] | None:
    info = next(w for w in server.workers() if w["id"] == wid)
    if info["lastTaskId"] is None:
        return None
    task: dict[str, Any] = api.get(f"/api/tasks/{info['lastTaskId']}").json()
    return task


@pytest.fixture
def wid(frozen_api: httpx.Client) -> str:
    worker_id: str = frozen_api.post("/api/workers", json={"title": "Scheduled"}).json()["id"]
    return worker_id


@pytest.mark.parametrize("kind", ["delayed", "scheduled"])
def test_one_off_fires_once_then_disappears(
    frozen: EmulatorServer, frozen_api: httpx.Client, wid: str, kind: str
) -> None:
    start = now(frozen)
    if kind == "delayed":
        when: dict[str, Any] = {"type": "delayed", "delayInSeconds": 100}
    else:
        at = datetime.fromtimestamp(start + 100, tz=UTC).isoformat()
        when = {"type": "scheduled", "date": at}
    sched = create(frozen_api, wid, when, "One-off run")
    assert abs(parse(sched["nextRunAt"]) - (start + 100)) < 0.01
    frozen.advance_clock(99)
    assert [s["id"] for s in listed(frozen_api, wid)] == [sched["id"]]
    assert last_task(frozen, frozen_api, wid) is None
    frozen.advance_clock(2)
    assert listed(frozen_api, wid) == []
    task = last_task(frozen, frozen_api, wid)
    assert task is not None
    assert task["task"]["triggeredBy"] == "schedule"
    assert task["task"]["title"] == "One-off run"
    assert task["turns"][0]["input"] == "One-off run"
    assert frozen_api.get(f"/api/workers/{wid}").json()["status"] == "pending"
    frozen.advance_clock(500)  # the run completes; the schedule never fires again
    later = last_task(frozen, frozen_api, wid)
    assert later is not None and later["task"]["id"] == task["task"]["id"]
    assert later["task"]["status"] == "completed" and later["task"]["totals"]["turnCount"] == 1


def test_interval_fires_each_period(
    frozen: EmulatorServer, frozen_api: httpx.Client, wid: str
) -> None:
    start = now(frozen)
    sched = create(frozen_api, wid, {"type": "interval", "intervalSeconds": 60})
    first_due = parse(sched["nextRunAt"])
    assert abs(first_due - (start + 60)) < 0.01
    frozen.advance_clock(61)
    t1 = last_task(frozen, frozen_api, wid)
    assert t1 is not None and t1["task"]["triggeredBy"] == "schedule"
    (again,) = listed(frozen_api, wid)
    assert parse(again["nextRunAt"]) == pytest.approx(first_due + 60, abs=0.01)
    assert again["intervalSeconds"] == 60 and again["type"] == "interval"
    frozen.advance_clock(60)
    t2 = last_task(frozen, frozen_api, wid)
    assert t2 is not None and t2["task"]["id"] != t1["task"]["id"]


def test_interval_missed_runs_coalesce(
    frozen: EmulatorServer, frozen_api: httpx.Client, wid: str
) -> None:
    create(frozen_api, wid, {"type": "interval", "intervalSeconds": 60})
    frozen.advance_clock(600)
    tasks = [w for w in frozen.workers() if w["id"] == wid]
    assert tasks[0]["lastTaskId"] is not None
    (sched,) = listed(frozen_api, wid)
    assert now(frozen) < parse(sched["nextRunAt"]) <= now(frozen) + 60
    frozen.advance_clock(5)  # nothing new is due
    assert frozen.workers()[0]["lastTaskId"] == tasks[0]["lastTaskId"]


def test_cron_fires_at_the_next_slot(
    frozen: EmulatorServer, frozen_api: httpx.Client, wid: str
) -> None:
    start = now(frozen)
    sched = create(frozen_api, wid, {"type": "cron", "cron": "*/5 * * * *"})
    due = parse(sched["nextRunAt"])
    assert start < due <= start + 300 and due % 300 == 0
    frozen.advance_clock(due - start - 0.5)
    assert last_task(frozen, frozen_api, wid) is None
    frozen.advance_clock(1)
    task = last_task(frozen, frozen_api, wid)
    assert task is not None and task["task"]["triggeredBy"] == "schedule"
    (after,) = listed(frozen_api, wid)
    assert parse(after["nextRunAt"]) == due + 300
    assert after["cron"] == "*/5 * * * *"


def test_cron_next_run_is_utc(api: httpx.Client) -> None:
    wid = api.post("/api/workers", json={}).json()["id"]
    sched = api.post(
        f"/api/workers/{wid}/schedules",
        json={"input": "x", "when": {"type": "cron", "cron": "0 8 * * 1-5"}},
    ).json()
    when = datetime.fromisoformat(sched["nextRunAt"])
    assert (when.hour, when.minute, when.second) == (8, 0, 0) and when.weekday() < 5


def test_past_date_fires_on_the_next_tick(
    frozen: EmulatorServer, frozen_api: httpx.Client, wid: str
) -> None:
    create(frozen_api, wid, {"type": "scheduled", "date": "2020-01-01T00:00:00Z"})
    frozen.advance_clock(0)
    assert listed(frozen_api, wid) == []
    assert last_task(frozen, frozen_api, wid) is not None


def test_deleted_worker_schedules_stop(frozen: EmulatorServer, frozen_api: httpx.Client) -> None:
    wid = frozen_api.post("/api/workers", json={}).json()["id"]
    create(frozen_api, wid, {"type": "interval", "intervalSeconds": 10})
    frozen_api.delete(f"/api/workers/{wid}")
    frozen.advance_clock(60)
    stats = frozen.stats()
    assert "POST /api/tasks" not in stats["routes"]
    # the deleted worker is gone from the list and started nothing
    assert frozen.worker_ids() == []


def test_cancel_stops_firing(frozen: EmulatorServer, frozen_api: httpx.Client, wid: str) -> None:
    sched = create(frozen_api, wid, {"type": "delayed", "delayInSeconds": 30})
    assert frozen_api.delete(f"/api/workers/{wid}/schedules/{sched['id']}").json() == {
        "cancelled": True
    }
    frozen.advance_clock(60)
    assert last_task(frozen, frozen_api, wid) is None
