"""The worker list pane: the filter box, the table of tracked workers and its empty note."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from handinger_tui.core import health
from handinger_tui.core.views import Row
from handinger_tui.ui.kit import column_fit, quiet
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.kit.pane import Pane
from handinger_tui.ui.kit.safe_fields import SafeInput

WORKER_COLUMNS = [
    ("status", "Status"),
    ("title", "Worker"),
    ("changed", "Changed"),
    ("next", "Next run"),
    ("hook", "Deliveries"),  # the last ten results, oldest first, and the last one's age
]


class WorkersPane(Pane):
    """The list; DOM ids `#filter`, `#worker-table`, `#workers-empty`."""

    TITLE = "Workers"

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="filter workers (Esc clears)", id="filter")
        yield KeyedTable(
            WORKER_COLUMNS, glyph_tones={"hook": health.GLYPH_TONES}, id="worker-table"
        )
        yield Static(Text(""), id="workers-empty", classes="empty-note")

    def on_mount(self) -> None:  # Pane.on_mount runs too (Textual dispatches along the MRO)
        self.filter_box.display = False

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#worker-table", KeyedTable)

    @property
    def filter_box(self) -> Input:
        return self.query_one("#filter", Input)

    @property
    def focus_target(self) -> KeyedTable:
        return self.table

    def show(
        self, rows: list[Row], *, sort_column: str | None, descending: bool, note: str
    ) -> None:
        """The rows (sorted by the caller), the sort indicator and the note when empty."""
        table = self.table
        table.show_sort(sort_column, descending)
        table.sync(rows)
        self.fit()
        empty = self.query_one("#workers-empty", Static)
        quiet.show(empty, Text(note))
        empty.display = bool(note)

    def fit(self) -> None:
        """The Worker column grows with free width."""
        column_fit.fit(self.table, ["title"], shrink=True)
