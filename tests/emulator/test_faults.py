"""Injected faults: latency, 5xx, 429 + Retry-After, dropped connections, malformed bodies."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer


def test_latency(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(latencyMs=250)
    started = time.monotonic()
    assert api.post("/api/workers", json={}).status_code == 200
    assert time.monotonic() - started >= 0.25
    started = time.monotonic()
    emulator.stats()  # the control surface is never delayed
    assert time.monotonic() - started < 0.25


@pytest.mark.parametrize(
    ("config", "status"), [({}, 503), ({"errorStatus": 500}, 500), ({"errorStatus": 502}, 502)]
)
def test_error_rate(
    emulator: EmulatorServer, api: httpx.Client, config: dict[str, int], status: int
) -> None:
    emulator.set_faults(errorRate=1.0, **config)
    resp = api.post("/api/workers", json={})
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/json"
    assert resp.json() == {"error": f"Injected fault: HTTP {status}"}
    assert emulator.worker_ids() == []  # the request never reached the handler


def test_rate_limit_with_retry_after(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(rateLimitRate=1.0, retryAfter=5)
    resp = api.get("/api/workers/anything")
    assert resp.status_code == 429
    assert resp.headers["retry-after"] == "5"
    assert resp.json() == {"error": "Rate limit exceeded; retry after 5 seconds"}


def test_dropped_connection(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(dropRate=1.0)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # a drop
        api.post("/api/workers", json={})
    emulator.clear_faults()
    assert api.post("/api/workers", json={}).status_code == 200


def test_malformed_body_after_the_side_effect(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(malformedRate=1.0)
    resp = api.post("/api/workers", json={"title": "Ambiguous"})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(resp.content)
    assert resp.text.startswith('{"id":"t_org_')
    # The worker was created even though the client could not read the answer.
    assert [w["title"] for w in emulator.workers()] == ["Ambiguous"]


def test_route_and_method_filters(emulator: EmulatorServer, api: httpx.Client) -> None:
    wid = api.post("/api/workers", json={}).json()["id"]
    emulator.set_faults(errorRate=1.0, routes=["/api/workers/*/webhook*"])
    assert api.get(f"/api/workers/{wid}").status_code == 200
    assert api.get(f"/api/workers/{wid}/webhook").status_code == 503
    assert api.get(f"/api/workers/{wid}/webhook/executions").status_code == 503
    emulator.set_faults(errorRate=1.0, routes=["GET /api/workers/{workerId}"])
    assert api.get(f"/api/workers/{wid}").status_code == 503
    assert api.patch(f"/api/workers/{wid}", json={}).status_code == 200
    emulator.set_faults(errorRate=1.0, methods=["post"])
    assert api.get(f"/api/workers/{wid}").status_code == 200
    assert api.post("/api/workers", json={}).status_code == 503


def test_count_limits_the_faults(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(errorRate=1.0, count=2)
    codes = [api.post("/api/workers", json={}).status_code for _ in range(4)]
    assert codes == [503, 503, 200, 200]
    assert emulator.set_faults()["count"] is None


def test_seeded_rates_are_reproducible(emulator: EmulatorServer, api: httpx.Client) -> None:
    def outcomes() -> list[int]:
        emulator.set_faults(errorRate=0.5, seed=42)
        return [api.get("/api/workers/x").status_code for _ in range(24)]

    first = outcomes()
    assert first == outcomes()
    assert set(first) == {404, 503}


def test_faults_do_not_touch_the_control_surface(emulator: EmulatorServer) -> None:
    emulator.set_faults(errorRate=1.0, dropRate=1.0)
    assert emulator.stats()["total"] == 0
    assert emulator.set_faults(errorRate=0.5)["errorRate"] == 0.5


def test_get_and_clear_faults(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(
        latencyMs=10, errorRate=0.25, routes=["/api/tasks"], methods=["POST"], seed=7
    )
    current = api.get("/_emulator/faults").json()
    assert current == {
        "latencyMs": 10,
        "errorRate": 0.25,
        "errorStatus": 503,
        "rateLimitRate": 0.0,
        "retryAfter": 1,
        "dropRate": 0.0,
        "malformedRate": 0.0,
        "errorAfterRate": 0.0,
        "errorAfterStatus": 502,
        "dropAfterRate": 0.0,
        "drift": False,
        "routes": ["/api/tasks"],
        "methods": ["POST"],
        "count": None,
        "seed": 7,
    }
    emulator.clear_faults()
    assert api.get("/_emulator/faults").json()["errorRate"] == 0.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"errorRate": 2}, "errorRate: must be a number between 0 and 1"),
        ({"dropRate": "half"}, "dropRate: must be a number between 0 and 1"),
        ({"latencyMs": -1}, "latencyMs: must be an integer between 0 and 600000"),
        ({"latencyMs": 1.5}, "latencyMs: must be an integer between 0 and 600000"),
        ({"errorStatus": 200}, "errorStatus: must be an integer between 400 and 599"),
        ({"routes": "/api/tasks"}, "routes: must be a list of strings"),
        ({"count": 0}, "count: must be an integer between 1 and 1e+09"),
        ({"errorAfterStatus": 302}, "errorAfterStatus: must be an integer between 400 and 599"),
        (
            {"Drift": True},
            "Drift: is not a fault setting (known: latencyMs, errorRate, "
            "errorStatus, rateLimitRate, retryAfter, dropRate, malformedRate, errorAfterRate, "
            "errorAfterStatus, dropAfterRate, drift, routes, methods, count, seed)",
        ),
    ],
)
def test_invalid_fault_config_is_422(
    api: httpx.Client, body: dict[str, object], message: str
) -> None:
    resp = api.put("/_emulator/faults", json=body)
    assert resp.status_code == 422
    assert resp.json() == {"error": message}


def test_faulted_requests_are_counted(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(errorRate=1.0)
    api.post("/api/workers", json={})
    emulator.set_faults(dropRate=1.0)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # a drop
        api.post("/api/workers", json={})
    assert emulator.stats() == {"total": 2, "routes": {"POST /api/workers": 2}}


def test_error_after_the_side_effect_is_an_html_502(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    emulator.set_faults(errorAfterRate=1.0, routes=["POST /api/workers"])
    resp = api.post("/api/workers", json={"title": "Written anyway"})
    assert resp.status_code == 502
    assert resp.headers["content-type"] == "text/html"
    assert "<h1>502 Bad Gateway</h1>" in resp.text
    # The handler ran: the worker exists although the answer was an error page.
    assert [w["title"] for w in emulator.workers()] == ["Written anyway"]


def test_error_after_status_is_configurable(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(errorAfterRate=1.0, errorAfterStatus=504)
    resp = api.post("/api/workers", json={"title": "Timed out at the proxy"})
    assert resp.status_code == 504 and "504" in resp.text
    assert [w["title"] for w in emulator.workers()] == ["Timed out at the proxy"]


def test_drop_after_the_side_effect(quick: EmulatorServer, quick_api: httpx.Client) -> None:
    wid = quick_api.post("/api/workers", json={"title": "Runner"}).json()["id"]
    quick.set_faults(dropAfterRate=1.0, routes=["POST /api/tasks"], count=1)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # a drop
        quick_api.post("/api/tasks", json={"workerId": wid, "input": "go", "taskId": "tsk_lost"})
    # The run happened: the task exists and its worker shows the result.
    task = quick_api.get("/api/tasks/tsk_lost")
    assert task.status_code == 200, task.text
    assert task.json()["task"]["status"] == "completed"
    assert quick_api.get(f"/api/workers/{wid}").json()["output_text"]


def test_after_faults_respect_the_key(emulator: EmulatorServer) -> None:
    emulator.set_faults(errorAfterRate=1.0)
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as anonymous:
        resp = anonymous.post("/api/workers", json={}, headers={"Authorization": "Bearer wrong"})
    assert resp.status_code == 401 and resp.json() == {"error": "Invalid API key"}
    assert emulator.workers() == []
