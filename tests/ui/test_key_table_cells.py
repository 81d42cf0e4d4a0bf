"""A changed cell is drawn again alone: its row's other cells and other rows stay cached.

A tick moves one age per row on screen; drawing every cell of those rows again (what
clearing DataTable's render caches did) made each tick's frame 30-70 ms at 500 workers,
and a cursor key pressed meanwhile waited for it.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.padding import Padding
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import _data_table as data_table_module

from handinger_tui.core.views import Row
from handinger_tui.ui.kit.keyed_table import KeyedTable

COLUMNS = [("status", "Status"), ("name", "Worker"), ("age", "Changed")]


def rows(age_of_third: str = "5m ago") -> list[Row]:
    return [
        Row(f"w{i}", ("completed", f"worker {i}", age_of_third if i == 3 else "5m ago"))
        for i in range(10)
    ]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="t")


def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every cell DataTable draws (not takes from its cache) from now on."""
    cells: list[str] = []
    real = Padding  # what DataTable draws each cell through

    def padding(cell: Any, *args: Any, **kwargs: Any) -> Padding:
        cells.append(cell.plain if isinstance(cell, Text) else str(cell))
        return real(cell, *args, **kwargs)

    monkeypatch.setattr(data_table_module, "Padding", padding)
    return cells


def line(table: KeyedTable, row: int) -> str:
    return table.render_line(row + 1).text  # the header is line 0


async def test_a_changed_cell_is_drawn_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows())
        await pilot.pause()
        table.refresh()  # drawn once more as it now stands (sorting bumped DataTable's count)
        await pilot.pause()
        cells = drawn(monkeypatch)
        table.patch(rows("6m ago"))  # one age moves, same width
        await pilot.pause()
        assert cells == ["6m ago"]  # not the row's status and name, not the other rows
        assert "6m ago" in line(table, 3) and "5m ago" in line(table, 4)


async def test_the_cursor_over_a_changed_row_shows_the_new_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows())
        table.focus()
        await pilot.pause()
        table.patch(rows("7m ago"))
        await pilot.pause()
        for _ in range(3):
            await pilot.press("down")
        assert table.cursor_key == "w3"
        assert "7m ago" in line(table, 3)
        await pilot.press("down")
        assert "7m ago" in line(table, 3) and "5m ago" in line(table, 4)
