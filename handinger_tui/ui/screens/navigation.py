"""Moving like the tools operators know: Esc goes back, j/k move, g/G and home/end jump.

Mixed into MainScreen; the keys come from the action registry (ui/actions.py).
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import DataTable, Input

from handinger_tui.ui.kit.explorer import ExplorerBase


class Navigation(ExplorerBase):
    """Esc, j/k, g/G, home/end on the explorer, whatever pane has the focus."""

    def action_back(self) -> None:
        """Clear a shown filter; else back to the worker list (from Detail and the rest)."""
        if self.filter_shown():
            self.action_clear_filter()
        elif self.active_pane != "workers":
            self.action_pane("workers")

    def action_move(self, step: int) -> None:
        """j/k: the cursor of a table, else scroll the focused pane a line."""
        focused = self.focused
        if isinstance(focused, DataTable):
            if step > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()
        elif isinstance(focused, Widget):
            if step > 0:
                focused.scroll_down(animate=False)
            else:
                focused.scroll_up(animate=False)

    def action_jump(self, where: int) -> None:
        """0: the first row (or top); -1: the last row (or end). In a field: its start/end."""
        focused = self.focused
        if isinstance(focused, Input):
            if where == 0:
                focused.action_home()
            else:
                focused.action_end()
        elif isinstance(focused, DataTable):
            if focused.row_count:
                focused.move_cursor(row=0 if where == 0 else focused.row_count - 1)
        elif isinstance(focused, Widget):
            if where == 0:
                focused.scroll_home(animate=False)
            else:
                focused.scroll_end(animate=False)
