"""Runs that end in error or aborted, email and dashboard triggers, null titles and names."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.ids import USER_ID
from tests.support.emulator import client_for, wait_until


def _by_title(server: EmulatorServer, title: str) -> dict[str, Any]:
    return next(w for w in server.workers() if w["title"] == title)


def _task(api: httpx.Client, task_id: str) -> dict[str, Any]:
    body: dict[str, Any] = api.get(f"/api/tasks/{task_id}").json()
    return body


def test_demo_shows_every_kind_of_trouble(
    demo_emulator: EmulatorServer, demo_api: httpx.Client
) -> None:
    invoices = _by_title(demo_emulator, "Invoice inbox extractor")
    state = demo_api.get(f"/api/workers/{invoices['id']}").json()
    assert state["status"] == "completed" and state["running"] is False
    assert state["error"] == {
        "code": "task_failed",
        "message": "Could not read invoice-0042.pdf: the PDF is password-protected",
    }
    assert state["files"] == [] and state["output_text"]  # the text it had reached
    task = _task(demo_api, invoices["lastTaskId"])["task"]
    assert (task["status"], task["triggeredBy"], task["createdByUserId"]) == (
        "error",
        "email",
        None,
    )
    assert task["completedAt"] is not None

    churn = _by_title(demo_emulator, "Churn risk scorer")
    state = demo_api.get(f"/api/workers/{churn['id']}").json()
    assert state["error"]["code"] == "aborted" and state["running"] is False
    task = _task(demo_api, churn["lastTaskId"])["task"]
    assert (task["status"], task["triggeredBy"], task["createdByUserId"]) == (
        "aborted",
        "ui",
        USER_ID,
    )

    vendor = _by_title(demo_emulator, "Vendor security review")
    state = demo_api.get(f"/api/workers/{vendor['id']}").json()
    assert state["error"] is None and state["status"] == "completed"
    assert None in [s["title"] for s in state["sources"]]
    assert None in [f["filename"] for f in state["files"]]
    assert _task(demo_api, vendor["lastTaskId"])["task"]["triggeredBy"] == "ui"

    shared = _by_title(demo_emulator, "Onboarding checklist (a colleague's)")
    assert demo_api.get(f"/api/workers/{shared['id']}").status_code == 200
    assert demo_api.patch(f"/api/workers/{shared['id']}", json={"title": "x"}).status_code == 403

    # The first worker, on the demo's first screen, stays a healthy one with data.
    first = demo_emulator.workers()[0]
    assert first["title"] == "Support ticket triage"
    state = demo_api.get(f"/api/workers/{first['id']}").json()
    assert state["error"] is None and state["output_text"] and state["files"]
    assert all(s["title"] for s in state["sources"])


@pytest.mark.parametrize(("via", "creator"), [("email", None), ("ui", USER_ID)])
def test_email_and_dashboard_triggers(
    quick: EmulatorServer,
    quick_api: httpx.Client,
    via: str,
    creator: str | None,
) -> None:
    wid = quick_api.post("/api/workers", json={"title": "Inbox"}).json()["id"]
    started = quick.trigger(wid, via, "Please look at the attached report", budget="low")
    assert started["triggeredBy"] == via
    task_id = started["taskId"]
    wait_until(lambda: _task(quick_api, task_id)["task"]["status"] == "completed", what="the run")
    task = _task(quick_api, task_id)["task"]
    assert (task["triggeredBy"], task["createdByUserId"]) == (via, creator)


def test_trigger_is_validated(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={"title": "Inbox"}).json()["id"]
    with pytest.raises(httpx.HTTPStatusError) as err:
        quick.trigger(wid, "fax", "hello")
    assert err.value.response.status_code == 422
    assert err.value.response.json() == {"error": "via: must be one of email, ui, api, schedule"}
    with pytest.raises(httpx.HTTPStatusError) as missing:
        quick.trigger("nope", "email", "hello")
    assert missing.value.response.json() == {"error": "Worker not found: nope"}


def test_a_run_that_fails_answers_the_waiting_create_with_the_error(
    frozen: EmulatorServer, frozen_api: httpx.Client
) -> None:
    wid = frozen_api.post("/api/workers", json={"title": "Fragile"}).json()["id"]
    frozen_api.put(f"/api/workers/{wid}/webhook", json={"url": frozen.sink_url("demo")})
    answers: list[httpx.Response] = []

    def run() -> None:
        with client_for(frozen) as api:
            body = {"workerId": wid, "input": "go", "taskId": "tsk_fragile"}
            answers.append(api.post("/api/tasks", json=body))

    waiting = threading.Thread(target=run)
    waiting.start()
    wait_until(lambda: frozen_api.get("/api/tasks/tsk_fragile").status_code == 200, what="task")
    frozen.advance_clock(5)  # halfway through a 10 s run
    ended = frozen.end_task("tsk_fragile", "error", "The sandbox ran out of memory")
    waiting.join(timeout=10)
    assert ended["task"]["status"] == "error" and ended["task"]["completedAt"] is not None
    assert ended["turns"][0]["status"] == "error"
    state = answers[0].json()
    assert answers[0].status_code == 200
    assert state["error"] == {"code": "task_failed", "message": "The sandbox ran out of memory"}
    assert state["running"] is False and state["status"] == "completed"
    assert len(state["output_text"]) > 0 and state["files"] == []
    delivery = wait_until(lambda: frozen.sink("demo"), what="the delivery")[0]["body"]
    assert (delivery["event"], delivery["status"]) == ("task.error", "error")
    assert delivery["error"] == "The sandbox ran out of memory"
    # Ending it again is a conflict.
    with pytest.raises(httpx.HTTPStatusError) as again:
        frozen.end_task("tsk_fragile", "aborted")
    assert again.value.response.status_code == 409


def test_an_aborted_run_keeps_what_it_had(frozen: EmulatorServer, frozen_api: httpx.Client) -> None:
    wid = frozen_api.post("/api/workers", json={"title": "Long"}).json()["id"]
    task_id = frozen.trigger(wid, "ui", "A long analysis")["taskId"]
    frozen.advance_clock(6)
    before = frozen_api.get(f"/api/workers/{wid}").json()
    assert before["running"] is True
    frozen.end_task(task_id, "aborted")
    after = frozen_api.get(f"/api/workers/{wid}").json()
    assert after["error"] == {
        "code": "aborted",
        "message": "The run was aborted before it finished",
    }
    assert after["output_text"] == before["output_text"]
    frozen.advance_clock(60)  # time passing changes nothing once it ended
    assert frozen_api.get(f"/api/workers/{wid}").json() == after
    assert _task(frozen_api, task_id)["task"]["status"] == "aborted"


def test_null_source_title_and_file_name(quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={"title": "Reader"}).json()["id"]
    body = {"workerId": wid, "input": "Read https://example.org/report.pdf, then draw a chart."}
    state = quick_api.post("/api/tasks", json=body).json()
    unnamed = [s for s in state["sources"] if s["title"] is None]
    assert [s["url"] for s in unnamed] == ["https://example.org/report.pdf"]
    files = [f for f in state["files"] if f["filename"] is None]
    assert [f["mediaType"] for f in files] == ["image/png"]
