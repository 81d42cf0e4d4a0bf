"""The worker list's Worker column keeps a readable share beside the side pane.

Before, from 100 to 139 columns (the list beside one pane) the other columns took their full
width first and names read `Com…` (100x30) or `Competitor …` (120x40).
"""

from __future__ import annotations

import pytest

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.workers.pane import NAME_FLOOR
from tests.support.pilot import column, demo_app, rows_loaded, table, wait_for

DEMO_WORKERS = 11


def widths(app: HandingerApp) -> dict[str, int]:
    return {str(key.value): c.width for key, c in table(app).columns.items()}


async def settled(
    app: HandingerApp, size: tuple[int, int]
) -> tuple[dict[str, int], dict[str, int]]:
    """The list's column widths, and its content widths, once every row and every delivery
    strip has arrived."""
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: rows_loaded(app, DEMO_WORKERS), "the rows")
        await wait_for(pilot, lambda: any("✘" in c for c in column(app, 4)), "the strips")
        await pilot.pause()
        shown = widths(app)
        room = table(app).scrollable_content_region.width
        used = sum(w + 2 * table(app).cell_padding for w in shown.values())
        assert used <= room, (size, shown, room)  # nothing scrolls sideways
        return shown, {key: table(app).content_width(key) for key in shown}


@pytest.mark.parametrize("size", [(120, 40), (139, 40)])
async def test_split_layout_gives_the_name_its_floor(
    demo_emulator: EmulatorServer, size: tuple[int, int]
) -> None:
    shown, _ = await settled(demo_app(demo_emulator), size)
    assert shown["title"] >= NAME_FLOOR, shown


async def test_at_100_columns_the_strip_gives_way_before_the_name(
    demo_emulator: EmulatorServer,
) -> None:
    shown, _ = await settled(demo_app(demo_emulator), (100, 30))
    assert shown["title"] >= 10, shown  # was 4: `Com…`
    assert shown["hook"] == len("Deliveries"), shown  # narrowed to its header, kept whole


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (200, 50)])
async def test_with_room_every_column_is_whole(
    demo_emulator: EmulatorServer, size: tuple[int, int]
) -> None:
    shown, content = await settled(demo_app(demo_emulator), size)
    assert all(shown[key] >= content[key] for key in shown if key != "title"), shown
    assert shown["title"] >= NAME_FLOOR, shown
