"""Tasks: pending -> running -> completed on the emulator clock, turns, archive, blocking POST."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for, wait_until

SCHEMA = {
    "type": "object",
    "required": ["headline", "score", "flags", "nested"],
    "properties": {
        "headline": {"type": "string", "minLength": 12},
        "score": {"type": "integer", "minimum": 5, "maximum": 9},
        "ratio": {"type": "number", "exclusiveMinimum": 0},
        "flags": {"type": "array", "items": {"type": "boolean"}, "minItems": 3},
        "nested": {
            "type": "object",
            "required": ["when", "kind"],
            "properties": {
                "when": {"type": "string", "format": "date-time"},
                "kind": {"enum": ["a", "b"]},
            },
        },
    },
}


def async_client(server: EmulatorServer) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.base_url,
        headers={"Authorization": f"Bearer {server.api_key}"},
        trust_env=False,
        timeout=15,
    )


async def wait_for_task(client: httpx.AsyncClient, task_id: str) -> dict[str, Any]:
    async def poll() -> dict[str, Any]:
        while True:
            resp = await client.get(f"/api/tasks/{task_id}")
            if resp.status_code == 200:
                body: dict[str, Any] = resp.json()
                return body
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(poll(), timeout=5)


async def test_lifecycle_pending_running_completed(frozen: EmulatorServer) -> None:
    async with async_client(frozen) as client:
        created = await client.post(
            "/api/workers", json={"title": "Lifecycle", "outputSchema": SCHEMA}
        )
        wid = created.json()["id"]
        post = asyncio.create_task(
            client.post(
                "/api/tasks",
                json={"workerId": wid, "input": "Audit the homepage", "taskId": "tsk_life"},
            )
        )
        task = await wait_for_task(client, "tsk_life")
        assert task["task"]["status"] == "pending"
        assert task["task"]["triggeredBy"] == "api"
        assert task["task"]["completedAt"] is None
        pending = (await client.get(f"/api/workers/{wid}")).json()
        assert pending["status"] == "pending" and pending["running"] is True
        assert pending["output_text"] == "" and pending["output"] == []
        assert pending["messages"] == [{"role": "user", "content": "Audit the homepage"}]
        assert pending["structured_output"] is None and pending["files"] == []

        frozen.advance_clock(2.0)  # past the 15 % pending phase of a 10 s run
        early = (await client.get(f"/api/workers/{wid}")).json()
        assert early["status"] == "running" and early["running"] is True
        frozen.advance_clock(4.0)
        later = (await client.get(f"/api/workers/{wid}")).json()
        assert later["status"] == "running"
        assert 0 < len(early["output_text"]) < len(later["output_text"])
        assert later["output_text"].startswith(early["output_text"])
        assert later["usage"]["durationMs"] == 6000
        assert not post.done()

        frozen.advance_clock(4.5)
        resp = await asyncio.wait_for(post, timeout=5)
        assert resp.status_code == 200
        final = resp.json()
        assert final["status"] == "completed" and final["running"] is False
        assert final["output_text"].startswith(later["output_text"])
        text = final["output_text"]
        for marker in ("# Lifecycle", "## ", "\n- ", "| Area |", "```python", "1. "):
            assert marker in text
        assert final["output"] == [
            {
                "id": final["output"][0]["id"],
                "content": [{"text": text, "type": "output_text"}],
                "role": "assistant",
                "status": "completed",
                "type": "message",
            }
        ]
        assert final["messages"][-1] == {"role": "assistant", "content": text}
        assert final["usage"]["durationMs"] == 10000 and final["usage"]["credits"] > 0
        assert [f["mediaType"] for f in final["files"]] == ["text/markdown", "text/csv"]
        assert final["files"][0]["size"] == len(text.encode())
        assert all(s["type"] == "url" and s["url"].startswith("https://") for s in final["sources"])
        Draft7Validator(SCHEMA).validate(final["structured_output"])
        assert (await client.get(f"/api/workers/{wid}")).json() == final

        done = (await client.get("/api/tasks/tsk_life")).json()
        assert done["task"]["status"] == "completed"
        assert done["task"]["totals"] == {
            "credits": final["usage"]["credits"],
            "durationMs": 10000,
            "turnCount": 1,
        }
        assert done["task"]["url"] == f"https://handinger.com/worker/{wid}/task/tsk_life"
        (turn,) = done["turns"]
        assert turn["outputText"] == text and turn["status"] == "completed" and turn["seq"] == 0
        assert turn["structuredOutput"] == final["structured_output"]
        assert turn["id"].startswith("trn_") and turn["taskId"] == "tsk_life"


async def test_budget_scales_duration(frozen: EmulatorServer) -> None:
    async with async_client(frozen) as client:
        wid = (await client.post("/api/workers", json={})).json()["id"]
        post = asyncio.create_task(
            client.post(
                "/api/tasks", json={"workerId": wid, "input": "x", "budget": "low", "taskId": "t1"}
            )
        )
        await wait_for_task(client, "t1")
        frozen.advance_clock(5.0)  # low budget: 0.5 x 10 s
        resp = await asyncio.wait_for(post, timeout=5)
        assert resp.json()["usage"]["durationMs"] == 5000


def test_follow_up_turns_and_conflict(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={"title": "Chat"}).json()["id"]
    first = quick_api.post(
        "/api/tasks", json={"workerId": wid, "input": "one", "taskId": "tsk_chat"}
    )
    second = quick_api.post("/api/tasks", json={"input": "two", "taskId": "tsk_chat"})
    assert first.status_code == second.status_code == 200
    state = second.json()
    assert [m["content"] for m in state["messages"] if m["role"] == "user"] == ["one", "two"]
    task = quick_api.get("/api/tasks/tsk_chat").json()
    assert task["task"]["totals"]["turnCount"] == 2
    assert [t["input"] for t in task["turns"]] == ["one", "two"]
    other = quick_api.post("/api/workers", json={}).json()["id"]
    clash = quick_api.post(
        "/api/tasks", json={"workerId": other, "input": "x", "taskId": "tsk_chat"}
    )
    assert clash.status_code == 422
    assert clash.json() == {"error": "taskId: task tsk_chat belongs to another worker"}


async def test_follow_up_while_running_is_409(frozen: EmulatorServer) -> None:
    async with async_client(frozen) as client:
        wid = (await client.post("/api/workers", json={})).json()["id"]
        post = asyncio.create_task(
            client.post("/api/tasks", json={"workerId": wid, "input": "x", "taskId": "tsk_busy"})
        )
        await wait_for_task(client, "tsk_busy")
        resp = await client.post("/api/tasks", json={"input": "y", "taskId": "tsk_busy"})
        assert resp.status_code == 409
        assert resp.json() == {
            "error": "taskId: task tsk_busy is still pending; wait for it to finish"
        }
        frozen.advance_clock(11)
        assert (await asyncio.wait_for(post, timeout=5)).status_code == 200


def test_worker_reflects_most_recent_task(quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    quick_api.post("/api/tasks", json={"workerId": wid, "input": "first", "taskId": "a"})
    quick_api.post("/api/tasks", json={"workerId": wid, "input": "second", "taskId": "b"})
    latest = quick_api.get(f"/api/workers/{wid}").json()
    assert latest["messages"][0]["content"] == "second"
    older = quick_api.get(f"/api/workers/{wid}", params={"taskId": "a"}).json()
    assert older["messages"][0]["content"] == "first"
    assert quick_api.get(f"/api/workers/{wid}", params={"taskId": "zzz"}).status_code == 404
    assert quick_api.get(f"/api/workers/{wid}", params={"stream": "maybe"}).status_code == 422


def test_never_run_worker_state(api: httpx.Client) -> None:
    created = api.post("/api/workers", json={"title": "Idle"}).json()
    state = api.get(f"/api/workers/{created['id']}").json()
    assert state == {
        "id": created["id"],
        "created_at": state["created_at"],
        "error": None,
        "files": [],
        "incomplete_details": None,
        "messages": [],
        "metadata": {},
        "object": "worker",
        "output": [],
        "output_text": "",
        "running": False,
        "sources": [],
        "status": "completed",
        "structured_output": None,
        "url": f"https://handinger.com/worker/{created['id']}",
    }
    assert isinstance(state["created_at"], int)


def test_task_without_worker_creates_one_with_input_as_instructions(
    quick: EmulatorServer, quick_api: httpx.Client
) -> None:
    resp = quick_api.post("/api/tasks", json={"input": "Count the open tickets", "budget": "low"})
    assert resp.status_code == 200
    wid = resp.json()["id"]
    assert quick.worker_ids() == [wid]
    template = quick_api.patch(f"/api/workers/{wid}", json={}).json()
    assert template["instructions"] == "Count the open tickets"
    assert template["title"]  # a dog-themed name


def test_archive_task(quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={}).json()["id"]
    quick_api.post("/api/tasks", json={"workerId": wid, "input": "x", "taskId": "tsk_arch"})
    assert quick_api.delete("/api/tasks/tsk_arch").json() == {"archived": True}
    assert quick_api.get("/api/tasks/tsk_arch").status_code == 404
    assert quick_api.delete("/api/tasks/tsk_arch").status_code == 404
    again = quick_api.post("/api/tasks", json={"input": "y", "taskId": "tsk_arch"})
    assert again.status_code == 404


async def test_run_continues_after_client_disconnects(frozen: EmulatorServer) -> None:
    with client_for(frozen) as api:
        wid = api.post("/api/workers", json={}).json()["id"]
        with pytest.raises(httpx.ReadTimeout):
            api.post(
                "/api/tasks",
                json={"workerId": wid, "input": "x", "taskId": "tsk_gone"},
                timeout=0.2,
            )
        frozen.advance_clock(11)
        assert api.get("/api/tasks/tsk_gone").json()["task"]["status"] == "completed"
        assert api.get(f"/api/workers/{wid}").json()["status"] == "completed"


def test_stop_releases_a_blocked_task_request(frozen: EmulatorServer) -> None:
    import threading
    import time

    with client_for(frozen) as api:
        wid = api.post("/api/workers", json={}).json()["id"]
        result: dict[str, Any] = {}

        def call() -> None:
            try:
                result["resp"] = api.post("/api/tasks", json={"workerId": wid, "input": "x"})
            except httpx.HTTPError as exc:
                result["exc"] = exc

        thread = threading.Thread(target=call)
        thread.start()
        wait_until(lambda: frozen.workers()[0]["lastTaskId"], what="the task to start")
        started = time.monotonic()
        frozen.stop()
        assert time.monotonic() - started < 2.0
        thread.join(timeout=5)
        assert result["resp"].status_code == 503
        assert result["resp"].json() == {
            "error": "The emulator is shutting down; the task did not finish"
        }


def test_zero_second_tasks_complete_and_deliver() -> None:
    with EmulatorServer(seed="empty", task_seconds=0) as server, client_for(server) as api:
        wid = api.post("/api/workers", json={}).json()["id"]
        api.put(f"/api/workers/{wid}/webhook", json={"url": server.sink_url("ok")})
        state = api.post("/api/tasks", json={"workerId": wid, "input": "now"}).json()
        assert state["status"] == "completed" and state["usage"]["durationMs"] == 0
        wait_until(lambda: server.sink("ok"), what="the delivery")
