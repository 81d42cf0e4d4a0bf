"""Panes built from drifted answers: one unreadable row, derived pages, nothing invented."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from handinger_tui.api import models
from handinger_tui.core import views
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource
from tests.support import examples

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("lax_wire")


def test_one_unreadable_schedule_is_one_row_saying_why() -> None:
    data = copy.deepcopy(examples.SCHEDULE_LIST)
    data["schedules"].insert(
        1,
        {
            "id": "sch_bad",
            "type": "cron",
            "cron": "x",
            "nextRunAt": "soonish",
            "input": "go\x1b]0;",
        },
    )
    data["schedules"].append({"type": "interval", "intervalSeconds": "often"})
    rows = views.schedule_rows(models.ScheduleList.model_validate(data), NOW)
    assert [r.key for r in rows] == [
        data["schedules"][0]["id"],
        "sch_bad",
        data["schedules"][2]["id"],
        "(unreadable #4)",
    ]
    bad = rows[1].cells
    assert bad[0] == "cron" and bad[1].startswith("✘ unreadable: ")
    assert "nextRunAt" in bad[1]
    assert "\x1b" not in bad[5]  # what the server sent is still cleaned
    assert rows[3].cells[1].startswith("✘ unreadable: ")
    assert rows[2].cells[1] == "after 1h"  # the good rows are untouched


def test_one_unreadable_execution_is_one_row_saying_why() -> None:
    data = copy.deepcopy(examples.WEBHOOK_EXECUTIONS)
    data["logs"].insert(0, {"id": "whe_bad", "requestStatus": "error", "durationMs": "slow"})
    page = models.WebhookExecutionList.model_validate(data)
    rows = views.execution_rows(page, NOW)
    assert [r.key for r in rows] == ["whe_bad"] + [e["id"] for e in data["logs"][1:]]
    assert rows[0].cells[1] == "error"
    assert rows[0].cells[5].startswith("✘ unreadable: ") and "durationMs" in rows[0].cells[5]
    assert rows[1].cells[1] == "✔ success"


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        ({"logs": [], "page": 1, "totalCount": 112}, "page 1 of 3 · 112 deliveries"),
        ({"logs": [], "page": 1, "totalCount": 0}, "page 1 of 1 · 0 deliveries"),
        ({"logs": [], "page": 1, "pageCount": 0, "totalCount": 0}, "page 1 of 1 · 0 deliveries"),
        ({"logs": [], "page": 2}, "page 2 of 2"),  # total unknown: not shown as 0
        (
            {"logs": [], "page": 5, "pageCount": 3, "totalCount": 120},
            "page 5 of 5 · 120 deliveries",
        ),
        ({"logs": [], "page": 1, "pageCount": 2.5, "totalCount": 1}, "page 1 of 3 · 1 delivery"),
    ],
)
def test_the_pager_never_says_of_0_and_invents_no_total(payload: dict[str, Any], text: str) -> None:
    assert views.pager(models.WebhookExecutionList.model_validate(payload)) == text


def _detail(template: dict[str, Any], worker: dict[str, Any]) -> dict[str, str]:
    registry = Registry.in_memory()
    registry.remember_template(models.WorkerTemplate.model_validate(template))
    state = ExplorerState()
    wid = template["id"]
    state.resources[Key(Kind.WORKER, wid)] = Resource(
        value=models.Worker.model_validate(worker), fetched_at=NOW
    )
    return dict(views.detail_fields(state, registry, wid, NOW))


def test_a_missing_visibility_is_shown_as_unknown() -> None:
    template = {k: v for k, v in examples.WORKER_TEMPLATE.items() if k != "visibility"}
    assert _detail(template, examples.WORKER)["Visibility"] == "unknown"
    assert _detail(examples.WORKER_TEMPLATE, examples.WORKER)["Visibility"] == "private"


def test_fractions_unknown_values_and_new_keys_are_shown_as_sent() -> None:
    worker = {
        **examples.WORKER,
        "status": "thinking",
        "usage": {"credits": 12.5, "durationMs": 18450.5},
        "brandNew": {"x": 1},
        "note": "\x1b[2Jhi",
    }
    fields = _detail(examples.WORKER_TEMPLATE, worker)
    assert fields["Status"] == "? thinking"
    assert fields["Usage"] == "12.5 credits · 18.5 s"
    assert fields["Also sent"].startswith('brandNew={"x": 1}, note="')
    assert "\x1b" not in fields["Also sent"]


def test_no_extra_line_when_the_worker_is_as_documented() -> None:
    assert "Also sent" not in _detail(examples.WORKER_TEMPLATE, examples.WORKER)


def test_an_unreadable_file_or_source_is_one_line_saying_why() -> None:
    data = copy.deepcopy(examples.WORKER)
    data["files"].append({"filename": "x\x1b[2J.csv", "mediaType": "text/csv", "size": 5})
    data["sources"].append({"id": "src_2", "title": None, "url": 42})
    worker = models.Worker.model_validate(data)
    files = views.files(worker)
    assert files[0] == ("report.md", "text/markdown", "1.8 KB")
    name, media, size = files[1]
    assert name.startswith("x") and "✘ unreadable: url" in name and "\x1b" not in name
    assert (media, size) == ("text/csv", "—")
    sources = views.sources(worker)
    assert sources[0] == ("Acme voice guide", "https://acme.example/voice")
    assert sources[1][0].startswith("✘ unreadable: url") and sources[1][1] == ""


def test_a_schedule_of_unknown_shape_invents_no_interval_or_budget() -> None:
    data = {
        "schedules": [
            {"id": "a", "type": "interval", "nextRunAt": None},  # intervalSeconds missing
            {"id": "b", "type": "sunrise", "budget": "low"},
            {"id": "c", "type": "delayed", "delayInSeconds": 90.5, "budget": None},
        ]
    }
    rows = views.schedule_rows(models.ScheduleList.model_validate(data), NOW)
    assert [r.cells[:2] for r in rows] == [
        ("interval", "? interval"),
        ("sunrise", "? sunrise"),
        ("delayed", "after 1m 30s"),
    ]
    assert [r.cells[4] for r in rows] == ["—", "low", "—"]
