"""The Problems (`!`) and Agenda (`A`) views on the emulator: what they list, in what order,
what Enter does, and what an empty view says."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

import httpx
from textual.pilot import Pilot
from textual.widgets import Static

from handinger_tui.core import triage
from handinger_tui.core.state import Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.agenda.screen import AgendaScreen
from handinger_tui.ui.cross_worker import CrossWorkerScreen
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.problems.screen import ProblemsScreen
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import FAST, demo_app, make_app, wait_for

SWEEPING = replace(FAST, sweep_per_minute=600)  # the whole demo checked within the test


def swept(app: Any) -> bool:
    """The sweep has read every tracked worker (and the tasks it knows of); nothing in flight."""
    return app.session is not None and app.session.coordinator.swept()


def rows(screen: CrossWorkerScreen) -> list[tuple[str, list[str]]]:
    table = screen.query_one(KeyedTable)
    return [
        (str(row.key.value), [str(c) for c in table.get_row(row.key)]) for row in table.ordered_rows
    ]


async def open_view(pilot: Pilot[Any], key: str, kind: type[CrossWorkerScreen]) -> Any:
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), f"the {kind.__name__}")
    screen = app.screen
    await wait_for(pilot, lambda: screen.query_one(KeyedTable).row_count > 0, "rows")
    return screen


async def test_problems_lists_the_demo_trouble_most_severe_first_and_enter_jumps(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator, cadence=SWEEPING)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: swept(app), "the sweep over the demo", limit=30)
        screen = await open_view(pilot, "exclamation_mark", ProblemsScreen)
        found = rows(screen)
        print("\n" + "\n".join(" | ".join(cells) for _key, cells in found))
        labels = [cells[0] for _key, cells in found]
        assert labels[0] == "✘ webhook failing"
        assert "✘ run failed" in labels and "◌ stuck" in labels
        order = [list(triage.LABELS.values()).index(label) for label in labels]
        assert order == sorted(order)  # most severe first
        hook_key, hook = found[0]
        assert "in a row" in hook[3] and hook[4].startswith(("HTTP", "no answer"))
        assert re.fullmatch(r"(\w{3} \d\d )?\d\d:\d\d, \S+ ago", hook[2]), hook[2]  # since
        assert "of 11 workers checked" in str(screen.query_one("#coverage").content)

        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back on the explorer")
        assert app.session is not None
        assert app.session.state.selected == hook_key.split(":")[1]
        assert app.main_screen.active_pane == "webhook"


async def test_agenda_groups_schedules_by_next_run_and_enter_opens_the_schedule(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator, cadence=SWEEPING)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: swept(app), "the sweep over the demo", limit=30)
        screen = await open_view(pilot, "A", AgendaScreen)
        found = rows(screen)
        print("\n" + "\n".join(" | ".join(cells) for _key, cells in found))
        headings = [cells[0] for key, cells in found if key.startswith("group:")]
        assert headings[0].startswith("── next hour")
        items = [key for key, _cells in found if not key.startswith("group:")]
        assert app.session is not None
        state = app.session.state
        total = sum(
            len(listed.schedules)
            for key in state.resources
            if key.kind is Kind.SCHEDULES and (listed := state.schedules(key.worker_id))
        )
        assert len(items) == total > 0

        table = screen.query_one(KeyedTable)
        assert table.cursor_key == items[0]  # the cursor starts on the first schedule
        worker_id, schedule_id = items[0].split(":", 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back on the explorer")
        assert app.session.state.selected == worker_id
        assert app.main_screen.active_pane == "schedules"
        schedules = app.main_screen.query_one("#schedule-table", KeyedTable)
        assert schedules.cursor_key == schedule_id


async def test_empty_views_say_how_many_workers_were_checked(emulator: EmulatorServer) -> None:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        made = [http.post("/api/workers", json={"title": f"Calm {n}"}) for n in range(3)]
        ids = [r.json()["id"] for r in await asyncio.gather(*made)]
    app = make_app(emulator, ids, cadence=SWEEPING)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: swept(app), "the sweep")
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen), "the view")
        screen = app.screen
        note = screen.query_one("#cw-empty", Static)
        await wait_for(pilot, lambda: note.display, "the empty note")
        assert str(note.content) == "No problems among 3 checked workers."
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back on the explorer")
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, AgendaScreen), "the agenda")
        agenda_note = app.screen.query_one("#cw-empty", Static)
        await wait_for(pilot, lambda: agenda_note.display, "the agenda's empty note")
        assert str(agenda_note.content) == "No schedules among 3 checked workers."
