"""The Deliveries strip, narrowed to fit, keeps its newest results and the last one's age.

The strip reads oldest first ('✔✔✘✘ 5m'). Before, a narrowed column cut it at the right like
any cell: at 100x30 the list read '✔✔✔✔✔✘✘✘✔…', the newest result and its age gone.
"""

from __future__ import annotations

import io

from rich.console import Console

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.workers.strip import TailText
from tests.support.pilot import column, demo_app, rows_loaded, table, wait_for

HOOK = 4  # the Deliveries column


def in_cell(text: TailText, width: int) -> str:
    """The line `text` shows in a cell `width` wide (as DataTable renders a cell)."""
    console = Console(width=80, file=io.StringIO(), color_system=None)
    lines = console.render_lines(text, console.options.update(width=width, no_wrap=True))
    return "".join(segment.text for segment in lines[0])


def test_a_cut_tail_text_keeps_its_end() -> None:
    assert in_cell(TailText("✔✔✔✘✘✔ 5m", no_wrap=True), 6) == "…✘✔ 5m"
    assert in_cell(TailText("✔✔✘ 5m", no_wrap=True), 6) == "✔✔✘ 5m"  # fits: whole


async def test_the_narrowed_strip_shows_the_newest_results(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    count = len(demo_emulator.worker_ids())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: rows_loaded(app, count), "the rows")
        await wait_for(pilot, lambda: any("✘" in c for c in column(app, HOOK)), "the strips")
        shown = table(app)
        hook = shown.columns[list(shown.columns)[HOOK]]
        await wait_for(pilot, lambda: 0 < hook.width < shown.content_width("hook"), "the cut")
        await pilot.pause()
        strips = [(i, c) for i, c in enumerate(column(app, HOOK)) if len(c) > hook.width]
        assert strips  # some strip is wider than its column
        for index, strip in strips:
            line = shown.render_line(index + shown.header_height).text
            newest = strip[-(hook.width - 1) :]  # the age and the results just before it
            assert "…" + newest in line, (strip, line)
