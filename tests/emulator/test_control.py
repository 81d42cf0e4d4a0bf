"""The /_emulator/ surface: stats, clock, reset, workers list, and the demo seed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for


def test_stats_count_api_requests_by_route(emulator: EmulatorServer, api: httpx.Client) -> None:
    assert emulator.stats() == {"total": 0, "routes": {}}
    wid = api.post("/api/workers", json={}).json()["id"]
    api.post("/api/workers", json={"title": ""})  # 422 still counts
    api.get(f"/api/workers/{wid}")
    api.get("/api/workers/nope")
    api.get("/api/nothing/here")
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as raw:
        raw.get(f"/api/workers/{wid}")  # 401 still counts
    api.get("/_emulator/workers")  # control requests are not counted
    assert emulator.stats() == {
        "total": 6,
        "routes": {
            "GET (unknown route)": 1,
            "GET /api/workers/{workerId}": 3,
            "POST /api/workers": 2,
        },
    }
    emulator.reset_stats()
    assert emulator.stats()["total"] == 0


def test_clock(emulator: EmulatorServer, api: httpx.Client) -> None:
    before = api.get("/_emulator/clock").json()
    after = emulator.advance_clock(3600)
    assert after["offsetSeconds"] == 3600
    assert after["epoch"] - before["epoch"] >= 3600
    assert after["now"].endswith("Z")
    frozen = emulator.freeze_clock(True)
    assert frozen["frozen"] is True
    assert api.get("/_emulator/clock").json()["epoch"] == frozen["epoch"]
    assert emulator.freeze_clock(False)["frozen"] is False
    for bad in (-1, "soon", True, None):
        resp = api.post("/_emulator/clock/advance", json={"seconds": bad})
        assert resp.status_code == 422
        assert resp.json() == {"error": "seconds: must be a number between 0 and 1000000000"}
    assert api.put("/_emulator/clock", json={"frozen": "yes"}).status_code == 422


def test_reset(emulator: EmulatorServer, api: httpx.Client, demo_emulator: EmulatorServer) -> None:
    wid = api.post("/api/workers", json={}).json()["id"]
    emulator.set_faults(latencyMs=5)
    emulator.advance_clock(100)
    result = emulator.reset()
    assert result == {"reset": True, "seed": "empty", "workers": []}
    assert api.get(f"/api/workers/{wid}").status_code == 404
    assert api.get("/_emulator/faults").json()["latencyMs"] == 0
    assert api.get("/_emulator/clock").json()["offsetSeconds"] == 0
    assert emulator.stats()["total"] == 1  # only the GET after the reset
    demo = emulator.reset("demo")
    assert demo["workers"] == demo_emulator.worker_ids()
    assert emulator.worker_ids() == demo_emulator.worker_ids()
    resp = api.post("/_emulator/reset", json={"seed": "full"})
    assert resp.status_code == 422 and resp.json() == {"error": "seed: must be one of demo, empty"}


def test_workers_listing(emulator: EmulatorServer, api: httpx.Client) -> None:
    a = api.post("/api/workers", json={"title": "A", "visibility": "private"}).json()["id"]
    b = api.post("/api/workers", json={"title": "B"}).json()["id"]
    api.put(f"/api/workers/{b}/webhook", json={"url": "https://hooks.example.com/x"})
    c = api.post("/api/workers", json={"title": "C"}).json()["id"]
    api.delete(f"/api/workers/{c}")
    listing = api.get("/_emulator/workers").json()
    assert [w["id"] for w in listing] == [a, b] == emulator.worker_ids()
    assert listing[0]["visibility"] == "private" and listing[0]["status"] == "completed"
    assert listing[1]["webhookUrl"] == "https://hooks.example.com/x"
    assert listing[0]["email"] == api.get(f"/api/workers/{a}/email").json()["email"]


def test_ids_look_like_the_service(api: httpx.Client) -> None:
    created = api.post("/api/workers", json={"title": "Ids"}).json()
    wid = created["id"]
    prefix, ulid = wid.rsplit("_w_", 1)
    assert prefix.startswith("t_org_") and prefix[6:].isdigit()
    assert len(ulid) == 26 and ulid.isalnum() and ulid.isupper()
    assert created["organizationId"].startswith("org_") and created["userId"].startswith("usr_")
    assert created["url"] == f"https://handinger.com/worker/{wid}"
    sched = api.post(
        f"/api/workers/{wid}/schedules",
        json={"input": "x", "when": {"type": "delayed", "delayInSeconds": 9}},
    ).json()
    assert sched["id"].startswith("sch_") and len(sched["id"]) == 30
    email = api.get(f"/api/workers/{wid}/email").json()["email"]
    assert email.startswith("ids-") and email.endswith("@in.handinger.example")
    api.patch(f"/api/workers/{wid}", json={"title": "Renamed"})
    assert api.get(f"/api/workers/{wid}/email").json()["email"] == email  # stable


def _execution_ids(api: httpx.Client, wid: str) -> list[str] | int:
    """Ids of the worker's executions, or the status when the key may not list them."""
    resp = api.get(f"/api/workers/{wid}/webhook/executions")
    return (
        [log["id"] for log in resp.json()["logs"]] if resp.status_code == 200 else resp.status_code
    )


def _snapshot(server: EmulatorServer) -> list[dict[str, Any]]:
    out = []
    with client_for(server) as api:
        for wid in server.worker_ids():
            state = api.get(f"/api/workers/{wid}").json()
            out.append(
                {
                    "id": wid,
                    "output_text": state["output_text"] if state["status"] == "completed" else None,
                    "structured_output": state["structured_output"],
                    "files": state["files"],
                    "sources": state["sources"] if state["status"] == "completed" else None,
                    "schedules": [
                        s["id"]
                        for s in api.get(f"/api/workers/{wid}/schedules").json()["schedules"]
                    ],
                    "email": api.get(f"/api/workers/{wid}/email").json(),
                    "executions": _execution_ids(api, wid),
                }
            )
    return out


def test_demo_seed_is_deterministic(demo_emulator: EmulatorServer) -> None:
    with EmulatorServer(api_key="another", seed="demo", port=0) as twin:
        assert twin.worker_ids() == demo_emulator.worker_ids()
        assert _snapshot(twin) == _snapshot(demo_emulator)


def test_demo_has_every_state(demo_emulator: EmulatorServer, demo_api: httpx.Client) -> None:
    listing = demo_api.get("/_emulator/workers").json()
    assert len(listing) == 11
    titles = [w["title"] for w in listing]
    assert "Support ticket triage" in titles and "Competitor price watch" in titles
    assert any(not t.isascii() for t in titles)
    assert {w["status"] for w in listing} == {"completed", "running", "pending"}
    assert any(w["visibility"] == "private" for w in listing)
    assert any(w["lastTaskId"] is None for w in listing)  # one never ran
    kinds = set()
    for w in listing:
        kinds |= {
            s["type"] for s in demo_api.get(f"/api/workers/{w['id']}/schedules").json()["schedules"]
        }
    assert kinds == {"scheduled", "delayed", "interval", "cron"}

    triage = listing[0]["id"]
    state = demo_api.get(f"/api/workers/{triage}").json()
    assert state["status"] == "completed" and state["sources"] and state["files"]
    assert state["usage"]["credits"] > 0
    for marker in ("# ", "| ", "```", "\n- "):
        assert marker in state["output_text"]
    from handinger_tui.emulator.seed import TRIAGE_SCHEMA

    Draft7Validator(TRIAGE_SCHEMA).validate(state["structured_output"])
    hook = demo_api.get(f"/api/workers/{triage}/webhook").json()
    assert hook["url"] == demo_emulator.sink_url("demo") and hook["token"].startswith("whk_")

    failing = next(w for w in listing if w["webhookUrl"] and w["webhookUrl"].endswith("/fail"))
    logs = demo_api.get(f"/api/workers/{failing['id']}/webhook/executions").json()["logs"]
    assert logs and {log["requestStatus"] for log in logs} == {"error"}


def test_demo_live_worker_keeps_running(
    demo_emulator: EmulatorServer, demo_api: httpx.Client
) -> None:
    live = next(w for w in demo_emulator.workers() if w["status"] == "running")
    before = demo_api.get(f"/api/workers/{live['id']}").json()
    demo_emulator.advance_clock(30)
    during = demo_api.get(f"/api/workers/{live['id']}").json()
    assert len(during["output_text"]) > len(before["output_text"])
    demo_emulator.advance_clock(200)  # the run completes and a new one starts
    after = next(w for w in demo_emulator.workers() if w["id"] == live["id"])
    assert after["lastTaskId"] != live["lastTaskId"]
    assert demo_api.get(f"/api/workers/{live['id']}").json()["running"] is True


@pytest.mark.parametrize("seed", ["full", ""])
def test_unknown_seed_is_rejected(seed: str) -> None:
    with pytest.raises(ValueError, match="seed must be"):
        EmulatorServer(seed=seed)
