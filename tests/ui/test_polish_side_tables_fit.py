"""In the split layout (100-139 columns) the Schedules and Webhook tables fit their pane.

Before, only the flexible columns narrowed: at 100x30 the Schedules table showed Type, When,
Next run and In and scrolled sideways for the rest, the Webhook table cut "Duration" in
half. Now the least useful columns are left out (an empty one first), the rest stay whole.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.keyed_table import KeyedTable
from tests.support.pilot import choose, demo_app, table, wait_for

SIZES = [(100, 30), (120, 40), (139, 40)]


def fits(shown: KeyedTable) -> bool:
    """Nothing to scroll sideways: the columns, as drawn, fit the table."""
    drawn = sum(c.get_render_width(shown) for c in shown.columns.values())
    room = shown.scrollable_content_region.width
    return 0 < drawn <= room and shown.virtual_size.width <= room


def header(shown: KeyedTable) -> str:
    """The header line as drawn."""
    return shown.render_line(0).text


def worker_titled(server: EmulatorServer, title: str) -> str:
    templates = [w.get("template", w) for w in server.workers()]
    return next(t["id"] for t in templates if t["title"] == title)


async def open_tab(app: HandingerApp, pilot: Pilot[Any], key: str, selector: str) -> KeyedTable:
    """Press the pane's key; its table once it has rows."""
    await pilot.press(key)
    await wait_for(pilot, lambda: table(app, selector).row_count > 0, selector)
    return table(app, selector)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("title", ["Competitor price watch", "Support ticket triage"])
async def test_side_tables_never_scroll_sideways(
    demo_emulator: EmulatorServer, size: tuple[int, int], title: str
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 0, "the workers")
        await choose(pilot, app, worker_titled(demo_emulator, title))
        schedules = await open_tab(app, pilot, "3", "#schedule-table")
        await wait_for(pilot, lambda: fits(schedules), f"the schedules to fit at {size}")
        assert "When" in header(schedules) and "Next run" in header(schedules)
        deliveries = await open_tab(app, pilot, "4", "#executions")
        await wait_for(pilot, lambda: fits(deliveries), f"the deliveries to fit at {size}")
        line = header(deliveries)
        assert all(name in line for name in ("Time", "Result", "Error")), line


async def test_an_empty_column_is_left_out_first(demo_emulator: EmulatorServer) -> None:
    """An interval schedule has no cron in words: that column goes before any with text."""
    app = demo_app(demo_emulator)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 0, "the workers")
        await choose(pilot, app, worker_titled(demo_emulator, "Competitor price watch"))
        schedules = await open_tab(app, pilot, "3", "#schedule-table")
        await wait_for(pilot, lambda: fits(schedules), "the schedules to fit")
        assert "In words" not in header(schedules)
        assert "Input" in header(schedules), header(schedules)
