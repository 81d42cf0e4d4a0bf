"""A second API key: another user of the organization (creator-only 403, private 404)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.ids import USER_ID, user_id
from tests.support.emulator import client_for

FIRST = "hdg_test_first_user_key"
SECOND = "hdg_test_second_user_key"


@pytest.fixture
def two_users() -> Iterator[EmulatorServer]:
    with EmulatorServer(
        api_key=FIRST, extra_api_keys=[SECOND], seed="empty", task_seconds=0.05
    ) as server:
        yield server


@pytest.fixture
def first(two_users: EmulatorServer) -> Iterator[httpx.Client]:
    with client_for(two_users, FIRST) as client:
        yield client


@pytest.fixture
def second(two_users: EmulatorServer) -> Iterator[httpx.Client]:
    with client_for(two_users, SECOND) as client:
        yield client


def _forbidden(resp: httpx.Response, action: str, wid: str) -> None:
    assert resp.status_code == 403, resp.text
    assert resp.headers["content-type"] == "application/json"
    assert resp.json() == {
        "error": f"Forbidden: only the worker's creator may {action} (worker {wid})"
    }


def test_creator_only_actions_answer_403(
    two_users: EmulatorServer, first: httpx.Client, second: httpx.Client
) -> None:
    created = first.post("/api/workers", json={"title": "Mine"}).json()
    wid = created["id"]
    assert created["userId"] == USER_ID
    first.put(f"/api/workers/{wid}/webhook", json={"url": two_users.sink_url("demo")})
    first.post("/api/tasks", json={"workerId": wid, "input": "go", "taskId": "tsk_first"})

    _forbidden(second.patch(f"/api/workers/{wid}", json={"title": "Theirs"}), "update it", wid)
    _forbidden(second.delete(f"/api/workers/{wid}"), "delete it", wid)
    _forbidden(second.get(f"/api/workers/{wid}/webhook"), "read its webhook", wid)
    _forbidden(
        second.put(f"/api/workers/{wid}/webhook", json={"url": None}), "set its webhook", wid
    )
    _forbidden(second.delete(f"/api/workers/{wid}/webhook"), "remove its webhook", wid)
    _forbidden(
        second.post(f"/api/workers/{wid}/webhook/regenerate-token"),
        "regenerate its webhook token",
        wid,
    )
    _forbidden(
        second.get(f"/api/workers/{wid}/webhook/executions"), "list its webhook executions", wid
    )
    _forbidden(second.delete("/api/tasks/tsk_first"), "archive its tasks", wid)

    # Nothing changed.
    assert [w["title"] for w in two_users.workers()] == ["Mine"]
    assert first.get(f"/api/workers/{wid}/webhook").json()["url"] == two_users.sink_url("demo")
    assert first.get("/api/tasks/tsk_first").status_code == 200


def test_members_may_run_schedule_and_read_a_public_worker(
    first: httpx.Client, second: httpx.Client
) -> None:
    wid = first.post("/api/workers", json={"title": "Shared"}).json()["id"]
    assert second.get(f"/api/workers/{wid}").status_code == 200
    assert second.get(f"/api/workers/{wid}/email").status_code == 200
    when = {"type": "delayed", "delayInSeconds": 60}
    made = second.post(f"/api/workers/{wid}/schedules", json={"input": "go", "when": when})
    assert made.status_code == 200, made.text
    ran = second.post("/api/tasks", json={"workerId": wid, "input": "hi", "taskId": "tsk_2nd"})
    assert ran.status_code == 200, ran.text
    task = first.get("/api/tasks/tsk_2nd").json()["task"]
    assert task["createdByUserId"] == user_id(1) != USER_ID


def test_private_workers_are_invisible_to_the_other_user(
    first: httpx.Client, second: httpx.Client
) -> None:
    wid = first.post("/api/workers", json={"title": "Secret", "visibility": "private"}).json()["id"]
    first.post("/api/tasks", json={"workerId": wid, "input": "go", "taskId": "tsk_secret"})
    missing = {"error": f"Worker not found: {wid}"}
    for method, path in [
        ("GET", f"/api/workers/{wid}"),
        ("PATCH", f"/api/workers/{wid}"),
        ("DELETE", f"/api/workers/{wid}"),
        ("GET", f"/api/workers/{wid}/email"),
        ("GET", f"/api/workers/{wid}/schedules"),
        ("GET", f"/api/workers/{wid}/webhook"),
        ("GET", f"/api/workers/{wid}/webhook/executions"),
    ]:
        resp = second.request(method, path, json={} if method == "PATCH" else None)
        assert (resp.status_code, resp.json()) == (404, missing), (method, path)
    run = second.post("/api/tasks", json={"workerId": wid, "input": "peek"})
    assert (run.status_code, run.json()) == (404, missing)
    task = {"error": "Task not found: tsk_secret"}
    for resp in (
        second.get("/api/tasks/tsk_secret"),
        second.delete("/api/tasks/tsk_secret"),
        second.post("/api/tasks", json={"taskId": "tsk_secret", "input": "follow up"}),
    ):
        assert (resp.status_code, resp.json()) == (404, task)
    assert first.get(f"/api/workers/{wid}").status_code == 200


def test_the_second_users_workers_are_theirs(first: httpx.Client, second: httpx.Client) -> None:
    created = second.post("/api/workers", json={"title": "Theirs"}).json()
    assert created["userId"] == user_id(1)
    _forbidden(first.patch(f"/api/workers/{created['id']}", json={}), "update it", created["id"])
    assert (
        second.patch(f"/api/workers/{created['id']}", json={"title": "Still theirs"}).json()[
            "title"
        ]
        == "Still theirs"
    )


def test_a_key_can_be_added_at_run_time(emulator: EmulatorServer) -> None:
    with client_for(emulator, "hdg_added_later") as later:
        assert later.get("/api/workers/x").status_code == 401
        added = emulator.add_api_key("hdg_added_later")
        assert added == {"key": "hdg_added_later", "userId": user_id(1)}
        assert later.get("/api/workers/x").json() == {"error": "Worker not found: x"}
    generated = emulator.add_api_key()
    assert generated["key"].startswith("hdg_emu_") and generated["userId"] == user_id(2)
    with client_for(emulator) as api:
        assert api.get("/_emulator/keys").json() == {"userIds": [USER_ID, user_id(1), user_id(2)]}
        again = api.post("/_emulator/keys", json={"key": "hdg_added_later"})
        assert (again.status_code, again.json()) == (422, {"error": "key: is already accepted"})
        bad = api.post("/_emulator/keys", json={"key": "has space"})
        assert bad.status_code == 422


def test_a_reused_extra_key_is_refused() -> None:
    with pytest.raises(ValueError, match="extra API key 2: key: is already accepted"):
        EmulatorServer(api_key=FIRST, extra_api_keys=[FIRST], seed="empty")
