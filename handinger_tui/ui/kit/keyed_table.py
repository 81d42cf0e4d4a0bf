"""A DataTable updated in place by row key: only changed cells are touched, never rebuilt.

Each cell is coloured by its tone (see `handinger_tui.ui.tones`); a theme change restyles
the cells, and under ``NO_COLOR`` they stay plain.

Cost stays with what changed, not with the row count: a changed cell repaints its own row
only if that row is on screen (DataTable's ``update_cell`` repaints the whole table and
makes it rebuild its row order and offsets, O(rows)), and column widths come from a count
of cell widths per column (DataTable re-measures the whole column when a cell narrows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from time import monotonic
from typing import TypeVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.message import Message
from textual.theme import Theme
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from handinger_tui.core.tone import Tone
from handinger_tui.core.views import Row
from handinger_tui.ui.tones import tone_styles

REPEAT = 0.12  # seconds: cursor moves closer than this come from a held key or a burst
K = TypeVar("K")
V = TypeVar("V")


class KeyedTable(DataTable[Text]):
    """Rows come from `sync(rows)`; cells are plain `Text` (markup in them shows literally),
    styled only by their tone."""

    class VisibleRowsChanged(Message):
        """The rows on screen changed (scroll, resize, filter): polling follows them."""

        def __init__(self, table: KeyedTable, keys: tuple[str, ...]) -> None:
            super().__init__()
            self.table = table
            self.keys = keys

        @property
        def control(self) -> KeyedTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        glyph_tones: Mapping[str, Mapping[str, Tone]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._column_spec = list(columns)
        # Per column: glyphs coloured one by one in their own tone (a delivery strip).
        self._glyph_tones = {k: dict(v) for k, v in (glyph_tones or {}).items()}
        self._sorted_by: tuple[str, bool] | None = None
        self._cells: dict[str, tuple[str, ...]] = {}
        self._tones: dict[str, tuple[Tone, ...]] = {}
        self._styles: dict[Tone, Style] = {}
        self._order: list[str] = []
        self._visible: tuple[str, ...] = ()
        self._widths: dict[str, Counter[int]] = {}  # per column: how many cells of each width
        self._stale: set[tuple[RowKey, ColumnKey]] = set()  # cells put since the last repaint
        self._moved = (-REPEAT, 0.0)  # monotonic times of the cursor's last two moves
        # Until the operator moves the cursor it stays on the top row as rows re-sort;
        # after that it follows its row.
        self.sticky_cursor = False

    def on_mount(self) -> None:
        for key, label in self._column_spec:
            self.add_column(label, key=key)
        self._styles = tone_styles(self.app)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        """Restyle every toned cell in the new theme's colours."""
        styles = tone_styles(self.app)
        if styles == self._styles:
            return
        self._styles = styles
        for key, cells in self._cells.items():
            for (col, _label), cell, tone in zip(
                self._column_spec, cells, self._tone_list(key), strict=True
            ):
                if tone is not Tone.NEUTRAL or col in self._glyph_tones:
                    self.update_cell(key, col, self._text(cell, tone, col))

    def _tone_list(self, key: str) -> list[Tone]:
        width = len(self._column_spec)
        tones = list(self._tones.get(key, ()))[:width]
        return tones + [Tone.NEUTRAL] * (width - len(tones))

    def _text(self, cell: str, tone: Tone, column: str = "") -> Text:
        """A cell as plain `Text` (never markup), in its tone's style; glyphs in theirs."""
        style = self._styles.get(tone)
        # A column narrowed to fit ends its cells in "…" instead of cutting them.
        text = Text(cell, style=style or "", no_wrap=True, overflow="ellipsis")
        if tone is Tone.WARN:
            return text  # stale: the whole cell warns, its glyphs too
        for index, char in enumerate(cell):
            glyph_style = self._styles.get(self._glyph_tones.get(column, {}).get(char, tone))
            if glyph_style is not None and glyph_style != style:
                text.stylize(glyph_style, index, index + 1)
        return text

    def show_sort(self, column: str | None, descending: bool = False) -> None:
        """Mark the sorted column's header with ▲ (ascending) or ▼ (descending)."""
        if self._sorted_by == (column, descending) or not self.columns:
            return
        self._sorted_by = None if column is None else (column, descending)
        for key, label in self._column_spec:
            shown = label + ((" ▼" if descending else " ▲") if key == column else "")
            header = self.columns[ColumnKey(key)]
            header.label = Text(shown)
            header.content_width = max(header.content_width, header.label.cell_len)
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

    def tone_of(self, key: str, column: int) -> Tone:
        """The tone a cell was last given (neutral when none)."""
        return self._tone_list(key)[column]

    def style_of(self, key: str, column: int) -> Style | str | None:
        """The style the cell is shown in: the `Text` style of that cell."""
        cell = self.get_row(key)[column]
        return cell.style if isinstance(cell, Text) else None

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
            for (col, _label), cell in zip(self._column_spec, self._cells.pop(gone), strict=True):
                self._count_width(col, cell, None)
            self._tones.pop(gone, None)
        changed: list[str] = []
        added: list[RowKey] = []
        widened = False
        for row in rows:
            old = self._cells.get(row.key)
            old_tones = self._tone_list(row.key) if old is not None else []
            self._tones[row.key] = row.tones
            tones = self._tone_list(row.key)
            if old is None:
                texts = (
                    self._text(c, t, col)
                    for c, t, (col, _label) in zip(row.cells, tones, self._column_spec, strict=True)
                )
                added.append(self.add_row(*texts, key=row.key))
            elif old != row.cells or old_tones != tones:
                widened |= self._update_cells(row.key, old, row.cells, old_tones, tones)
                changed.append(row.key)
            if old is None:
                for (col, _label), cell in zip(self._column_spec, row.cells, strict=True):
                    self._widths.setdefault(col, Counter())[cell_len(cell)] += 1
            self._cells[row.key] = row.cells
        if added:
            self._fit_added(added)
        self._repaint(changed, widened)
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

    def _fit_added(self, added: Sequence[RowKey]) -> None:
        """Widen the columns for new rows from the counted widths: DataTable would measure
        every cell of every new row (25,000 measures for 5,000 rows, a second here)."""
        self._new_rows.difference_update(added)  # one line each, no label: nothing to measure
        for col, widths in self._widths.items():
            header = self.columns.get(ColumnKey(col))
            if header is not None and widths:
                header.content_width = max(header.content_width, *widths)
        self._require_update_dimensions = True

    def patch(self, rows: Sequence[Row]) -> None:
        """Bring the cells of `rows` up to date in place: no row is added, removed or moved
        (a row not in the table is skipped). A long list's rows on screen between syncs."""
        changed: list[str] = []
        widened = False
        for row in rows:
            old = self._cells.get(row.key)
            if old is None:
                continue
            old_tones = self._tone_list(row.key)
            self._tones[row.key] = row.tones
            tones = self._tone_list(row.key)
            if old != row.cells or old_tones != tones:
                widened |= self._update_cells(row.key, old, row.cells, old_tones, tones)
                changed.append(row.key)
                self._cells[row.key] = row.cells
        self._repaint(changed, widened)

    def _update_cells(
        self,
        key: str,
        old: Sequence[str],
        cells: Sequence[str],
        old_tones: Sequence[Tone],
        tones: Sequence[Tone],
    ) -> bool:
        """Put the changed cells of one row; True when a column's width changed."""
        widened = False
        for (col, _label), before, after, was, tone in zip(
            self._column_spec, old, cells, old_tones, tones, strict=True
        ):
            if before != after or was != tone:
                self._put(key, col, self._text(after, tone, col))
                if before != after:
                    widened |= self._count_width(col, before, after)
        return widened

    def _put(self, key: str, column: str, text: Text) -> None:
        """Replace one cell's value; `_repaint` shows it."""
        cell = (RowKey(key), ColumnKey(column))
        self._data[cell[0]][cell[1]] = text
        self._stale.add(cell)

    def _count_width(self, column: str, before: str, after: str | None) -> bool:
        """Move one cell from width `before` to `after` (None: removed); True when the
        column's width changed. O(distinct widths), never a pass over the column."""
        widths = self._widths.setdefault(column, Counter())
        old = cell_len(before)
        widths[old] -= 1
        if widths[old] <= 0:
            del widths[old]
        if after is not None:
            widths[cell_len(after)] += 1
        header = self.columns.get(ColumnKey(column))
        if header is None:
            return False
        wanted = max([header.label.cell_len, *widths])
        if wanted == header.content_width:
            return False
        header.content_width = wanted
        return True

    def _repaint(self, keys: Sequence[str], widened: bool) -> None:
        """Show changed cells: their rows if on screen, or the table when widths moved."""
        stale, self._stale = self._stale, set()
        if not keys:
            return
        # Rendered lines are cached by DataTable's update count, which cell updates here
        # do not bump (that would rebuild row order and offsets): drop the rendered lines.
        if widened:  # every cell is drawn again at the new widths
            for cache in (
                self._row_render_cache,
                self._cell_render_cache,
                self._row_renderable_cache,
                self._line_cache,
            ):
                cache.clear()
            self._require_update_dimensions = True
            self.refresh()
            return
        header = self.header_height if self.show_header else 0
        indexes = {self._row_locations.get(RowKey(key)) for key in keys} - {None}
        self._forget(stale, {RowKey(key) for key in keys}, indexes, header)
        top = round(self.scroll_offset.y)
        bottom = top + self.scrollable_content_region.height
        for index in indexes:
            if index is not None and top <= index + header < bottom:  # else painted when shown
                # One line: KeyedTable rows are one line high.
                self._refresh_region(Region(0, index + header, self.virtual_size.width, 1))

    def _forget(
        self,
        cells: set[tuple[RowKey, ColumnKey]],
        rows: set[RowKey],
        indexes: set[int | None],
        header: int,
    ) -> None:
        """Drop what is cached of the changed cells and their rows only: the other cells of
        a row (and every other row) are not drawn again. A tick that moves one age per row
        redrew every cell of every row on screen (120 cells, 30-70 ms at 500 workers)."""
        lines = {index + header for index in indexes if index is not None}
        _drop(self._cell_render_cache, lambda key: (key[0], key[1]) in cells)
        _drop(self._row_render_cache, lambda key: key[0] in rows)
        _drop(self._row_renderable_cache, lambda key: key[1] in indexes)
        _drop(self._line_cache, lambda key: key[0] in lines)

    def content_width(self, column: str) -> int:
        """The widest of the column's label and cells, from the counted widths (no pass
        over the column)."""
        header = self.columns.get(ColumnKey(column))
        label: int = header.label.cell_len if header is not None else 0
        return max([label, *self._widths.get(column, Counter[int]())])

    def _reset(self) -> None:
        self.clear()
        self._cells.clear()
        self._tones.clear()
        self._widths.clear()
        self._order = []
        for column in self.columns.values():
            column.content_width = column.label.cell_len

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        if old != new:
            self._moved = (self._moved[1], monotonic())
        super().watch_cursor_coordinate(old, new)

    @property
    def repeating(self) -> bool:
        """The cursor's last two moves came less than REPEAT apart: a held key, a burst."""
        before, last = self._moved
        return last - before < REPEAT

    def after_move(self, callback: Callable[[], None]) -> None:
        """Call back once the moved cursor has been drawn; while a key is held, once the
        cursor has rested REPEAT (what follows the cursor is not drawn between two moves)."""
        if self.repeating:
            self.set_timer(REPEAT, callback)
        else:  # two hops: the first can run before this table's repaint reached the screen
            self.call_after_refresh(self.call_after_refresh, callback)

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
        rows = self.ordered_rows[start : start + max(height, 0)]
        return tuple(str(row.key.value) for row in rows)

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


def _drop(cache: LRUCache[K, V], stale: Callable[[K], bool]) -> None:
    """Discard the entries of `cache` whose key is `stale`."""
    stored = cache.keys()
    for key in [key for key in stored if stale(key)]:
        cache.discard(key)
