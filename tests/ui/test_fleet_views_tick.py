"""The Agenda and Problems views' second-by-second refresh at 2,000 tracked workers: a
refresh reads again only the workers with news, not every tracked worker."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from handinger_tui.core.state import Key, Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.agenda.screen import AgendaScreen
from handinger_tui.ui.cross_worker import CrossWorkerScreen
from handinger_tui.ui.problems.screen import ProblemsScreen
from tests.support.pilot import make_app, table, wait_for

TRACKED = 2_000


@pytest.mark.parametrize(
    ("key", "kind"), [("A", AgendaScreen), ("exclamation_mark", ProblemsScreen)]
)
async def test_a_refresh_reads_only_the_workers_with_news(
    emulator: EmulatorServer, key: str, kind: type[AgendaScreen | ProblemsScreen]
) -> None:
    ids = [f"t_org_1_w_{i:05d}" for i in range(TRACKED)]
    app = make_app(emulator, ids)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == TRACKED, "the list", 60)
        session = app.session
        assert session is not None
        await session.coordinator.stop()  # only the news the test gives
        await open_view(pilot, key, kind)
        screen = app.screen
        assert isinstance(screen, kind)
        first, covered = screen.kept.derived, screen._coverage.kept.derived
        assert first >= TRACKED  # the first refresh reads every worker
        assert covered >= TRACKED  # and so does the coverage line
        screen.update_view()
        screen.update_view()
        assert screen.kept.derived == first
        assert screen._coverage.kept.derived == covered
        session.coordinator.on_change(Key(Kind.SCHEDULES, ids[5]))
        session.coordinator.on_change(Key(Kind.WORKER, ids[1500]))
        screen.update_view()
        assert screen.kept.derived == first + 2
        assert screen._coverage.kept.derived == covered + 2


async def open_view(pilot: Pilot[Any], key: str, kind: type[CrossWorkerScreen]) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind), f"the {kind.__name__}")


async def test_the_list_under_a_full_view_builds_nothing_and_catches_up_after(
    emulator: EmulatorServer,
) -> None:
    ids = [f"t_org_1_w_{i:05d}" for i in range(TRACKED)]
    app = make_app(emulator, ids)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == TRACKED, "the list", 60)
        session = app.session
        assert session is not None
        await session.coordinator.stop()
        main = app.main_screen
        pace = main._pace
        await open_view(pilot, "A", AgendaScreen)
        before = pace.built
        main._tick()
        main._tick()
        assert pace.built == before
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is main, "the list again")
        await pilot.pause()
        assert pace.built > before  # on its return, not at the next tick
