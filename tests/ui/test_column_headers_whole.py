"""A column narrowed to fit keeps its header whole while the headers fit at all.

Before: at 80 columns the Schedules pane read `Cron in w` (the flexible columns shared the
room down to 4 cells each, headers cut).
"""

from __future__ import annotations

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.kit.column_fit import MIN_FLEX, share
from tests.support.pilot import choose, demo_app, table, wait_for


def test_share_keeps_headers_whole_when_they_fit() -> None:
    widths = share({"input": 40, "about": 31}, 18, {"input": 5, "about": 13})
    assert widths == {"input": 5, "about": 13}
    assert sum(share({"input": 40, "about": 31}, 30, {"input": 5, "about": 13}).values()) == 30


def test_share_cuts_headers_only_when_they_cannot_fit() -> None:
    widths = share({"input": 40, "about": 31}, 10, {"input": 5, "about": 13})
    assert sum(widths.values()) == 10  # still no wider than the room
    assert min(widths.values()) >= MIN_FLEX


async def test_schedules_headers_are_whole_at_80_columns(demo_emulator: EmulatorServer) -> None:
    templates = [w.get("template", w) for w in demo_emulator.workers()]
    triage = next(t["id"] for t in templates if t["title"] == "Support ticket triage")
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 0, "the workers")
        await choose(pilot, app, triage)
        await pilot.press("3")
        schedules = "#schedule-table"
        await wait_for(pilot, lambda: table(app, schedules).row_count > 0, "its schedules")
        await pilot.pause()
        shown = table(app, schedules)
        cut = {
            str(column.label): column.width
            for column in shown.columns.values()
            if column.width < column.label.cell_len
        }
        assert not cut, cut
        used = sum(c.width + 2 * shown.cell_padding for c in shown.columns.values())
        assert used <= shown.scrollable_content_region.width  # nothing scrolls sideways
