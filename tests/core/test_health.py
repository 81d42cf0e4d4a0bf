"""The delivery strip, "failing since", sorting by column, and row details (core, no UI)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from handinger_tui.api import models
from handinger_tui.core import health, row_details
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource
from handinger_tui.core.views import Row
from tests.support import examples

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _deliveries(*results: str, pages: int = 1) -> models.WebhookExecutionList:
    """Newest first, an hour apart, ending an hour before NOW."""
    logs = []
    for n, result in enumerate(results):
        log = copy.deepcopy(examples.WEBHOOK_EXECUTIONS["logs"][0 if result == "ok" else 1])
        log["id"] = f"whe_{n}"
        log["createdAt"] = _iso(NOW - timedelta(hours=n + 1))
        log["requestStatus"] = "success" if result == "ok" else "error"
        logs.append(log)
    return models.WebhookExecutionList.model_validate(
        {"logs": logs, "page": 1, "pageCount": pages, "totalCount": len(logs) * pages}
    )


def _put(state: ExplorerState, key: Key, value: object) -> None:
    state.resources[key] = Resource(value=value, fetched_at=NOW)


def test_the_strip_is_the_last_ten_results_oldest_first() -> None:
    executions = _deliveries(*(["fail"] * 2 + ["ok"] * 10))
    assert health.strip(executions) == "✔" * 8 + "✘✘"
    assert health.hook_cell(executions, NOW) == "✔" * 8 + "✘✘ 1h"
    assert health.hook_cell(None, NOW) == "—"


def test_failing_since_the_oldest_failure_of_the_streak() -> None:
    streak = health.failing(_deliveries("fail", "fail", "fail", "ok"))
    assert streak == health.Streak(NOW - timedelta(hours=3), 3, False)
    assert health.failing(_deliveries("ok", "fail")) is None
    note = health.failing_note(_deliveries("fail", "fail", pages=3), NOW)
    assert note.endswith("or earlier · 2+ deliveries in a row")


def test_sorting_by_a_time_column_puts_unknown_values_last_both_ways() -> None:
    state = ExplorerState()
    rows = [Row(wid, ("",) * 5) for wid in ("a", "b", "c")]
    _put(state, Key(Kind.EXECUTIONS, "a", 1), _deliveries("ok"))
    _put(state, Key(Kind.EXECUTIONS, "c", 1), _deliveries("fail", "fail"))
    up = health.sort_rows(rows, state, NOW, mode="hook")
    assert [r.key for r in up] == ["c", "a", "b"]  # failing first, none last
    down = health.sort_rows(rows, state, NOW, mode="hook", descending=True)
    assert [r.key for r in down] == ["a", "c", "b"]


def test_schedule_details_list_the_next_cron_runs_in_utc() -> None:
    data: dict[str, Any] = copy.deepcopy(examples.SCHEDULE_LIST["schedules"][0])
    data.update(cron="0 8 * * 1-5", nextRunAt="2026-05-13T08:00:00.000Z")
    schedule = models.ScheduleList.model_validate({"schedules": [data]}).schedules[0]
    runs = row_details.next_runs(schedule)
    assert [r.strftime("%a %H:%M") for r in runs] == [
        "Wed 08:00", "Thu 08:00", "Fri 08:00", "Mon 08:00", "Tue 08:00"
    ]  # fmt: skip
    fields = dict(row_details.schedule_fields(schedule, NOW))
    assert fields["When"].endswith("(UTC)") and fields["Id"] == schedule.id
