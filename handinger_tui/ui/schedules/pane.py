"""The schedules pane: the selected worker's schedules and a note when there are none."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static

from handinger_tui.core.views import Row
from handinger_tui.ui.kit import column_fit, quiet
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.kit.pane import Pane

SCHEDULE_COLUMNS = [
    ("type", "Type"),
    ("when", "When"),
    ("next", "Next run"),
    ("in", "In"),
    ("budget", "Budget"),
    ("input", "Input"),
    ("about", "In words"),  # after When; short, so it stays whole in a narrow pane
]
# Left out when the pane is too narrow for the rest, the least useful first: the type is
# plain from When ("every 1h", a cron expression), the budget rarely matters, In repeats
# Next run, In words repeats a cron's When.
SCHEDULE_DROPPING = ("type", "budget", "in", "about", "input")


class SchedulesPane(Pane):
    """The schedules; DOM ids `#schedule-table`, `#schedules-empty`."""

    TITLE = "Schedules"

    class ScheduleChosen(Message):
        """Enter (or a click) on a schedule row: the screen shows its details."""

    def compose(self) -> ComposeResult:
        if self.has_class("-held"):  # composed after the first frame (MainScreen)
            return
        yield KeyedTable(SCHEDULE_COLUMNS, id="schedule-table")
        yield Static(Text(""), id="schedules-empty", classes="empty-note")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#schedule-table", KeyedTable)

    @property
    def focus_target(self) -> KeyedTable:
        return self.table

    @on(DataTable.RowSelected, "#schedule-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.ScheduleChosen())

    def cursor_key(self) -> str | None:
        """The schedule id under the cursor."""
        return self.table.cursor_key

    def select_key(self, key: str) -> None:
        self.table.select_key(key)

    def show(self, rows: list[Row], note: str) -> None:
        """The rows, and the note (hidden when '') that says why there are none."""
        self.table.sync(rows)
        empty = self.query_one("#schedules-empty", Static)
        quiet.show(empty, Text(note))
        empty.display = bool(note)

    def clear(self) -> None:
        """No worker selected: no rows, and the note says nothing (it keeps its place)."""
        self.table.sync([])
        quiet.show(self.query_one("#schedules-empty", Static), Text(""))

    def fit(self) -> None:
        """Inputs and cron in words narrow, then the least useful columns are left out, so
        the pane never scrolls sideways."""
        column_fit.fit(self.table, ["input", "about"], shrink=True, dropping=SCHEDULE_DROPPING)
