"""The worker list's Deliveries strip keeps its newest results when its column narrows.

The strip reads oldest first and ends with the last delivery's age ('✔✔✘✘ 5m'); a cell cut
at the right (as every other cell is) would drop the newest results and the age, what an
operator triaging needs. These cells are cut at the left instead ('…✘✘ 5m').
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.text import Text

from handinger_tui.core.tone import Tone
from handinger_tui.ui.kit.keyed_table import KeyedTable

STRIP_COLUMN = "hook"
CUT = "…"


class TailText(Text):
    """Text that, wider than its cell, loses its start behind '…', not its end."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        room = options.max_width
        if self.cell_len <= room or room <= cell_len(CUT):
            yield from super().__rich_console__(console, options)
            return
        start, kept = len(self.plain), cell_len(CUT)
        while start > 0 and kept + cell_len(self.plain[start - 1]) <= room:
            start -= 1
            kept += cell_len(self.plain[start])
        shown = Text(CUT, style=self.style, no_wrap=True, end=self.end)
        shown.append_text(self[start:])
        yield from shown.__rich_console__(console, options)


class StripTable(KeyedTable):
    """The worker table: its Deliveries cells are cut at the left (see `TailText`)."""

    def _text(self, cell: str, tone: Tone, column: str = "") -> Text:
        text = super()._text(cell, tone, column)
        if column != STRIP_COLUMN:
            return text
        return TailText(
            text.plain, style=text.style, no_wrap=True, end=text.end, spans=list(text.spans)
        )
