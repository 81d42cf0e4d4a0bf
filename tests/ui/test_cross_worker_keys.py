"""Agenda (`A`) and Problems (`!`) move with the worker list's keys: j/k, g/G, home/end.

Before, only the arrow keys moved there; j/k/g/G did nothing and home/end scrolled sideways.
A user's remap of the worker list's keys applies there too.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.agenda.screen import AgendaScreen
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.cross_worker import CrossWorkerScreen
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.problems.screen import ProblemsScreen
from tests.support.pilot import demo_app, settings_on, table, wait_for

VIEWS = [("A", AgendaScreen), ("exclamation_mark", ProblemsScreen)]


async def opened(
    pilot: Pilot[Any], app: HandingerApp, key: str, kind: type[CrossWorkerScreen]
) -> KeyedTable:
    """The view's table, once it has at least three rows to move between."""
    await wait_for(pilot, lambda: table(app).row_count > 0, "the workers")
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    rows = app.screen.query_one(KeyedTable)
    await wait_for(pilot, lambda: rows.row_count >= 3, "three rows")
    return rows


async def moved(pilot: Pilot[Any], rows: KeyedTable, key: str) -> int:
    await pilot.press(key)
    await pilot.pause()
    return rows.cursor_row


@pytest.mark.parametrize(("key", "kind"), VIEWS)
async def test_vim_keys_move_the_cursor(
    demo_emulator: EmulatorServer, key: str, kind: type[CrossWorkerScreen]
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        rows = await opened(pilot, app, key, kind)
        last = rows.row_count - 1
        assert await moved(pilot, rows, "G") == last
        assert await moved(pilot, rows, "k") == last - 1
        assert await moved(pilot, rows, "g") == 0
        assert await moved(pilot, rows, "j") == 1
        assert await moved(pilot, rows, "end") == last
        assert await moved(pilot, rows, "home") == 0
        assert isinstance(app.screen, kind)  # no key left the view


async def test_a_remapped_down_key_moves_here_too(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator, settings=settings_on(demo_emulator, keymap={"view.down": "J"}))
    async with app.run_test(size=(160, 48)) as pilot:
        rows = await opened(pilot, app, "A", AgendaScreen)
        assert await moved(pilot, rows, "g") == 0
        assert await moved(pilot, rows, "J") == 1
        assert await moved(pilot, rows, "j") == 1  # j is no longer a moving key
