"""The emulator refuses what the reference refuses (never kinder than the service)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_json_constants_are_400(
    emulator: EmulatorServer, api: httpx.Client, constant: str
) -> None:
    raw = f'{{"title": "x", "outputSchema": {{"maximum": {constant}}}}}'.encode()
    resp = api.post("/api/workers", content=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400
    assert resp.json() == {
        "error": f"Malformed JSON body: {constant} is not valid JSON "
        "(RFC 8259 has no NaN or Infinity)"
    }
    assert emulator.workers() == []


def test_nan_in_a_task_input_is_refused(api: httpx.Client, make_worker: Callable[..., str]) -> None:
    wid = make_worker()
    raw = f'{{"workerId": "{wid}", "input": "go", "budget": NaN}}'.encode()
    resp = api.post("/api/tasks", content=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400 and "NaN is not valid JSON" in resp.json()["error"]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2031-05-13T08:00:00", "with an offset (Z or +02:00)"),
        ("2031-05-13T08:00:00.250", "with an offset (Z or +02:00)"),
        ("2031-05-13T08:00Z", "with seconds"),
        ("2031-05-13 08:00:00Z", "(date and time)"),
    ],
)
def test_schedule_date_needs_an_offset_and_seconds(
    api: httpx.Client, make_worker: Callable[..., str], date: str, message: str
) -> None:
    wid = make_worker()
    when = {"type": "scheduled", "date": date}
    resp = api.post(f"/api/workers/{wid}/schedules", json={"input": "go", "when": when})
    assert resp.status_code == 422
    assert resp.json()["error"].startswith("when.date: must be an ISO-8601 date-time")
    assert message in resp.json()["error"]
    assert api.get(f"/api/workers/{wid}/schedules").json()["schedules"] == []


def test_output_schema_null_on_create_is_422(emulator: EmulatorServer, api: httpx.Client) -> None:
    resp = api.post("/api/workers", json={"title": "x", "outputSchema": None})
    assert resp.status_code == 422
    assert resp.json() == {
        "error": "outputSchema: must be an object (null is accepted only on update, to remove it)"
    }
    assert emulator.workers() == []
