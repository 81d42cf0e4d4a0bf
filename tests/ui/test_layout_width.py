"""Use the width: the list beside Detail from 100 columns, a Worker column that grows, pane
and tab titles naming the worker, and a Schedules pane that fits its columns."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.content import Content
from textual.widgets import Input, RadioButton, Static, Tab, Tabs, TextArea

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import demo_app, listed, make_app, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
KPI = "Weekly KPI digest"  # two schedules in the demo, the widest of them


def _post(server: EmulatorServer, path: str, body: dict[str, Any]) -> dict[str, Any]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        made: dict[str, Any] = http.post(path, json=body).raise_for_status().json()
        return made


def _demo_id(server: EmulatorServer, title: str) -> str:
    for worker in server.workers():
        template = worker.get("template", worker)
        if template.get("title") == title:
            return str(template["id"])
    raise AssertionError(f"no demo worker {title!r}")


async def _show(pilot: Any, app: HandingerApp, worker_id: str) -> None:
    """Select a worker and wait until its schedules are in."""
    app.main_screen.select_worker(worker_id)
    sched = app.main_screen.query_one("#schedules-empty", Static)

    def loaded() -> bool:
        note = str(sched.content)
        return not note.startswith(("Loading", "Could not")) and (
            note == "No schedules." or table(app, "#schedule-table").row_count > 0
        )

    await wait_for(pilot, loaded, "the schedules")
    await pilot.pause()


def _shown(app: HandingerApp) -> list[str]:
    main = app.main_screen
    panes = ("workers", "detail", "schedules", "webhook")
    return [p for p in panes if main.query_one(f"#{p}").display and main.query_one(f"#{p}").region]


async def test_list_and_detail_side_by_side_at_120x40(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app, 11)
        await pilot.pause()
        main = app.main_screen
        assert _shown(app) == ["workers", "detail"]
        workers, detail = main.query_one("#workers"), main.query_one("#detail")
        assert detail.region.x >= workers.region.right  # beside, not below
        assert workers.region.height >= 30  # the list keeps the height
        tabs = main.query_one(Tabs)
        assert tabs.region.x >= workers.region.right  # the tabs head the other column
        assert not main.query_one("#tab-workers", Tab).display
        await pilot.press("3")  # Schedules takes Detail's place, the list stays
        await pilot.pause()
        assert _shown(app) == ["workers", "schedules"]
        assert tabs.active == "tab-schedules"
        await pilot.press("1")  # the list takes the focus; Schedules stays beside it
        await pilot.pause()
        assert _shown(app) == ["workers", "schedules"]
        assert main.focused is table(app)


async def test_side_by_side_from_100_columns_one_pane_at_80(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(100, 24)) as pilot:
        await listed(pilot, app, 11)
        await pilot.pause()
        assert _shown(app) == ["workers", "detail"]
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: app.main_screen.has_class("-narrow"), "the narrow layout")
        await pilot.pause()
        assert _shown(app) == ["workers"]
        assert app.main_screen.query_one("#tab-workers", Tab).display
        await pilot.press("2")
        await pilot.pause()
        assert _shown(app) == ["detail"]
        await pilot.resize_terminal(120, 40)  # live: back beside the list
        await wait_for(pilot, lambda: app.main_screen.has_class("-split"), "the split layout")
        await pilot.pause()
        assert _shown(app) == ["workers", "detail"]


async def test_worker_column_grows_with_free_width(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app, 11)
        await pilot.pause()
        workers = table(app)
        at_120 = workers.columns[next(k for k in workers.columns if k.value == "title")]
        narrow = at_120.get_render_width(workers)
        await pilot.resize_terminal(200, 50)
        await wait_for(pilot, lambda: app.main_screen.wide, "the wide layout")
        await pilot.pause()
        await pilot.pause()
        wide = at_120.get_render_width(workers)
        assert wide > narrow + 10
        # It fills the free width: the table does not scroll, and nothing is left over.
        assert workers.virtual_size.width == workers.scrollable_content_region.width


async def test_pane_and_tab_titles_name_the_selected_worker(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, 11)
        await _show(pilot, app, _demo_id(demo_emulator, KPI))
        main = app.main_screen
        for pane in ("detail", "schedules", "webhook"):
            assert KPI in str(main.query_one(f"#{pane}").border_title), pane
        assert "Weekly KPI" in str(main.query_one("#tab-detail", Tab).label)
        await _show(pilot, app, _demo_id(demo_emulator, "Churn risk scorer"))
        assert "Churn risk scorer" in str(main.query_one("#detail").border_title)
        assert KPI not in str(main.query_one("#detail").border_title)


async def test_the_hidden_detail_tab_is_relabelled_only_when_it_shows(
    demo_emulator: EmulatorServer,
) -> None:
    """Wide, the tabs are hidden: a selection does not relabel them (a relabel lays out the
    whole screen); narrowing the window names the worker in the Detail tab again."""
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 11)
        main = app.main_screen
        assert main.wide
        tab = main.query_one("#tab-detail", Tab)
        before = tab.label
        await _show(pilot, app, _demo_id(demo_emulator, KPI))
        assert tab.label is before
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: not main.wide, "the narrow layout")
        assert "Weekly KPI" in str(tab.label)


async def test_a_hostile_title_stays_plain_in_titles(emulator: EmulatorServer) -> None:
    worker = _post(emulator, "/api/workers", {"title": "[bold red]x[/] \x1b[31mred"})
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, 1)
        await _show(pilot, app, worker["id"])
        title = Content.from_markup(str(app.main_screen.query_one("#detail").border_title))
        assert "[bold red]x[/]" in title.plain  # shown as typed, never as markup
        assert "\x1b" not in title.plain
        label = app.main_screen.query_one("#tab-detail", Tab).label
        assert "[bold red]" in label.plain


async def test_schedules_fit_their_columns_at_160(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 11)
        await _show(pilot, app, _demo_id(demo_emulator, KPI))
        schedules = table(app, "#schedule-table")
        assert schedules.row_count == 2
        await pilot.pause()
        assert schedules.virtual_size.width <= schedules.scrollable_content_region.width
        assert schedules.max_scroll_x == 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_worker_list_fits_its_columns_beside_detail(
    demo_emulator: EmulatorServer, size: tuple[int, int]
) -> None:
    """Long titles shrink (ending in "…") so every column, Deliveries included, shows."""
    app = demo_app(demo_emulator)
    async with app.run_test(size=size) as pilot:
        await listed(pilot, app, 11)
        workers = table(app, "#worker-table")
        await pilot.pause()
        assert workers.virtual_size.width <= workers.scrollable_content_region.width
        assert workers.max_scroll_x == 0


async def test_no_schedules_sits_at_the_top_of_its_pane(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 11)
        await _show(pilot, app, _demo_id(demo_emulator, "Churn risk scorer"))
        main = app.main_screen
        note = main.query_one("#schedules-empty", Static)
        assert str(note.content) == "No schedules."
        pane = main.query_one("#schedules")
        assert note.region.y == pane.content_region.y  # the first line, as for the webhook
        info = main.query_one("#webhook-info")
        assert note.region.y - pane.region.y == info.region.y - main.query_one("#webhook").region.y


@pytest.mark.parametrize("size", [(160, 48), (120, 40), (80, 24)], ids=str)
async def test_a_new_schedule_is_laid_out_at_full_width_at_once(
    emulator: EmulatorServer, size: tuple[int, int]
) -> None:
    worker = _post(emulator, "/api/workers", {"title": "Digest"})
    wid = worker["id"]
    app = make_app(emulator, [wid], templates=[worker])
    async with app.run_test(size=size) as pilot:
        await listed(pilot, app, 1)
        await _show(pilot, app, wid)
        await pilot.press("3", "c")  # Schedules (where its keys act), its form over it
        await wait_for(pilot, lambda: app.screen is not app.main_screen, "the schedule form")
        form = app.screen
        form.query_one("#kind-interval", RadioButton).value = True
        await pilot.pause()
        form.query_one("#when", Input).value = "1h"
        form.query_one("#input", TextArea).text = "Hourly check"
        await pilot.press("ctrl+s")
        schedules = table(app, "#schedule-table")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the explorer again")
        await wait_for(pilot, lambda: schedules.row_count == 1, "the new schedule")
        await pilot.press("3")  # Schedules (already shown when wide)
        await pilot.pause()
        row = schedules.get_row_at(0)
        beside = size == (120, 40)  # split: the pane beside the list narrows its widest cells
        for column, cell in zip(schedules.ordered_columns, row, strict=True):
            width = column.get_render_width(schedules) - 2 * schedules.cell_padding
            if width < 0:
                continue  # left out, so the pane never scrolls sideways
            assert beside or width >= cell.cell_len, (column.label.plain, str(cell), width)
        assert schedules.max_scroll_x == 0
