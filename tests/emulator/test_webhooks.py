"""Webhook token lifecycle, real deliveries (success and every failure kind), pagination."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for, wait_until


def hook(api: httpx.Client, wid: str, url: str | None) -> dict[str, Any]:
    resp = api.put(f"/api/workers/{wid}/webhook", json={"url": url})
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def executions(api: httpx.Client, wid: str, page: int = 1) -> dict[str, Any]:
    body: dict[str, Any] = api.get(
        f"/api/workers/{wid}/webhook/executions", params={"page": page}
    ).json()
    return body


def run_and_wait_for_execution(api: httpx.Client, wid: str, task_id: str) -> dict[str, Any]:
    assert (
        api.post(
            "/api/tasks", json={"workerId": wid, "input": "Ping", "taskId": task_id}
        ).status_code
        == 200
    )
    found = wait_until(
        lambda: [e for e in executions(api, wid)["logs"] if e["taskId"] == task_id],
        what="the execution record",
    )
    (execution,) = found
    return execution  # type: ignore[no-any-return]


def test_token_lifecycle(api: httpx.Client) -> None:
    wid = api.post("/api/workers", json={}).json()["id"]
    assert api.get(f"/api/workers/{wid}/webhook").json() == {"token": None, "url": None}
    first = hook(api, wid, "https://hooks.example.com/a")
    assert first["url"] == "https://hooks.example.com/a" and first["token"].startswith("whk_")
    second = hook(api, wid, "https://hooks.example.com/b")
    assert second == {"token": first["token"], "url": "https://hooks.example.com/b"}
    assert api.get(f"/api/workers/{wid}/webhook").json() == second
    regenerated = api.post(f"/api/workers/{wid}/webhook/regenerate-token").json()
    assert regenerated["url"] == second["url"] and regenerated["token"] not in (
        first["token"],
        None,
    )
    assert hook(api, wid, None) == {"token": None, "url": None}
    again = hook(api, wid, "https://hooks.example.com/c")
    assert again["token"] not in (first["token"], regenerated["token"], None)
    assert api.delete(f"/api/workers/{wid}/webhook").json() == {"token": None, "url": None}
    assert api.delete(f"/api/workers/{wid}/webhook").json() == {"token": None, "url": None}
    assert api.get(f"/api/workers/{wid}/webhook").json() == {"token": None, "url": None}


def test_regenerate_without_webhook_is_404(api: httpx.Client) -> None:
    wid = api.post("/api/workers", json={}).json()["id"]
    resp = api.post(f"/api/workers/{wid}/webhook/regenerate-token")
    assert resp.status_code == 404
    assert resp.json()["error"].startswith("No webhook is configured for this worker")


def test_successful_delivery(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={"title": "Hooked"}).json()["id"]
    token = hook(quick_api, wid, quick.sink_url("ok"))["token"]
    execution = run_and_wait_for_execution(quick_api, wid, "tsk_hook")
    assert execution["requestStatus"] == "success"
    assert execution["responseStatus"] == 200 and execution["errorMessage"] is None
    assert execution["url"] == quick.sink_url("ok") and execution["workerId"] == wid
    assert execution["taskTitle"] == "Ping" and execution["id"].startswith("whe_")
    assert execution["durationMs"] >= 0
    (received,) = quick.sink("ok")
    assert received["verified"] is True and received["status"] == 200
    assert received["headers"]["x-handinger-token"] == token
    assert received["headers"]["content-type"] == "application/json"
    body = received["body"]
    assert body["event"] == "task.completed" and body["status"] == "completed"
    assert (body["workerId"], body["taskId"], body["taskTitle"]) == (wid, "tsk_hook", "Ping")
    assert body["worker"]["id"] == wid and body["worker"]["status"] == "completed"
    assert (
        body["worker"]["output_text"] == quick_api.get(f"/api/workers/{wid}").json()["output_text"]
    )
    datetime.fromisoformat(body["completedAt"])


def test_regenerated_token_is_used(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    old = hook(quick_api, wid, quick.sink_url("ok"))["token"]
    new = quick_api.post(f"/api/workers/{wid}/webhook/regenerate-token").json()["token"]
    run_and_wait_for_execution(quick_api, wid, "tsk_regen")
    (received,) = quick.sink("ok")
    assert received["headers"]["x-handinger-token"] == new != old


def test_sink_rejects_a_wrong_token(quick: EmulatorServer) -> None:
    with httpx.Client(trust_env=False) as raw:
        resp = raw.post(
            quick.sink_url("ok"), json={"workerId": "x"}, headers={"X-Handinger-Token": "whk_bad"}
        )
    assert resp.status_code == 401
    assert quick.sink("ok")[0]["verified"] is False


@pytest.fixture
def closed_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    yield port


def test_failed_delivery_http_500(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    hook(quick_api, wid, quick.sink_url("fail"))
    execution = run_and_wait_for_execution(quick_api, wid, "tsk_500")
    assert execution["requestStatus"] == "error"
    assert execution["responseStatus"] == 500
    assert execution["errorMessage"] == "HTTP 500: Internal Server Error"
    assert len(quick.sink("fail")) == 1


def test_failed_delivery_connection_refused(quick_api: httpx.Client, closed_port: int) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    hook(quick_api, wid, f"http://127.0.0.1:{closed_port}/hook")
    execution = run_and_wait_for_execution(quick_api, wid, "tsk_refused")
    assert execution["requestStatus"] == "error" and execution["responseStatus"] is None
    assert execution["errorMessage"] == "Connection refused"


def test_failed_delivery_timeout(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    hook(quick_api, wid, quick.sink_url("hang"))
    execution = run_and_wait_for_execution(quick_api, wid, "tsk_slow")
    assert execution["requestStatus"] == "error" and execution["responseStatus"] is None
    assert execution["errorMessage"] == "Request timed out"
    assert execution["durationMs"] >= 500  # the quick fixture's webhook_timeout


def test_external_hosts_are_not_contacted(quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    hook(quick_api, wid, "https://hooks.example.com/handinger")
    execution = run_and_wait_for_execution(quick_api, wid, "tsk_ext")
    assert execution["requestStatus"] == "error" and execution["responseStatus"] is None
    assert execution["errorMessage"] == "emulator delivers only to loopback addresses"
    assert execution["durationMs"] < 50


def test_no_delivery_without_webhook(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    hook(quick_api, wid, quick.sink_url("ok"))
    hook(quick_api, wid, None)
    quick_api.post("/api/tasks", json={"workerId": wid, "input": "x"})
    quick.advance_clock(1)
    assert executions(quick_api, wid)["totalCount"] == 0
    assert quick.sink("ok") == []


def test_empty_execution_list(api: httpx.Client) -> None:
    wid = api.post("/api/workers", json={}).json()["id"]
    assert executions(api, wid) == {"logs": [], "page": 1, "pageCount": 0, "totalCount": 0}


def test_demo_pagination_newest_first(demo_emulator: EmulatorServer) -> None:
    triage = demo_emulator.worker_ids()[0]
    with client_for(demo_emulator) as api:
        pages = [executions(api, triage, page) for page in (1, 2, 3, 4)]
    assert [len(p["logs"]) for p in pages] == [50, 50, 20, 0]
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert {(p["pageCount"], p["totalCount"]) for p in pages} == {(3, 120)}
    logs = [log for p in pages for log in p["logs"]]
    assert len({log["id"] for log in logs}) == 120
    stamps = [datetime.fromisoformat(log["createdAt"]) for log in logs]
    assert stamps == sorted(stamps, reverse=True)
    errors = [log for log in logs if log["requestStatus"] == "error"]
    assert 10 < len(errors) < 60
    assert {e["errorMessage"] for e in errors} >= {
        "HTTP 500: Internal Server Error",
        "Request timed out",
        "Connection refused",
    }
    assert all(
        log["errorMessage"] is None and log["responseStatus"] == 200
        for log in logs
        if log not in errors
    )


def test_demo_new_delivery_lands_on_top(demo_emulator: EmulatorServer) -> None:
    triage = demo_emulator.worker_ids()[0]
    with client_for(demo_emulator) as api:
        # Start the run without blocking on it, then drive the clock to its end.
        body = {"workerId": triage, "input": "One more", "taskId": "tsk_top"}
        with pytest.raises(httpx.ReadTimeout):
            api.post("/api/tasks", json=body, timeout=0.1)
        demo_emulator.advance_clock(10)
        top = wait_until(
            lambda: (p := executions(api, triage))["totalCount"] == 121 and p,
            what="the new execution",
        )
    assert top["logs"][0]["taskId"] == "tsk_top"
    assert top["logs"][0]["requestStatus"] == "success" and top["pageCount"] == 3
