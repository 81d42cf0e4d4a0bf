"""The yardstick: a bare Textual app, a ``Static`` and a ``Footer``, started like the explorer.

    .venv/bin/python benchmarks/bare_app.py            # a Static and a Footer
    .venv/bin/python benchmarks/bare_app.py --table    # a DataTable of 11 rows in a box

Every ratio in ``run.py`` divides by this app's figure from the same run. ``--table`` is the
yardstick for cursor keys: a plain ``DataTable`` in a box titled like the worker list, with
the same columns, so the terminal reads its cursor the same way.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

COLUMNS = ("Status", "Worker", "Changed", "Next run", "Last delivery")


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("A bare Textual app")
        yield Footer()


class TableFrame(App[None]):
    """A DataTable in a box titled like the worker list, and a Footer; no rows."""

    CSS = "#box { border: round $accent; height: 1fr; }"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()


class BareTable(TableFrame):
    def on_mount(self) -> None:
        self.query_one("#box").border_title = "Workers"
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        for n in range(11):
            table.add_row("✔ completed", f"Worker number {n}", f"{n + 1}h ago", "—", "—")
        table.focus()


if __name__ == "__main__":
    (BareTable() if "--table" in sys.argv[1:] else Bare()).run()
