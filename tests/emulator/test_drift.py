"""The ``drift`` fault: answers drift the way the real service's may (see ``emulator.drift``)."""

from __future__ import annotations

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer


def _first_worker_with_output(server: EmulatorServer, api: httpx.Client) -> str:
    for wid in server.worker_ids():
        body = api.get(f"/api/workers/{wid}").json()
        if body["files"] and body["sources"] and body.get("usage"):
            return wid
    raise AssertionError("the demo seed has no worker with files, sources and usage")


def test_worker_drifts(demo_emulator: EmulatorServer, demo_api: httpx.Client) -> None:
    wid = _first_worker_with_output(demo_emulator, demo_api)
    plain = demo_api.get(f"/api/workers/{wid}").json()
    assert demo_emulator.set_faults(drift=True)["drift"] is True
    drifted = demo_api.get(f"/api/workers/{wid}").json()
    assert drifted["created_at"] == plain["created_at"] + 0.5
    assert drifted["usage"] == {
        "credits": plain["usage"]["credits"] + 0.5,
        "durationMs": plain["usage"]["durationMs"] + 0.5,
    }
    assert drifted["output_text"] is None and drifted["metadata"] is None
    assert [s["title"] for s in drifted["sources"]] == [None] * len(plain["sources"])
    assert [f["filename"] for f in drifted["files"]] == [None] * len(plain["files"])
    assert "incomplete_details" not in drifted
    assert drifted["service_tier"] == "default"
    demo_emulator.clear_faults()
    assert demo_api.get(f"/api/workers/{wid}").json() == plain


def test_unknown_status_keeps_running(
    demo_emulator: EmulatorServer, demo_api: httpx.Client
) -> None:
    states = {wid: demo_api.get(f"/api/workers/{wid}").json() for wid in demo_emulator.worker_ids()}
    demo_emulator.set_faults(drift=True)
    seen = set()
    for wid, plain in states.items():
        drifted = demo_api.get(f"/api/workers/{wid}").json()
        expected = {"pending": "queued", "running": "in_progress"}.get(plain["status"])
        if expected is not None:
            assert drifted["status"] == expected
            assert drifted["running"] is plain["running"] is True
            seen.add(expected)
    assert seen == {"queued", "in_progress"}


def test_template_task_schedule_webhook_and_pages_drift(
    quick: EmulatorServer, quick_api: httpx.Client
) -> None:
    quick.set_faults(drift=True)
    template = quick_api.post("/api/workers", json={"title": "Drifting"}).json()
    assert "visibility" not in template and template["tags"] == []
    wid = template["id"]
    state = quick_api.post(
        "/api/tasks", json={"workerId": wid, "input": "go", "taskId": "tsk_drift"}
    ).json()
    assert isinstance(state["created_at"], float) and state["created_at"] % 1 == 0.5
    task = quick_api.get("/api/tasks/tsk_drift").json()
    assert task["task"]["totals"]["credits"] % 1 == 0.5
    assert task["task"]["totals"]["durationMs"] % 1 == 0.5
    assert task["task"]["archivedAt"] is None
    assert task["turns"][0]["durationMs"] % 1 == 0.5 and task["turns"][0]["files"] == []
    when = {"type": "interval", "intervalSeconds": 60}
    created = quick_api.post(f"/api/workers/{wid}/schedules", json={"input": "go", "when": when})
    assert created.json()["timezone"] == "UTC"
    listed = quick_api.get(f"/api/workers/{wid}/schedules").json()
    assert listed["timezone"] == "UTC" and listed["schedules"][0]["timezone"] == "UTC"
    hook = quick_api.put(f"/api/workers/{wid}/webhook", json={"url": quick.sink_url("demo")})
    assert hook.json()["events"] == ["task.completed"]
    page = quick_api.get(f"/api/workers/{wid}/webhook/executions").json()
    assert "pageCount" not in page and page["pageSize"] == 50
    assert quick_api.get(f"/api/workers/{wid}/email").json()["requestId"].startswith("req_")


def test_execution_duration_drifts(demo_emulator: EmulatorServer, demo_api: httpx.Client) -> None:
    wid = demo_emulator.worker_ids()[0]
    plain = demo_api.get(f"/api/workers/{wid}/webhook/executions").json()
    demo_emulator.set_faults(drift=True)
    drifted = demo_api.get(f"/api/workers/{wid}/webhook/executions").json()
    assert [log["durationMs"] for log in drifted["logs"]] == [
        log["durationMs"] + 0.5 for log in plain["logs"]
    ]
    assert {log["attempt"] for log in drifted["logs"]} == {1}


def test_errors_do_not_drift_and_filters_apply(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(drift=True, routes=["GET /api/workers/{workerId}"])
    missing = api.get("/api/workers/nope")
    assert missing.status_code == 404 and missing.json() == {"error": "Worker not found: nope"}
    template = api.post("/api/workers", json={"title": "Not drifted"}).json()
    assert template["visibility"] == "public"  # POST is outside the route filter
    assert api.get(f"/api/workers/{template['id']}").json()["output_text"] is None


def test_drift_must_be_a_boolean(emulator: EmulatorServer) -> None:
    with pytest.raises(httpx.HTTPStatusError) as err:
        emulator.set_faults(drift="yes")
    assert err.value.response.status_code == 422
    assert err.value.response.json() == {"error": "drift: must be a boolean"}
