"""Issue 10: destructive keys that cannot misfire, and the moving keys operators know."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual import events
from textual.command import CommandInput
from textual.widgets import Button, Input

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.dialogs import ConfirmScreen
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import choose, listed, make_app, notes, rows_loaded, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
HOSTILE = "\x1b]0;PWNED\x07\x1b[31mred\x9b2J"


def _question(app: HandingerApp) -> str:
    return str(app.screen.query_one("#confirm-message").render())


async def _asked(pilot: Any, app: HandingerApp) -> ConfirmScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen


def _post(server: EmulatorServer, path: str, body: dict[str, Any]) -> dict[str, Any]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        made: dict[str, Any] = http.post(path, json=body).raise_for_status().json()
        return made


def _schedules(server: EmulatorServer, worker_id: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        path = f"/api/workers/{worker_id}/schedules"
        found: list[dict[str, Any]] = http.get(path).raise_for_status().json()["schedules"]
        return found


# -- safe destructive keys --------------------------------------------------------------


async def test_enter_on_a_delete_question_keeps_the_worker(emulator: EmulatorServer) -> None:
    """Delete then Enter deleted a worker for good: Cancel has the focus now."""
    worker = _post(emulator, "/api/workers", {"title": "Keep me"})
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, worker["id"])
        await pilot.press("delete")
        screen = await _asked(pilot, app)
        assert screen.focused is screen.query_one("#cancel", Button)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the question closed")
        await pilot.press("backspace")  # the second key for keyboards without forward-delete
        await _asked(pilot, app)
        assert "Keep me" in _question(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the question closed")
        assert emulator.worker_ids() == [worker["id"]]


async def test_delete_in_schedules_cancels_that_schedule_not_the_worker(
    emulator: EmulatorServer,
) -> None:
    worker = _post(emulator, "/api/workers", {"title": "Digest"})
    wid = worker["id"]
    for when, text in (
        ({"type": "cron", "cron": "0 8 * * 1-5"}, "Send the weekday digest"),
        ({"type": "interval", "intervalSeconds": 3600}, "Hourly check"),
    ):
        _post(emulator, f"/api/workers/{wid}/schedules", {"when": when, "input": text})
    app = make_app(emulator, [wid], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, wid)
        schedules = table(app, "#schedule-table")
        await wait_for(pilot, lambda: schedules.row_count == 2, "the schedules")
        await pilot.press("3")
        cron = next(s for s in _schedules(emulator, wid) if s["type"] == "cron")
        schedules.select_key(cron["id"])
        await pilot.pause()
        assert schedules.cursor_key == cron["id"]

        await pilot.press("delete")
        screen = await _asked(pilot, app)
        question = _question(app)
        for shown in ("cron", "0 8 * * 1-5 (UTC)", "Send the weekday digest", cron["id"]):
            assert shown in question
        confirm = str(screen.query_one("#confirm", Button).label)
        cancel = str(screen.query_one("#cancel", Button).label)
        assert "Cancel schedule" in confirm and "Keep schedule" in cancel
        await pilot.press("enter")  # the focused "Keep schedule"
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the question closed")
        assert len(_schedules(emulator, wid)) == 2

        await pilot.press("delete")
        await _asked(pilot, app)
        await pilot.press("y")
        await wait_for(pilot, lambda: schedules.row_count == 1, "the schedule gone")
        assert [s["type"] for s in _schedules(emulator, wid)] == ["interval"]
        assert emulator.worker_ids() == [wid]  # the worker is still there

        await pilot.press("4", "delete")  # a delivery cannot be deleted: said, nothing asked
        await wait_for(pilot, lambda: any("Deliveries" in n for n in notes(app)), "the note")
        assert app.screen is app.main_screen
        assert emulator.worker_ids() == [wid]


async def test_a_schedule_without_an_id_is_neither_cancelled_nor_copied(
    emulator: EmulatorServer, lax_wire: None
) -> None:
    worker = _post(emulator, "/api/workers", {"title": "Odd"})
    wid = worker["id"]
    body = {"when": {"type": "delayed", "delayInSeconds": 600}, "input": "later"}
    created = _post(emulator, f"/api/workers/{wid}/schedules", body)
    emulator.store.schedules[created["id"]].id = None  # type: ignore[assignment]
    app = make_app(emulator, [wid], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, wid)
        schedules = table(app, "#schedule-table")
        await wait_for(pilot, lambda: schedules.row_count == 1, "the unreadable row")
        assert (schedules.cursor_key or "").startswith("(unreadable")
        emulator.reset_stats()
        await pilot.press("3", "C")
        await pilot.press("I")
        await wait_for(pilot, lambda: len(notes(app)) >= 2, "both refusals")
        assert app.screen is app.main_screen  # no question about a schedule with no id
        refusals = [n for n in notes(app) if "without an id" in n]
        assert len(refusals) == 2, notes(app)
        assert not [r for r in emulator.stats()["routes"] if r.startswith("DELETE")]


# -- moving ------------------------------------------------------------------------------


async def test_j_k_g_and_home_end_move_the_cursor(emulator: EmulatorServer) -> None:
    """g is 'go to top' (it ran the worker before), j/k move, home/end jump to the rows."""
    made = [_post(emulator, "/api/workers", {"title": f"W{i}"}) for i in range(5)]
    app = make_app(emulator, [w["id"] for w in made], templates=made)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 5)
        await wait_for(pilot, lambda: rows_loaded(app, 5), "every status")
        workers = table(app)
        workers.focus()
        await pilot.pause()
        assert workers.cursor_row == 0
        for key, row in (("j", 1), ("j", 2), ("k", 1), ("end", 4), ("home", 0), ("G", 4)):
            await pilot.press(key)
            assert workers.cursor_row == row, key
        await pilot.press("g")
        assert workers.cursor_row == 0
        assert app.screen is app.main_screen  # g no longer opens the run form


async def test_escape_goes_back_to_the_list_in_a_narrow_layout(emulator: EmulatorServer) -> None:
    worker = _post(emulator, "/api/workers", {"title": "Narrow"})
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, 1)
        main = app.main_screen
        assert not main.wide
        await pilot.press("enter")  # the row: to Detail
        await wait_for(pilot, lambda: main.active_pane == "detail", "the detail pane")
        await pilot.press("escape")
        assert main.active_pane == "workers"
        assert main.query_one("#workers").has_class("-active")
        assert main.focused is table(app)
        await pilot.press("4", "escape")  # out of any view
        assert main.active_pane == "workers"


async def test_home_and_end_still_edit_the_filter(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("slash", *"abc", "home")
        box = app.main_screen.query_one("#filter", Input)
        assert box.cursor_position == 0
        await pilot.press("x", "end", "y")
        assert box.value == "xabcy"
        await pilot.press("escape")
        assert not box.display and app.main_screen.filter_text == ""


# -- pastes ------------------------------------------------------------------------------


async def test_a_hostile_paste_into_the_filter_is_shown_not_obeyed(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("slash")
        box = app.main_screen.query_one("#filter", Input)
        box.insert_text_at_cursor(HOSTILE)  # as a paste lands, past the app-level guard
        await pilot.pause()
        assert "\x1b" not in box.value and "\x07" not in box.value and "\x9b" not in box.value
        assert "␛]0;PWNED" in box.value


@pytest.mark.parametrize("where", ["palette", "filter"])
async def test_a_pasted_escape_sequence_never_reaches_any_input(
    emulator: EmulatorServer, where: str
) -> None:
    """Textual's own inputs (the command palette's) take a paste as it came."""
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("ctrl+p" if where == "palette" else "slash")
        kind = CommandInput if where == "palette" else Input
        await wait_for(pilot, lambda: isinstance(app.focused, kind), "the input focused")
        app.post_message(events.Paste(HOSTILE))
        focused = app.focused
        assert isinstance(focused, Input)
        await wait_for(pilot, lambda: "PWNED" in focused.value, "the paste")
        assert not any(ch in focused.value for ch in "\x1b\x07\x9b"), repr(focused.value)
        assert "␛]0;PWNED␇" in focused.value
