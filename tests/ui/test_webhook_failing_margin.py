"""The webhook pane's "✘ failing since…" line starts where the lines around it start."""

from __future__ import annotations

from textual.widgets import Static

from handinger_tui.emulator import EmulatorServer
from tests.support.pilot import choose, demo_app, listed, wait_for


async def test_the_failing_line_has_the_left_margin_of_the_other_lines(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    title = "Release notes drafter"  # its latest deliveries failed
    wid = next(w["id"] for w in demo_emulator.workers() if w["title"] == title)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, wid)
        await pilot.press("4")
        main = app.main_screen
        failing = main.query_one("#webhook-failing", Static)
        await wait_for(
            pilot,
            lambda: failing.display and "failing since" in str(failing.content),
            "the failing line",
        )
        await pilot.pause()
        starts = {
            name: main.query_one(f"#{name}", Static).content_region.x
            for name in ("webhook-info", "webhook-failing", "webhook-pager")
        }
        assert len(set(starts.values())) == 1, starts
