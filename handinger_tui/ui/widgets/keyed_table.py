"""A DataTable updated in place by row key: only changed cells are touched, never rebuilt."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from handinger_tui.core.views import Row


class KeyedTable(DataTable[Text]):
    """Rows come from `sync(rows)`; cells are plain `Text` (markup in them shows literally)."""

    class VisibleRowsChanged(Message):
        """The rows on screen changed (scroll, resize, filter): polling follows them."""

        def __init__(self, table: KeyedTable, keys: tuple[str, ...]) -> None:
            super().__init__()
            self.table = table
            self.keys = keys

        @property
        def control(self) -> KeyedTable:
            return self.table

    def __init__(self, columns: Sequence[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._column_spec = list(columns)
        self._cells: dict[str, tuple[str, ...]] = {}
        self._order: list[str] = []
        self._visible: tuple[str, ...] = ()
        # Until the operator moves the cursor it stays on the top row as rows re-sort;
        # after that it follows its row.
        self.sticky_cursor = False

    def on_mount(self) -> None:
        for key, label in self._column_spec:
            self.add_column(label, key=key)

    @property
    def order(self) -> list[str]:
        return list(self._order)

    def sync(self, rows: Sequence[Row]) -> None:
        """Make the table show `rows`, in that order, touching only what changed."""
        cursor_key = self.cursor_key
        wanted = {row.key for row in rows}
        if self._cells and not wanted & self._cells.keys():
            self._reset()  # another worker's rows: start over, so widths fit the new content
        for gone in [k for k in self._cells if k not in wanted]:
            self.remove_row(gone)
            del self._cells[gone]
        for row in rows:
            old = self._cells.get(row.key)
            if old is None:
                self.add_row(*(Text(c) for c in row.cells), key=row.key)
            elif old != row.cells:
                for (col, _label), before, after in zip(
                    self._column_spec, old, row.cells, strict=True
                ):
                    if before != after:
                        self.update_cell(row.key, col, Text(after), update_width=True)
            self._cells[row.key] = row.cells
        order = [row.key for row in rows]
        if order != self._order:
            self._order = order
            position = {key: i for i, key in enumerate(order)}
            by_cells = {self._cells[k]: position[k] for k in order}
            self.sort(key=lambda values: by_cells.get(tuple(str(v) for v in values), len(order)))
            if self.sticky_cursor and cursor_key is not None and cursor_key in position:
                self.move_cursor(row=self.get_row_index(cursor_key), scroll=False)
            elif not self.sticky_cursor and order:
                self.move_cursor(row=0, scroll=False)
        self._check_visible()

    def _reset(self) -> None:
        self.clear()
        self._cells.clear()
        self._order = []
        for column in self.columns.values():
            column.content_width = column.label.cell_len

    @property
    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return None if key.value is None else str(key.value)

    def select_key(self, key: str) -> None:
        if key in self._cells:
            self.sticky_cursor = True
            self.move_cursor(row=self.get_row_index(key))

    def on_key(self) -> None:
        self.sticky_cursor = True

    def on_click(self) -> None:
        self.sticky_cursor = True

    def visible_keys(self) -> tuple[str, ...]:
        if not self.display or not self.is_mounted:
            return ()
        height = self.scrollable_content_region.height - (1 if self.show_header else 0)
        start = round(self.scroll_offset.y)
        keys = [str(row.key.value) for row in self.ordered_rows]
        return tuple(keys[start : start + max(height, 0)])

    def _check_visible(self) -> None:
        keys = self.visible_keys()
        if keys != self._visible:
            self._visible = keys
            self.post_message(self.VisibleRowsChanged(self, keys))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._check_visible()

    def on_resize(self) -> None:
        self._check_visible()
