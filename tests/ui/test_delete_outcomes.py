"""Deletes (and token regeneration) through the explorer: a lost answer whose retry finds
the thing gone is "done", and a server that answers "not done" is shown as not done."""

from __future__ import annotations

from typing import Any

import pytest
from textual.notifications import Notification

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support import examples
from tests.support.api import MockAPI
from tests.support.pilot import demo_app, table, wait_for


def _notes(app: HandingerApp) -> list[Notification]:
    return list(app._notifications)


async def _open(pilot: Any, app: HandingerApp, emu: EmulatorServer, title: str) -> str:
    count = len(emu.workers())
    await wait_for(pilot, lambda: app.session is not None, "the session")
    await wait_for(pilot, lambda: table(app).row_count == count, f"{count} rows")
    wid: str = next(w["id"] for w in emu.workers() if w["title"] == title)
    app.main_screen.select_worker(wid)
    await wait_for(
        pilot,
        lambda: app.session is not None and app.session.state.selected == wid,
        "the selection",
    )
    return wid


@pytest.mark.parametrize("fault", [{"errorAfterRate": 1.0}, {"dropAfterRate": 1.0}])
async def test_delete_whose_answer_was_lost_says_deleted(
    demo_emulator: EmulatorServer, fault: dict[str, Any]
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        wid = await _open(pilot, app, demo_emulator, "Weekly KPI digest")
        rows = table(app).row_count
        demo_emulator.set_faults(**fault, methods=["DELETE"], count=1)
        await pilot.press("delete")
        await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: table(app).row_count == rows - 1, "the row gone")
        await wait_for(pilot, lambda: bool(_notes(app)), "the outcome")
        notes = _notes(app)
        assert [n.message for n in notes] == ["Deleted Weekly KPI digest"]
        assert notes[0].severity == "information"
        assert wid not in demo_emulator.worker_ids()


async def test_cancelled_false_is_shown_as_not_done(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        wid = await _open(pilot, app, demo_emulator, "Support ticket triage")
        schedules = table(app, "#schedule-table")
        await wait_for(pilot, lambda: schedules.row_count > 0, "the schedules")
        rows = schedules.row_count
        sid = schedules.cursor_key
        assert app.session is not None and sid is not None
        api = MockAPI().add("DELETE", f"/api/workers/{wid}/schedules/{sid}", {"cancelled": False})
        app.session.retired.append(app.session.client)  # closed with the session
        app.session.client = api.client()
        await pilot.press("C")
        await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(api.requests) and bool(_notes(app)), "the answer")
        await wait_for(pilot, lambda: any("not done" in n.message for n in _notes(app)), "note")
        note = next(n for n in _notes(app) if "not done" in n.message)
        assert note.severity == "warning" and "cancelled: false" in note.message
        assert not any(n.message == "Schedule cancelled" for n in _notes(app))
        assert schedules.row_count == rows


async def test_regenerate_answered_without_a_token_is_not_done(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        wid = await _open(pilot, app, demo_emulator, "Support ticket triage")
        assert app.session is not None
        path = f"/api/workers/{wid}/webhook/regenerate-token"
        api = MockAPI().add("POST", path, examples.WEBHOOK_EMPTY)
        app.session.retired.append(app.session.client)  # closed with the session
        app.session.client = api.client()
        await pilot.press("T")
        await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: any("not done" in n.message for n in _notes(app)), "note")
        assert "returned no token" in next(
            n.message for n in _notes(app) if "not done" in n.message
        )
        assert not app.screen.query("#secret-value")  # no empty "secret" shown
