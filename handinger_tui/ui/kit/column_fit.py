"""Fit a table's columns to its width: every column is as wide as its widest cell, the
flexible ones grow into free room and (if allowed) narrow when room is short (their
headers kept whole while they can be), so the table never scrolls sideways. A flexible
column can have a floor: below it, the `yielding` columns give up width first (down to
their header, which stays whole). When even that is too wide, the `dropping` columns are
left out: the empty ones first, then in their order (the least useful first)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from handinger_tui.ui.kit.keyed_table import KeyedTable

MIN_FLEX = 4  # a narrowed column keeps this many cells (its header ends in "…")


def content_width(table: DataTable[Text], key: ColumnKey) -> int:
    """The widest of the column's label and cells, in terminal cells (measured here: the
    table's own measure waits for an idle moment and never narrows a column)."""
    if isinstance(table, KeyedTable):  # it counts its cell widths as they change
        return table.content_width(str(key.value))
    label = table.columns[key].label.cell_len
    return max([label, *(cell_len(str(cell)) for cell in table.get_column(key))])


def least(width: int, header: int) -> int:
    """The fewest cells a narrowed column takes while headers fit (as `share` gives)."""
    return max(MIN_FLEX, min(width, header))


def share(
    wanted: dict[str, int], room: int, headers: dict[str, int] | None = None
) -> dict[str, int]:
    """Split `room` fairly: each keeps its header whole if all can, then the narrowest take
    what they need and the rest split what is left."""
    heads = headers or {}
    base = {k: least(need, heads.get(k, 0)) for k, need in wanted.items()}
    if sum(base.values()) > room:  # not even the headers fit: they are cut
        base = {k: MIN_FLEX for k in wanted}
    room -= sum(base.values())
    widths: dict[str, int] = {}
    left = len(wanted)
    for key, need in sorted(wanted.items(), key=lambda item: item[1] - base[item[0]]):
        widths[key] = base[key] + max(0, min(need - base[key], room // left))
        room -= widths[key] - base[key]
        left -= 1
    return widths


def blank(table: DataTable[Text], key: str) -> bool:
    """No cell of the column shows anything (cron in words beside interval schedules)."""
    return not any(str(cell).strip() for cell in table.get_column(ColumnKey(key)))


def dropped(
    widths: dict[str, int],
    headers: dict[str, int],
    narrowing: Sequence[str],
    dropping: Sequence[str],
    room: int,
    pad: int,
) -> list[str]:
    """The `dropping` columns to leave out, in order, until the rest fit `room` with the
    `narrowing` (flexible) ones at their least."""
    need = {k: least(w, headers[k]) if k in narrowing else w for k, w in widths.items()}
    total = sum(w + pad for w in need.values())
    out: list[str] = []
    for key in dropping:
        if total <= room:
            break
        if key in need and key not in out:
            out.append(key)
            total -= need[key] + pad
    return out


def give_way(
    widths: dict[str, int], headers: dict[str, int], yielding: Sequence[str], short: int
) -> int:
    """Narrow the `yielding` columns in order, each down to its header (kept whole), until
    `short` cells are found; the cells found."""
    found = 0
    for key in yielding:
        if key in widths and found < short:
            give = min(short - found, widths[key] - max(MIN_FLEX, headers[key]))
            if give > 0:
                widths[key] -= give
                found += give
    return found


def fit(
    table: DataTable[Text],
    flexible: Sequence[str],
    *,
    shrink: bool = False,
    floor: int = 0,
    yielding: Sequence[str] = (),
    dropping: Sequence[str] = (),
) -> bool:
    """Size every column to its content; the first of `flexible` also takes the width the
    others leave, and with `shrink` the flexible ones share the room when it is short.
    Before the flexible ones get less than `floor` cells (or their content, if less), the
    `yielding` columns narrow; when even all that is too wide, the `dropping` columns are
    left out, the empty ones first, then the first first. True when a width changed."""
    if not table.is_mounted or not table.columns:
        return False
    pad = 2 * table.cell_padding
    widths = {str(k.value): content_width(table, k) for k in table.columns}
    headers = {str(k.value): column.label.cell_len for k, column in table.columns.items()}
    whole = table.scrollable_content_region.width
    narrowing = flexible if shrink else ()
    order = sorted((k for k in dropping if k in widths), key=lambda k: not blank(table, k))
    gone = dropped(widths, headers, narrowing, order, whole, pad) if whole > 0 else []
    flex = [k for k in flexible if k in widths and k not in gone]
    kept = {k: w for k, w in widths.items() if k not in gone}
    used = sum(w + pad for k, w in kept.items() if k not in flex) + pad * len(flex)
    room = whole - used
    wanted = {k: widths[k] for k in flex}
    if shrink and (short := min(floor, sum(wanted.values())) - room) > 0:
        room += give_way(kept, headers, [k for k in yielding if k not in flex], short)
    if flex and room >= sum(wanted.values()):
        kept[flex[0]] += room - sum(wanted.values())
    elif flex and shrink and room > 0:
        kept.update(share(wanted, room, headers))
    # DataTable draws a column `width + 2 * cell_padding` cells wide and has no call to hide
    # one: a left-out column is drawn zero cells wide, its padding too.
    widths = kept | {k: -pad for k in gone}
    changed = False
    for key, column in table.columns.items():
        width = widths[str(key.value)]
        if column.auto_width or column.width != width:
            column.auto_width = False
            column.width = width
            changed = True
    if changed:
        # DataTable has no public call for a width change: drop its rendered lines and
        # have it re-measure the virtual size (as it does after its own width changes).
        table._clear_caches()
        table._require_update_dimensions = True
        table.refresh()
    return changed
