"""A modal with the full details of one row (a delivery, a schedule), copyable.

Every value is cleaned by core and shown as plain `Text`: markup in it stays literal.
`c` copies the whole details, `i` the row's id, through the explorer's copy path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from handinger_tui.core.row_details import Fields, as_text
from handinger_tui.core.safe_text import text as safe
from handinger_tui.ui.kit.closes_once import OnceModal
from handinger_tui.ui.kit.form_css import FORM_CSS

Copy = Callable[[str, str], Awaitable[None]]
"""Copy a value (not secret) under a label, and say how it went."""


class RowDetailsScreen(OnceModal[None]):
    """Label/value pairs of one row; `c` copies them all, `i` the id, esc/enter close."""

    CSS_PATH = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
        Binding("c", "copy_all", "Copy all"),
        Binding("i", "copy_id", "Copy id"),
    ]

    def __init__(
        self, title: str, fields: Fields, *, id_label: str, row_id: str, copy: Copy
    ) -> None:
        super().__init__(classes="dialog-screen row-details-screen")
        self.title_text = title
        self.fields = list(fields)
        self._id_label = id_label
        self._row_id = row_id
        self._copy = copy

    def __repr__(self) -> str:
        return f"{type(self).__name__}(title={self.title_text!r})"

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for label, value in self.fields:
            table.add_row(Text(label), safe(value))
        with Vertical(classes="dialog"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(table, id="row-details")
            yield Static(Text("c copy all · i copy id · esc/enter close"), classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)

    async def action_copy_all(self) -> None:
        await self._copy(as_text(self.title_text, self.fields), "details")

    async def action_copy_id(self) -> None:
        if self._row_id:
            await self._copy(self._row_id, self._id_label)
        else:
            self.notify("This row came without an id.", severity="warning", markup=False)
