"""What the explorer's screen says, read from the terminal: the worker list and its cursor."""

from __future__ import annotations

import re

import pyte

_CELL_GAP = re.compile(r"\s{2,}")


def _list_box(screen: pyte.Screen) -> tuple[int, int, int]:
    """``(top, left, right)`` of the box titled ``Workers`` whose header row starts with
    ``Status`` (other panes may sit beside it); ``(-1, -1, -1)`` when none is shown."""
    lines = screen.display
    boxes = ((y, line.find("╭─ Workers ")) for y, line in enumerate(lines))
    top, left = next(((y, x) for y, x in boxes if x >= 0), (-1, -1))
    if top < 0 or top + 1 >= len(lines):
        return -1, -1, -1
    right = lines[top].find("╮", left)
    if not lines[top + 1][left + 1 : right].strip().startswith("Status"):
        return -1, -1, -1
    return top, left, right


def list_rows(screen: pyte.Screen) -> tuple[int, list[list[str]]]:
    """``(y of the first row, cells of each data row)`` of the worker list on screen.

    Its data rows follow the header row and run until the first blank row or the bottom
    border. ``(-1, [])`` when no list is shown.
    """
    top, left, right = _list_box(screen)
    if top < 0:
        return -1, []
    rows: list[list[str]] = []
    first = top + 2  # below the header row
    for line in screen.display[first:]:
        if line[left : left + 1] != "│":
            break
        inner = line[left + 1 : right].strip()
        if not inner:
            break
        rows.append(_CELL_GAP.split(inner))
    return first, rows


def _placeholder(cell: str) -> bool:
    """A cell still waiting for data: ``…``, ``… loading``, ``· unknown``."""
    return cell == "…" or cell.startswith(("… ", "· "))


def list_filled(screen: pyte.Screen) -> bool:
    """Every visible cell of the worker list holds data (no placeholder left)."""
    _, rows = list_rows(screen)
    return bool(rows) and not any(_placeholder(cell) for row in rows for cell in row)


def live_status_shown(screen: pyte.Screen) -> bool:
    """At least one row of the worker list shows a status read from the service."""
    _, rows = list_rows(screen)
    return any(row and not _placeholder(row[0]) for row in rows)


def row_backgrounds(screen: pyte.Screen) -> tuple[str, ...]:
    """The background of each list row: the cursor row's differs, so a move changes this."""
    first, rows = list_rows(screen)
    if first < 0:
        return ()
    x = _list_box(screen)[1] + 2  # inside the border and the cell padding
    return tuple(screen.buffer[y][x].bg for y in range(first, first + len(rows)))


__all__ = ["list_filled", "list_rows", "live_status_shown", "row_backgrounds"]
