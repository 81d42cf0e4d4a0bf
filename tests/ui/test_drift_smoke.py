"""Smoke test: the explorer on an emulator whose answers drift like the real service's."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from handinger_tui.core.state import Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.pilot import (
    column,
    demo_app,
    rendered,
    rows_loaded,
    static_text,
    table,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("lax_wire")  # production reading


def _text(app: HandingerApp, selector: str) -> str:
    return rendered(app.main_screen.query_one(selector, Static).content)


def _dump(app: HandingerApp) -> str:
    """What the panes show, for a failure message."""
    parts = [static_text(app, "#status-line"), str(column(app, 0))]
    parts += [_text(app, s) for s in ("#detail-fields", "#detail-sources", "#detail-files")]
    return "\n".join(parts)


async def test_the_explorer_reads_a_drifting_service(demo_emulator: EmulatorServer) -> None:
    workers = demo_emulator.workers()
    target = next(w for w in workers if w["title"] == "Support ticket triage")
    demo_emulator.set_faults(drift=True)
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await wait_for(pilot, lambda: rows_loaded(app, len(workers)), "every status")
        statuses = column(app, 0)
        # Unknown statuses (pending -> queued, running -> in_progress) are shown as sent.
        assert "? in_progress" in statuses and "? queued" in statuses, statuses
        assert not any("unknown" in s or "not found" in s for s in statuses), statuses

        table(app).select_key(target["id"])
        await wait_for(
            pilot,
            lambda: (
                "Support ticket triage" in (t := _text(app, "#detail-fields")) and "credits" in t
            ),
            "its usage in the detail pane",
        )
        fields = _text(app, "#detail-fields")
        assert ".5 credits" in fields, fields  # a fraction, shown as sent
        assert "service_tier" in fields  # a key the reference does not document, shown
        await wait_for(pilot, lambda: "(unnamed)" in _text(app, "#detail-files"), "the files")
        assert _text(app, "#detail-files").count("(unnamed)") == 2  # null file names
        assert "(untitled)" in _text(app, "#detail-sources")  # null source titles
        await wait_for(
            pilot,
            lambda: table(app, "#schedule-table").row_count == target["schedules"],
            "schedules",
        )
        assert not any("unreadable" in c for c in column(app, 1, "#schedule-table"))

        await wait_for(
            pilot,
            lambda: static_text(app, "#webhook-pager").startswith("page 1 of 3"),
            "the pager, its page count derived: " + static_text(app, "#webhook-pager"),
        )
        assert "120 deliveries" in static_text(app, "#webhook-pager")
        assert len(column(app, 4, "#executions")) == 50
        assert not any("unreadable" in c for c in column(app, 5, "#executions"))

        def status_line() -> str:
            return static_text(app, "#status-line")

        await wait_for(pilot, lambda: "connected" in status_line(), "connected: " + _dump(app))
        line = status_line().lower()
        assert "unreachable" not in line and "cannot read" not in line, line
        assert app.session is not None
        # Expected answers, not drift: the colleague's worker is 403 to this key by design,
        # and the sweep may look up a task of a seeded delivery that the service no longer
        # has (404). Anything else in error means a drifted answer could not be read.
        failed: list[Any] = [
            k
            for k, r in app.session.state.resources.items()
            if r.error
            and r.error_status != 403
            and not (k.kind is Kind.TASK and r.error_status == 404)
        ]
        assert failed == [], failed
