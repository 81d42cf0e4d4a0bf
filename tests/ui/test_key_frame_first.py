"""A cursor key's frame goes out before the panes follow; a burst or a held key renders only
the worker the cursor rests on."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.screen import Screen

from handinger_tui.core.refresh import Cadence
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.detail.pane import WorkerDetail
from handinger_tui.ui.kit import keyed_table
from tests.support.pilot import demo_app, table, wait_for

# Slow polling: the only renders while the test runs are the ones the keys cause.
QUIET = Cadence(active=30.0, idle=30.0, rows=30.0, schedules=30.0, webhook=30.0)


async def _ready(pilot: Any, app: HandingerApp) -> None:
    await wait_for(pilot, lambda: app.session is not None, "the session")
    await wait_for(pilot, lambda: table(app).row_count >= 4, "the demo rows")
    first = table(app).cursor_key
    await wait_for(pilot, lambda: _selected(app) == first, "the first worker selected")
    session = app.session
    assert session is not None
    # No answer left to arrive: a list render would select the cursor's row at once.
    await wait_for(pilot, lambda: session.coordinator.in_flight == 0, "the first loads")
    await pilot.pause()
    await pilot.pause()


def _spy_shows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The worker ids the Detail pane is asked to show, in order, from now on."""
    shown: list[str] = []
    real = WorkerDetail.show

    def show(detail: WorkerDetail, worker_id: str, *args: Any) -> None:
        shown.append(worker_id)
        real(detail, worker_id, *args)

    monkeypatch.setattr(WorkerDetail, "show", show)
    return shown


def _selected(app: HandingerApp) -> str | None:
    session = app.session
    return session.state.selected if session is not None else None


def _title(app: HandingerApp) -> str:
    return str(app.main_screen.detail_pane.border_title)


async def test_the_moved_cursor_is_drawn_before_the_panes_follow(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(demo_emulator, cadence=QUIET)
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(pilot, app)
        start = table(app).cursor_key
        old_title = _title(app)
        frames: list[tuple[str | None, str]] = []  # (cursor row, Detail title) per frame
        real = Screen._compositor_refresh

        def drawn(screen: Screen[Any]) -> None:
            if screen is app.main_screen:
                frames.append((table(app).cursor_key, _title(app)))
            real(screen)

        monkeypatch.setattr(Screen, "_compositor_refresh", drawn)
        table(app).action_cursor_down()
        moved = table(app).cursor_key
        assert moved is not None and moved != start
        await wait_for(pilot, lambda: _selected(app) == moved, "the panes to follow")
        await wait_for(pilot, lambda: _title(app) != old_title, "the Detail title to follow")
        first_with_cursor = next(title for key, title in frames if key == moved)
        assert first_with_cursor == old_title  # the key's frame did not wait for the panes
        assert frames[-1] == (moved, _title(app))


async def test_a_burst_of_keys_renders_only_the_worker_the_cursor_rests_on(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(demo_emulator, cadence=QUIET)
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(pilot, app)
        shown = _spy_shows(monkeypatch)
        passed = []
        for _ in range(3):  # three keys before the app draws anything
            table(app).action_cursor_down()
            passed.append(table(app).cursor_key)
        assert len(set(passed)) == 3
        await wait_for(pilot, lambda: _selected(app) == passed[-1], "the last worker selected")
        await pilot.pause()
        assert set(shown) == {passed[-1]}  # the rows passed over were never rendered


async def test_a_held_key_renders_the_panes_only_where_the_cursor_rests(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(demo_emulator, cadence=QUIET)
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(pilot, app)
        now = [time.monotonic() + 10.0]  # the first move below comes after a rest
        monkeypatch.setattr(keyed_table, "monotonic", lambda: now[0])
        monkeypatch.setattr(keyed_table, "REPEAT", 1.0)  # moves 0.03 s apart: a held key
        shown = _spy_shows(monkeypatch)
        passed = []
        for _ in range(3):
            await pilot.press("down")  # each move drawn before the next key
            passed.append(table(app).cursor_key)
            now[0] += 0.03
        await wait_for(pilot, lambda: _selected(app) == passed[-1], "the panes where it rests")
        assert passed[1] not in shown  # passed over while the key was held: never rendered
        assert shown[0] == passed[0] and shown[-1] == passed[-1]
