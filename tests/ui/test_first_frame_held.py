"""The explorer composes the list, the tabs, the status line and the footer first.

Detail, Schedules and Webhook keep their places as empty boxes of their final size and
compose their contents right after the explorer's first frame; a key pressed before they
are whole waits for them and then acts (it neither crashes on a missing table nor is lost).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from textual import events
from textual.app import ComposeResult
from textual.geometry import Region

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.screens.layout import PANES
from handinger_tui.ui.screens.main import MainScreen
from tests.support.pilot import demo_app, listed, table, wait_for

SIDE = ("detail", "schedules", "webhook")


@dataclass
class Gate:
    """The held panes compose only once `release` is set; `reached` says the first frame
    is out and the composing has begun (it runs on the screen's loop, which waits)."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    compose_held = MainScreen._compose_held

    async def held(screen: MainScreen) -> None:
        gate.reached.set()
        await gate.release.wait()
        await compose_held(screen)

    monkeypatch.setattr(MainScreen, "_compose_held", held)
    yield gate
    gate.release.set()


def typed(app: HandingerApp, *keys: str) -> None:
    """Keys as the terminal driver posts them to the app."""
    for key in keys:
        event = events.Key(key, key)
        event.set_sender(app)
        app.post_message(event)


def regions(app: HandingerApp) -> dict[str, Region]:
    return {name: app.main_screen.query_one(f"#{name}").region for name in PANES}


def composed(app: HandingerApp, name: str) -> bool:
    return bool(app.main_screen.query_one(f"#{name}").children)


async def test_the_side_panes_hold_their_places_empty_then_compose(
    demo_emulator: EmulatorServer, gate: Gate
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:  # wide: all four panes on screen
        await gate.reached.wait()
        try:
            assert app.focused is table(app)
            assert [name for name in SIDE if composed(app, name)] == []
            assert not app.main_screen.query("#schedule-table, #executions, #detail-fields")
            first = regions(app)
            assert all(first[name].area for name in PANES)
        finally:
            gate.release.set()  # the app cannot close while its screen waits
        await listed(pilot, app, len(demo_emulator.workers()))
        await wait_for(pilot, lambda: all(composed(app, n) for n in SIDE), "the side panes")
        await pilot.pause()
        assert regions(app) == first  # the layout does not jump when they fill


async def test_a_pane_key_typed_at_launch_acts_once_the_pane_is_composed(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    compose = MainScreen.compose

    def typing_at_launch(screen: MainScreen) -> ComposeResult:
        typed(screen.app, "3")  # Schedules, before its table is composed
        yield from compose(screen)

    monkeypatch.setattr(MainScreen, "compose", typing_at_launch)
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: one pane at a time
        await wait_for(pilot, lambda: app.main_screen.active_pane == "schedules", "the key")
        await pilot.pause()
        assert app.main_screen.schedules_pane.display
        assert not app.main_screen.workers_pane.display
        await listed(pilot, app, len(demo_emulator.workers()))  # and the session attached


async def test_fitting_before_the_panes_are_composed_waits_for_them(
    demo_emulator: EmulatorServer, gate: Gate
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await gate.reached.wait()
        try:
            # What a resize (or a pane picked) runs after the refresh: while held, no pane
            # has its table yet, so there is nothing to fit (it used to raise NoMatches).
            app.main_screen._fit_panes()
            assert not composed(app, "webhook")
        finally:
            gate.release.set()
        await listed(pilot, app, len(demo_emulator.workers()))
        await pilot.resize_terminal(200, 50)  # wide: Webhook on screen
        await pilot.pause()
        executions = app.main_screen.webhook_pane.panel.table
        assert executions.virtual_size.width <= executions.size.width  # fitted: no scroll


async def test_the_first_requests_are_for_the_rows_on_screen(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attaching tells polling which rows are on screen: their requests go out with the
    selected worker's, not after the table reports its visible rows (a message later)."""
    monkeypatch.setattr(KeyedTable, "_check_visible", lambda table: None)  # no message
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        session = app.session
        assert session is not None
        shown = table(app).visible_keys()
        assert len(shown) == len(demo_emulator.workers())  # every demo worker fits at 80x24
        assert session.state.visible == shown
