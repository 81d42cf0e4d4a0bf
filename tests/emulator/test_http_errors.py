"""Auth, 404/405/400 and the error body shape on every route."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for

ROUTES = [
    ("POST", "/api/workers"),
    ("GET", "/api/workers/W"),
    ("PATCH", "/api/workers/W"),
    ("DELETE", "/api/workers/W"),
    ("GET", "/api/workers/W/email"),
    ("GET", "/api/workers/W/schedules"),
    ("POST", "/api/workers/W/schedules"),
    ("DELETE", "/api/workers/W/schedules/S"),
    ("GET", "/api/workers/W/webhook"),
    ("PUT", "/api/workers/W/webhook"),
    ("DELETE", "/api/workers/W/webhook"),
    ("POST", "/api/workers/W/webhook/regenerate-token"),
    ("GET", "/api/workers/W/webhook/executions"),
    ("POST", "/api/tasks"),
    ("GET", "/api/tasks/T"),
    ("DELETE", "/api/tasks/T"),
]


def assert_error(resp: httpx.Response, status: int, message: str | None = None) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert list(body) == ["error"] and isinstance(body["error"], str) and body["error"]
    if message is not None:
        assert body["error"] == message


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Missing API key: send 'Authorization: Bearer <API key>'"),
        ("", "Missing API key: send 'Authorization: Bearer <API key>'"),
        ("Basic dXNlcjpwYXNz", "Malformed Authorization header: expected 'Bearer <API key>'"),
        ("Bearer", "Malformed Authorization header: expected 'Bearer <API key>'"),
        ("Bearer wrong-key", "Invalid API key"),
    ],
)
def test_every_route_requires_the_bearer_key(
    emulator: EmulatorServer, method: str, path: str, header: str | None, message: str
) -> None:
    headers = {} if header is None else {"Authorization": header}
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as raw:
        resp = raw.request(method, path, headers=headers, json={})
    assert_error(resp, 401, message)
    assert resp.headers["www-authenticate"].startswith("Bearer")


def test_bearer_scheme_is_case_insensitive(emulator: EmulatorServer) -> None:
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as raw:
        resp = raw.post(
            "/api/workers", json={}, headers={"Authorization": f"bearer {emulator.api_key}"}
        )
    assert resp.status_code == 200


def test_unknown_api_path_requires_auth_then_404(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as raw:
        assert raw.get("/api/workers/x/nope").status_code == 401
    assert_error(api.get("/api/workers/x/nope"), 404, "Not found: GET /api/workers/x/nope")
    assert_error(api.get("/api/workers"), 405)
    assert_error(api.get("/"), 404)


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if "/W" in r[1]])
def test_unknown_worker_is_404_on_every_worker_route(
    api: httpx.Client, method: str, path: str
) -> None:
    resp = api.request(
        method, path.replace("/W", "/t_org_1_w_missing").replace("/S", "/sch_x"), json={}
    )
    assert_error(resp, 404, "Worker not found: t_org_1_w_missing")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_unknown_task_is_404(api: httpx.Client, method: str) -> None:
    assert_error(api.request(method, "/api/tasks/tsk_missing"), 404, "Task not found: tsk_missing")


def test_deleted_worker_is_404_everywhere(
    api: httpx.Client, make_worker: Callable[..., str]
) -> None:
    wid = make_worker()
    assert api.delete(f"/api/workers/{wid}").json() == {"deleted": True}
    for method, path in [r for r in ROUTES if "/W" in r[1]]:
        resp = api.request(method, path.replace("/W", f"/{wid}"), json={"url": None})
        assert_error(resp, 404, f"Worker not found: {wid}")
    assert_error(api.post("/api/tasks", json={"input": "x", "workerId": wid}), 404)


def test_unknown_schedule_is_404(api: httpx.Client, make_worker: Callable[..., str]) -> None:
    wid = make_worker()
    other = make_worker()
    sid = api.post(
        f"/api/workers/{other}/schedules",
        json={"input": "x", "when": {"type": "delayed", "delayInSeconds": 60}},
    ).json()["id"]
    assert_error(
        api.delete(f"/api/workers/{wid}/schedules/sch_nope"), 404, "Schedule not found: sch_nope"
    )
    # A schedule of another worker is not reachable through this worker.
    assert_error(api.delete(f"/api/workers/{wid}/schedules/{sid}"), 404)
    assert api.delete(f"/api/workers/{other}/schedules/{sid}").json() == {"cancelled": True}
    assert_error(api.delete(f"/api/workers/{other}/schedules/{sid}"), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/api/workers"),
        ("PUT", "/api/tasks"),
        ("POST", "/api/tasks/T"),
        ("POST", "/api/workers/W/email"),
    ],
)
def test_wrong_method_is_405_with_allow(api: httpx.Client, method: str, path: str) -> None:
    resp = api.request(method, path)
    assert_error(resp, 405, f"Method {method} not allowed on {path}")
    assert resp.headers["allow"]


@pytest.mark.parametrize(
    ("raw", "status", "message_start"),
    [
        (b"{bad json", 400, "Malformed JSON body"),
        (b'{"title": "x"', 400, "Malformed JSON body"),
        (b"\xff\xfe", 400, "Malformed JSON body"),
        (b"[1, 2]", 400, "Request body must be a JSON object"),
        (b'"title"', 400, "Request body must be a JSON object"),
    ],
)
def test_malformed_body_is_400(
    api: httpx.Client, raw: bytes, status: int, message_start: str
) -> None:
    resp = api.post("/api/workers", content=raw, headers={"Content-Type": "application/json"})
    assert_error(resp, status)
    assert resp.json()["error"].startswith(message_start)


def test_empty_body_means_no_fields(api: httpx.Client) -> None:
    assert api.post("/api/workers").status_code == 200
    assert_error(api.post("/api/tasks"), 422, "input: is required")


def test_control_surface_requires_auth_but_sink_does_not(emulator: EmulatorServer) -> None:
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as raw:
        for path in (
            "/_emulator/stats",
            "/_emulator/faults",
            "/_emulator/clock",
            "/_emulator/workers",
        ):
            assert_error(raw.get(path), 401)
        assert raw.get("/_emulator/sink/anything").json() == []
    with client_for(emulator, key="wrong") as wrong:
        assert_error(wrong.post("/_emulator/reset", json={}), 401, "Invalid API key")


def test_an_encoded_slash_stays_inside_one_path_segment(
    emulator: EmulatorServer, api: httpx.Client, make_worker: Callable[..., str]
) -> None:
    wid = make_worker()
    emulator.reset_stats()
    resp = api.get(f"/api/workers/{wid}%2Femail")
    assert_error(resp, 404, f"Worker not found: {wid}/email")
    assert emulator.stats()["routes"] == {"GET /api/workers/{workerId}": 1}
    assert api.get("/api/tasks/a%2Fb").json() == {"error": "Task not found: a/b"}
    assert api.get(f"/api/workers/{wid}/").status_code == 404  # no trailing-slash variant


def test_oversized_body_is_413(api: httpx.Client) -> None:
    resp = api.post("/api/workers", content=b'{"title": "' + b"x" * 1_000_001 + b'"}')
    assert_error(resp, 413, "Request body too large: at most 1000000 bytes")


def test_head_follows_get(api: httpx.Client, make_worker: Callable[..., str]) -> None:
    wid = make_worker()
    resp = api.head(f"/api/workers/{wid}")
    assert resp.status_code == 200 and resp.content == b""
    assert api.head("/api/workers/nope").status_code == 404


def test_multipart_is_refused_clearly(api: httpx.Client) -> None:
    resp = api.post("/api/tasks", data={"input": "x"}, files={"files": ("a.txt", b"hi")})
    assert_error(resp, 415, "multipart/form-data is not supported by the emulator; send JSON")
