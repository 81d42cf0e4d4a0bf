"""Two Enters typed at once close one screen: the prompt or palette, never the explorer.

Textual's `Screen.dismiss` pops whatever screen is on top. Both Enters reached the prompt's
input before it closed, so the second popped the explorer and the app crashed ("Can't pop
screen; there must be at least one screen on the stack"); the palette also ran its command
twice. The keys are posted as the terminal driver posts them, both before either is handled.
"""

from __future__ import annotations

import httpx
import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, table, wait_for


def typed_at_once(app: HandingerApp, *keys: str) -> None:
    for key in keys:
        event = events.Key(key, "\r" if key == "enter" else key)
        event.set_sender(app)
        app.post_message(event)


def hits(app: HandingerApp) -> int:
    return app.screen.query_one(CommandList).option_count if app.screen.query(CommandList) else 0


def new_worker(emulator: EmulatorServer, title: str) -> str:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        worker_id: str = http.post("/api/workers", json={"title": title}).json()["id"]
    return worker_id


async def test_a_double_enter_in_the_track_prompt_tracks_once(emulator: EmulatorServer) -> None:
    first, second = new_worker(emulator, "First"), new_worker(emulator, "Second")
    app = make_app(emulator, [first])
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1, "the first row")
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")), "the prompt")
        app.screen.query_one("#prompt-input", Input).value = second
        typed_at_once(app, "enter", "enter")
        await wait_for(pilot, lambda: table(app).row_count == 2, "the second row")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen is app.main_screen


@pytest.mark.parametrize(
    ("opener", "typed", "keys", "opened"),
    [
        ("ctrl+p", "All keys", ("down", "enter", "enter"), "HelpScreen"),  # the palette
        ("colon", "agenda", ("enter", "enter"), "AgendaScreen"),  # command mode
    ],
)
async def test_a_double_enter_in_a_palette_runs_its_command_once(
    emulator: EmulatorServer, opener: str, typed: str, keys: tuple[str, ...], opened: str
) -> None:
    app = make_app(emulator, [new_worker(emulator, "Only")])
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1, "the row")
        await pilot.press(opener)
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*typed)
        await wait_for(pilot, lambda: hits(app) > 0, "the command among the hits")
        typed_at_once(app, *keys)
        await wait_for(pilot, lambda: type(app.screen).__name__ == opened, opened)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert [type(s).__name__ for s in app.screen_stack] == ["MainScreen", opened]
