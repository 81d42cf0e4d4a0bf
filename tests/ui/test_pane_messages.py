"""Panes tell the screen what happened in typed messages; the screen never reads their ids.

Before: MainScreen matched `DataTable.RowHighlighted` on "#worker-table", `Input.Changed` on
"#filter" and so on, reaching into the panes' children by string id.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message

from handinger_tui.core.views import Row
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.kit.row_details import RowDetailsScreen
from handinger_tui.ui.schedules.pane import SchedulesPane
from handinger_tui.ui.workers.pane import WorkersPane
from tests.support.pilot import choose, demo_app, listed, table, wait_for

ROWS = [Row(key, (key, f"title {key}", "", "", "")) for key in ("w_a", "w_b", "w_c")]


class PaneApp(App[None]):
    """The workers pane alone, recording what it posts."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[Message] = []

    def compose(self) -> ComposeResult:
        yield WorkersPane()

    @on(WorkersPane.WorkerHighlighted)
    @on(WorkersPane.WorkerChosen)
    @on(WorkersPane.VisibleChanged)
    @on(WorkersPane.FilterChanged)
    @on(WorkersPane.FilterSubmitted)
    def _heard(self, message: Message) -> None:
        self.heard.append(message)


def _heard(app: PaneApp, kind: type[Message]) -> list[Any]:
    return [m for m in app.heard if isinstance(m, kind)]


async def test_the_workers_pane_posts_what_happened_in_it() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(WorkersPane)
        pane.show(ROWS, sort_column=None, descending=False, note="")
        pane.table.focus()
        await wait_for(pilot, lambda: bool(_heard(app, WorkersPane.VisibleChanged)), "rows")
        assert _heard(app, WorkersPane.VisibleChanged)[-1].keys == ("w_a", "w_b", "w_c")

        await pilot.press("down")
        await wait_for(pilot, lambda: bool(_heard(app, WorkersPane.WorkerHighlighted)), "move")
        assert _heard(app, WorkersPane.WorkerHighlighted)[-1].worker_id == "w_b"
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(_heard(app, WorkersPane.WorkerChosen)), "enter")

        pane.filter_box.display = True
        pane.filter_box.focus()
        await pilot.press("c", "enter")
        await wait_for(pilot, lambda: bool(_heard(app, WorkersPane.FilterSubmitted)), "enter")
        assert [m.text for m in _heard(app, WorkersPane.FilterChanged)] == ["c"]


async def test_the_screen_selects_the_worker_the_pane_names(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        session = app.main_screen.session
        assert session is not None
        target = next(w["id"] for w in demo_emulator.workers() if w["id"] != session.state.selected)
        table(app).select_key(target)  # the cursor moves; the pane names it; the screen follows
        await wait_for(pilot, lambda: session.state.selected == target, "the selection")


async def test_a_column_header_click_reaches_the_screen_as_a_sort(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        main = app.main_screen
        main.workers_pane.post_message(WorkersPane.ColumnClicked("title"))
        await wait_for(pilot, lambda: main.sort_mode == "name", "the sort by name")
        main.workers_pane.post_message(WorkersPane.FilterChanged("zzz-no-such-worker"))
        await wait_for(pilot, lambda: table(app).row_count == 0, "the filter applied")
        assert main.filter_text == "zzz-no-such-worker"


async def test_a_chosen_schedule_opens_its_details(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    target = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, target["id"])
        await wait_for(pilot, lambda: table(app, "#schedule-table").row_count > 0, "schedules")
        app.main_screen.query_one(SchedulesPane).post_message(SchedulesPane.ScheduleChosen())
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetailsScreen), "the details")
