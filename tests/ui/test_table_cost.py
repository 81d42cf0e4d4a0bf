"""KeyedTable's work follows what changed on screen, not how many rows it holds."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets import _data_table as data_table_module

from handinger_tui.core.views import Row
from handinger_tui.ui.kit import column_fit
from handinger_tui.ui.kit.keyed_table import KeyedTable

COLUMNS = [("name", "Worker"), ("age", "Changed")]


def rows(count: int, age: str, *, wide: str | None = None) -> list[Row]:
    """`count` rows, each `age` old; row 0's name is `wide` when given."""
    return [
        Row(f"w{i:05d}", (wide if wide is not None and i == 0 else f"worker {i:05d}", age))
        for i in range(count)
    ]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="t")


class Repaints:
    """Every `refresh` of the table: whole (no region) or the rows of each region."""

    def __init__(self, table: KeyedTable, monkeypatch: pytest.MonkeyPatch) -> None:
        self.whole = 0
        self.lines = 0
        real = DataTable.refresh

        def counting(widget: DataTable[object], *regions: Region, **kwargs: bool) -> object:
            if widget is table:
                if regions:
                    self.lines += sum(r.height for r in regions)
                else:
                    self.whole += 1
            return real(widget, *regions, **kwargs)

        monkeypatch.setattr(DataTable, "refresh", counting)


async def tick_cost(count: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Whole-table repaints and lines repainted when every row's age moves."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(count, "4s ago"))
        await pilot.pause()
        repaints = Repaints(table, monkeypatch)
        table.sync(rows(count, "5s ago"))  # a tick: the same width, new text
        assert str(table.get_row("w00000")[1]) == "5s ago"
        assert str(table.get_row(f"w{count - 1:05d}")[1]) == "5s ago"
        monkeypatch.undo()
        return repaints.whole, repaints.lines


async def test_a_tick_repaints_the_visible_rows_only(monkeypatch: pytest.MonkeyPatch) -> None:
    small = await tick_cost(50, monkeypatch)
    large = await tick_cost(5_000, monkeypatch)
    assert small == large  # the same screen, the same work
    whole, lines = large
    assert whole == 0 and 0 < lines <= 24


async def test_an_unchanged_tick_repaints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(500, "4s ago"))
        await pilot.pause()
        repaints = Repaints(table, monkeypatch)
        table.sync(rows(500, "4s ago"))
        assert (repaints.whole, repaints.lines) == (0, 0)


async def test_a_narrowed_cell_does_not_remeasure_its_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(5_000, "4s ago", wide="a much longer worker name"))
        await pilot.pause()
        name = table.columns[next(iter(table.columns))]
        assert name.content_width == len("a much longer worker name")
        measured: list[object] = []
        real_measure = data_table_module.measure  # type: ignore[attr-defined]

        def counting(*args: object, **kwargs: object) -> int:
            measured.append(args)
            return real_measure(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(data_table_module, "measure", counting)
        table.sync(rows(5_000, "4s ago", wide="short"))  # the widest cell narrows
        await pilot.pause()
        assert name.content_width == len("worker 00001")  # the next widest, found anyway
        assert len(measured) < 50  # not one per cell of the column


async def test_new_rows_are_not_measured_cell_by_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(KeyedTable)
        measured: list[object] = []
        real_measure = data_table_module.measure  # type: ignore[attr-defined]

        def counting(*args: object, **kwargs: object) -> int:
            measured.append(args)
            return real_measure(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(data_table_module, "measure", counting)
        table.sync(rows(5_000, "4s ago", wide="a much longer worker name"))
        await pilot.pause()
        name, age = table.columns.values()
        assert (name.content_width, age.content_width) == (25, len("Changed"))
        assert table.virtual_size.height == 5_000 + 1  # the rows and the header
        assert len(measured) < 50  # not one per cell


async def test_fitting_the_columns_reads_the_counted_widths_not_the_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(5_000, "4s ago", wide="a much longer worker name"))
        await pilot.pause()
        measured: list[str] = []
        real_len = column_fit.cell_len

        def counting(text: str) -> int:
            measured.append(text)
            return real_len(text)

        monkeypatch.setattr(column_fit, "cell_len", counting)
        column_fit.fit(table, ["name"], shrink=True)
        assert measured == []  # no pass over 10,000 cells each time the list is fitted
        assert table.content_width("name") == 25
