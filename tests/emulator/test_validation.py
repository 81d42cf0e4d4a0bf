"""Every limit of the reference at its boundary and one past it (422 with a named field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

LIMITS = [
    ("title", 1, 200),
    ("summary", 0, 80),
    ("instructions", 0, 20000),
    ("prompt", 0, 10000),
]


def _cases() -> list[tuple[str, int, bool]]:
    cases = []
    for field, lo, hi in LIMITS:
        if lo > 0:
            cases.append((field, lo - 1, False))
        cases += [(field, lo, True), (field, hi, True), (field, hi + 1, False)]
    return cases


@pytest.mark.parametrize(("field", "length", "ok"), _cases())
def test_create_worker_string_limits(api: httpx.Client, field: str, length: int, ok: bool) -> None:
    body = {field: "é" * length} if field != "title" else {"title": "x" * length}
    resp = api.post("/api/workers", json=body)
    if ok:
        assert resp.status_code == 200, resp.text
        created = resp.json()
        if field == "prompt":
            assert ("é" * length) in created["instructions"]  # generated from the prompt
        elif field == "instructions" and length == 0:
            assert created["instructions"]  # empty instructions are generated
        else:
            assert created[field] == body[field]
    else:
        assert resp.status_code == 422
        assert resp.headers["content-type"] == "application/json"
        lo, hi = next((lo, hi) for f, lo, hi in LIMITS if f == field)
        if length > hi:
            assert resp.json() == {"error": f"{field}: must be at most {hi} characters"}
        else:
            assert resp.json() == {"error": f"{field}: must be at least {lo} character"}


@pytest.mark.parametrize(("field", "length", "ok"), [c for c in _cases() if c[0] != "prompt"])
def test_update_worker_string_limits(
    api: httpx.Client, make_worker: Callable[..., str], field: str, length: int, ok: bool
) -> None:
    wid = make_worker()
    resp = api.patch(f"/api/workers/{wid}", json={field: "y" * length})
    assert resp.status_code == (200 if ok else 422), resp.text
    if ok:
        assert resp.json()[field] == "y" * length
    else:
        assert resp.json()["error"].startswith(f"{field}: must be at")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": 5}, "title: must be a string"),
        ({"summary": ["a"]}, "summary: must be a string"),
        ({"visibility": "secret"}, "visibility: must be one of public, private"),
        ({"visibility": None}, "visibility: must be one of public, private"),
        ({"outputSchema": [1]}, "outputSchema: must be an object (a JSON Schema, Draft-07)"),
        ({"outputSchema": "string"}, "outputSchema: must be an object (a JSON Schema, Draft-07)"),
    ],
)
def test_create_worker_type_errors(api: httpx.Client, body: dict[str, Any], message: str) -> None:
    resp = api.post("/api/workers", json=body)
    assert resp.status_code == 422
    assert resp.json() == {"error": message}


@pytest.mark.parametrize(
    "schema",
    [{"type": "bogus"}, {"properties": {"a": {"minLength": -1}}}, {"required": "a"}],
)
def test_output_schema_must_be_valid_draft7(api: httpx.Client, schema: dict[str, Any]) -> None:
    resp = api.post("/api/workers", json={"outputSchema": schema})
    assert resp.status_code == 422
    assert resp.json()["error"].startswith("outputSchema: is not a valid Draft-07 schema")


def test_visibility_values_and_defaults(api: httpx.Client) -> None:
    assert (
        api.post("/api/workers", json={"visibility": "private"}).json()["visibility"] == "private"
    )
    created = api.post("/api/workers", json={}).json()
    assert created["visibility"] == "public"
    assert created["outputSchema"] is None
    assert created["title"]  # a dog-themed name


def test_unknown_fields_are_ignored(api: httpx.Client) -> None:
    resp = api.post("/api/workers", json={"title": "ok", "colour": "blue", "nested": {"a": 1}})
    assert resp.status_code == 200
    assert "colour" not in resp.json()


@pytest.mark.parametrize("field", ["title", "summary", "instructions", "visibility"])
def test_patch_rejects_null_except_output_schema(
    api: httpx.Client, make_worker: Callable[..., str], field: str
) -> None:
    wid = make_worker()
    resp = api.patch(f"/api/workers/{wid}", json={field: None})
    assert resp.status_code == 422
    assert resp.json() == {"error": f"{field}: must not be null"}


def test_patch_output_schema_null_clears_and_omitted_keys_stay(
    api: httpx.Client, make_worker: Callable[..., str]
) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    wid = make_worker(title="Keep me", summary="S", outputSchema=schema, visibility="private")
    kept = api.patch(f"/api/workers/{wid}", json={"summary": "T"}).json()
    assert kept["title"] == "Keep me" and kept["outputSchema"] == schema
    assert kept["visibility"] == "private" and kept["summary"] == "T"
    cleared = api.patch(f"/api/workers/{wid}", json={"outputSchema": None}).json()
    assert cleared["outputSchema"] is None and cleared["title"] == "Keep me"
    assert cleared["updatedAt"] >= cleared["createdAt"]


def test_patch_prompt_is_rejected(api: httpx.Client, make_worker: Callable[..., str]) -> None:
    wid = make_worker()
    resp = api.patch(f"/api/workers/{wid}", json={"prompt": "new"})
    assert resp.status_code == 422
    assert resp.json()["error"].startswith("prompt: is only accepted when creating a worker")


URL_CASES = [
    ("https://hooks.example.com/h", True),
    ("http://127.0.0.1:9/h", True),
    ("http://127.5.6.7/h", True),
    ("http://localhost:8080/h", True),
    ("http://[::1]:8080/h", True),
    ("http://example.com/h", False),
    ("http://10.0.0.1/h", False),
    ("ftp://example.com/h", False),
    ("not a url", False),
    ("https://", False),
    ("https://exa mple.com/", False),
    ("", False),
]


@pytest.mark.parametrize(("url", "ok"), URL_CASES)
def test_webhook_url_rules(
    api: httpx.Client, make_worker: Callable[..., str], url: str, ok: bool
) -> None:
    wid = make_worker()
    resp = api.put(f"/api/workers/{wid}/webhook", json={"url": url})
    assert resp.status_code == (200 if ok else 422), resp.text
    if ok:
        assert resp.json()["url"] == url
    else:
        assert resp.json()["error"].startswith("url: must")


@pytest.mark.parametrize(("length", "ok"), [(2048, True), (2049, False)])
def test_webhook_url_length(
    api: httpx.Client, make_worker: Callable[..., str], length: int, ok: bool
) -> None:
    wid = make_worker()
    prefix = "https://hooks.example.com/"
    url = prefix + "a" * (length - len(prefix))
    assert len(url) == length
    resp = api.put(f"/api/workers/{wid}/webhook", json={"url": url})
    assert resp.status_code == (200 if ok else 422)
    if not ok:
        assert resp.json() == {"error": "url: must be at most 2048 characters"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "url: is required (a string, or null to remove the webhook)"),
        ({"url": 5}, "url: must be a string or null"),
    ],
)
def test_webhook_body_shape(
    api: httpx.Client, make_worker: Callable[..., str], body: dict[str, Any], message: str
) -> None:
    wid = make_worker()
    resp = api.put(f"/api/workers/{wid}/webhook", json=body)
    assert resp.status_code == 422
    assert resp.json() == {"error": message}


def _schedule(api: httpx.Client, wid: str, body: dict[str, Any]) -> httpx.Response:
    return api.post(f"/api/workers/{wid}/schedules", json=body)


@pytest.mark.parametrize("kind", ["delayInSeconds", "intervalSeconds"])
@pytest.mark.parametrize(
    ("value", "ok"),
    [(0, False), (1, True), (31536000, True), (31536001, False), (-5, False)],
)
def test_schedule_seconds_range(
    api: httpx.Client, make_worker: Callable[..., str], kind: str, value: int, ok: bool
) -> None:
    wid = make_worker()
    typ = "delayed" if kind == "delayInSeconds" else "interval"
    resp = _schedule(api, wid, {"input": "go", "when": {"type": typ, kind: value}})
    assert resp.status_code == (200 if ok else 422), resp.text
    if ok:
        assert resp.json()[kind] == value
    else:
        assert resp.json() == {"error": f"when.{kind}: must be between 1 and 31536000"}


@pytest.mark.parametrize("kind", ["delayInSeconds", "intervalSeconds"])
@pytest.mark.parametrize("value", [True, 1.5, 60.0, "60", None])
def test_schedule_seconds_must_be_integers(
    api: httpx.Client, make_worker: Callable[..., str], kind: str, value: Any
) -> None:
    wid = make_worker()
    typ = "delayed" if kind == "delayInSeconds" else "interval"
    resp = _schedule(api, wid, {"input": "go", "when": {"type": typ, kind: value}})
    assert resp.status_code == 422
    assert resp.json() == {"error": f"when.{kind}: must be an integer"}


@pytest.mark.parametrize(
    ("cron", "ok"),
    [
        ("0 8 * * 1-5", True),
        ("*/5 * * * *", True),
        ("", False),
        ("   ", False),
        ("not a cron", False),
        ("* * * *", False),
        ("0 0 * * * *", False),
        ("61 * * * *", False),
        ("0 25 * * *", False),
        ("0 0 31 2 *", False),
    ],
)
def test_schedule_cron(
    api: httpx.Client, make_worker: Callable[..., str], cron: str, ok: bool
) -> None:
    wid = make_worker()
    resp = _schedule(api, wid, {"input": "go", "when": {"type": "cron", "cron": cron}})
    assert resp.status_code == (200 if ok else 422), resp.text
    if not ok:
        assert resp.json()["error"].startswith("when.cron: ")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2031-05-13T08:00:00Z", "2031-05-13T08:00:00.000Z"),
        ("2031-05-13T08:00:00.250Z", "2031-05-13T08:00:00.250Z"),
        ("2031-05-13T10:00:00+02:00", "2031-05-13T08:00:00.000Z"),
        ("2031-05-13t08:00:00z", "2031-05-13T08:00:00.000Z"),
    ],
)
def test_schedule_date_accepted(
    api: httpx.Client, make_worker: Callable[..., str], date: str, expected: str
) -> None:
    wid = make_worker()
    resp = _schedule(api, wid, {"input": "go", "when": {"type": "scheduled", "date": date}})
    assert resp.status_code == 200, resp.text
    assert resp.json()["nextRunAt"] == expected
    assert resp.json()["type"] == "scheduled"


@pytest.mark.parametrize("date", ["", "2031-05-13", "2031-13-01T00:00:00Z", "tomorrow", 1778577262])
def test_schedule_date_rejected(
    api: httpx.Client, make_worker: Callable[..., str], date: Any
) -> None:
    wid = make_worker()
    resp = _schedule(api, wid, {"input": "go", "when": {"type": "scheduled", "date": date}})
    assert resp.status_code == 422
    assert resp.json()["error"].startswith("when.date: must be an ISO-8601 date-time")


DELAY = {"type": "delayed", "delayInSeconds": 5}
KINDS = "scheduled, delayed, cron, interval"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"when": DELAY}, "input: is required"),
        ({"input": "", "when": DELAY}, "input: must be at least 1 character"),
        ({"input": 3, "when": DELAY}, "input: must be a string"),
        ({"input": "go"}, "when: is required"),
        ({"input": "go", "when": "daily"}, f"when: must be an object with a type ({KINDS})"),
        ({"input": "go", "when": {}}, f"when.type: is required (one of {KINDS})"),
        ({"input": "go", "when": {"type": "weekly"}}, f"when.type: must be one of {KINDS}"),
        ({"input": "go", "when": {"type": "scheduled"}}, "when.date: is required"),
        ({"input": "go", "when": {"type": "cron"}}, "when.cron: is required"),
        ({"input": "go", "when": {"type": "delayed"}}, "when.delayInSeconds: is required"),
        (
            {"input": "go", "budget": "huge", "when": DELAY},
            "budget: must be one of low, standard, high, unlimited",
        ),
    ],
)
def test_schedule_body_errors(
    api: httpx.Client, make_worker: Callable[..., str], body: dict[str, Any], message: str
) -> None:
    wid = make_worker()
    resp = _schedule(api, wid, body)
    assert resp.status_code == 422
    assert resp.json() == {"error": message}


def test_schedule_input_min_length_boundary(
    api: httpx.Client, make_worker: Callable[..., str]
) -> None:
    wid = make_worker()
    resp = _schedule(api, wid, {"input": "g", "when": {"type": "delayed", "delayInSeconds": 5}})
    assert resp.status_code == 200
    assert resp.json()["input"] == "g" and resp.json()["budget"] == "standard"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({}, 422, "input: is required"),
        ({"input": ""}, 422, "input: must be at least 1 character"),
        (
            {"input": "go", "budget": "max"},
            422,
            "budget: must be one of low, standard, high, unlimited",
        ),
        ({"input": "go", "workerId": ""}, 422, "workerId: must be at least 1 character"),
        ({"input": "go", "taskId": ""}, 422, "taskId: must be at least 1 character"),
        ({"input": "go", "taskId": "t" * 201}, 422, "taskId: must be at most 200 characters"),
        ({"input": "go", "stream": "yes"}, 422, "stream: must be a boolean"),
        ({"input": "go", "workerId": "t_org_1_w_nope"}, 404, "Worker not found: t_org_1_w_nope"),
    ],
)
def test_task_body_errors(
    api: httpx.Client, body: dict[str, Any], status: int, message: str
) -> None:
    resp = api.post("/api/tasks", json=body)
    assert resp.status_code == status
    assert resp.json() == {"error": message}


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", ""])
def test_executions_page_must_be_positive_integer(
    api: httpx.Client, make_worker: Callable[..., str], page: str
) -> None:
    wid = make_worker()
    resp = api.get(f"/api/workers/{wid}/webhook/executions", params={"page": page})
    assert resp.status_code == 422
    assert resp.json() == {"error": "page: must be an integer >= 1"}
