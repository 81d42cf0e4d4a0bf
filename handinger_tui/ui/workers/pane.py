"""The worker list pane: the filter box, the table of tracked workers and its empty note."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from handinger_tui.core import health
from handinger_tui.core.views import Row
from handinger_tui.ui.kit import column_fit, quiet
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.kit.pane import Pane
from handinger_tui.ui.kit.safe_fields import SafeInput
from handinger_tui.ui.workers.columns import WORKER_COLUMNS
from handinger_tui.ui.workers.strip import StripTable

NAME_FLOOR = 16  # the Worker column's cells before other columns give way


class WorkersPane(Pane):
    """The list; DOM ids `#filter`, `#worker-table`, `#workers-empty`.

    It tells the screen what happened in typed messages (the screen never reads the ids).
    """

    _shown: tuple[Row, ...] = ()  # the rows last handed to the table, in order

    TITLE = "Workers"

    class WorkerHighlighted(Message):
        """The cursor is on a worker."""

        def __init__(self, worker_id: str) -> None:
            super().__init__()
            self.worker_id = worker_id

    class WorkerChosen(Message):
        """Enter (or a click) on the highlighted worker."""

    class VisibleChanged(Message):
        """The workers whose rows are on screen changed (what polling favours)."""

        def __init__(self, keys: tuple[str, ...]) -> None:
            super().__init__()
            self.keys = keys

    class ColumnClicked(Message):
        """A click on a column header (`column`: its key, e.g. "status")."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    class FilterChanged(Message):
        """The filter text changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class FilterSubmitted(Message):
        """Enter in the filter box."""

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="filter workers (Esc clears)", id="filter")
        yield StripTable(  # the Deliveries strip keeps its newest results when cut
            WORKER_COLUMNS, glyph_tones={"hook": health.GLYPH_TONES}, id="worker-table"
        )
        yield Static(Text(""), id="workers-empty", classes="empty-note")

    def on_mount(self) -> None:  # Pane.on_mount runs too (Textual dispatches along the MRO)
        self.filter_box.display = False

    @on(DataTable.RowHighlighted, "#worker-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.WorkerHighlighted(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#worker-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.WorkerChosen())

    @on(KeyedTable.VisibleRowsChanged, "#worker-table")
    def _visible_changed(self, event: KeyedTable.VisibleRowsChanged) -> None:
        event.stop()
        self.post_message(self.VisibleChanged(event.keys))

    @on(DataTable.HeaderSelected, "#worker-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.post_message(self.ColumnClicked(str(event.column_key.value)))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(event.value))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.FilterSubmitted())

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
        """The rows (sorted by the caller), the sort indicator and the note when empty.

        The same workers in the same order as last time: only the rows that are other
        objects are patched (`core.list_pace` hands the same row while its worker has no
        news), not all 5,000 compared cell by cell."""
        table = self.table
        table.show_sort(sort_column, descending)
        last, self._shown = self._shown, tuple(rows)
        same = len(last) == len(rows) and all(
            a.key == b.key for a, b in zip(last, rows, strict=True)
        )
        if same:
            table.patch([row for row, old in zip(rows, last, strict=True) if row is not old])
        else:
            table.sync(rows)
        self.fit()
        empty = self.query_one("#workers-empty", Static)
        quiet.show(empty, Text(note))
        empty.display = bool(note)

    def fit(self) -> None:
        """The Worker column grows with free width; below NAME_FLOOR cells the Deliveries
        strip gives way first (to its header), then the Worker column narrows."""
        column_fit.fit(self.table, ["title"], shrink=True, floor=NAME_FLOOR, yielding=["hook"])
