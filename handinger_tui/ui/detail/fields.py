"""The detail fields: bold labels right-aligned, values wrapping under themselves.

It draws what a two-column `Table.grid(padding=(0, 2))` draws, at a fraction of the cost: a
Table measures every cell of both columns each time it renders, and the fields render on
every selection, every poll that changes them and every tick of an age (three or four times
each: the shown lines, the new lines, the height the box needs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

GAP = 2  # cells between the label and the value column
MIN_VALUE_WIDTH = 8  # narrower than this, the Table's own collapsing rules apply
LABEL_STYLE = Style(bold=True)


def field_table(fields: Iterable[tuple[str, str]]) -> Table:
    """The same fields as a rich Table (the reference the fast lines are checked against)."""
    table = Table.grid(padding=(0, GAP))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in fields:
        table.add_row(Text(label), Text(value))
    return table


class FieldLines:
    """Label and value columns; long values wrap under themselves. Values are plain Text."""

    def __init__(self, fields: Sequence[tuple[str, str]]) -> None:
        self.fields = tuple(fields)
        self._label_width = max((cell_len(label) for label, _ in self.fields), default=0)

    def one_line_each(self, width: int) -> bool:
        """Every field fits on one line at `width` cells: then its height is the field count
        (known without rendering; the box's height check on every tick of an age rendered)."""
        room = width - self._label_width - GAP
        return room >= MIN_VALUE_WIDTH and all(
            value.isprintable() and cell_len(value) <= room for _, value in self.fields
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(value) for _, value in self.fields), default=0)
        lead = self._label_width + GAP
        return Measurement(lead + 1, lead + widest).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = self._label_width
        room = options.max_width - label_width - GAP
        if room < MIN_VALUE_WIDTH or not self.fields:
            yield field_table(self.fields)
            return
        widest = max(cell_len(value) for _, value in self.fields)
        value_width = max(min(widest, room), 1)
        gap = Segment(" " * GAP, LABEL_STYLE)
        under = Segment(" " * (label_width + GAP), LABEL_STYLE)  # a value's next lines
        for label, value in self.fields:
            lines = Text(value).wrap(console, value_width, justify="left", overflow="fold")
            for index, line in enumerate(lines or [Text(" " * value_width)]):
                if index == 0:  # the segments a Table would give: the same terminal output
                    yield Segment(" " * (label_width - cell_len(label)) + label, LABEL_STYLE)
                    yield gap
                else:
                    yield under
                yield from line.render(console)
                yield Segment.line()
