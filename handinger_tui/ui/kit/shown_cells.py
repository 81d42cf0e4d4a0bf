"""Write to the terminal only the cells that differ from what it already shows.

Textual repaints regions, not cells: output growing below the fold of a scrolled pane
repaints every visible line of the pane, a scrollbar or a border title its whole widget,
and each repainted line is written again although its text did not change (2-5 KB a time
at 160x48, an operator pays for it over SSH). `ShownCells` keeps what the terminal shows
(every full frame, and every partial update written since) and turns a partial update into
the runs of cells that differ: a repaint of unchanged text writes nothing at all.

A full frame is written as it is and becomes what is known (as segments: a line is cut into
cells only where an update's segments differ from what it shows); anything else (an inline
update, a plain renderable, a resume after `App.suspend`) forgets what is known, so the
next partial update is written whole until a full frame comes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip

Update = RenderableType | CompositorUpdate
"""What `App._display` is given: a compositor update, or any renderable."""
Cell = tuple[str, Style | None]
"""One terminal cell: its text ("" for the right half of a wide character) and style."""
MERGE_GAP = 6
"""Unchanged cells between two changed runs written anyway: cheaper than a cursor move."""


def cells_of(segments: Iterable[Segment]) -> list[Cell]:
    """The cells the segments cover, left to right."""
    cells: list[Cell] = []
    for text, style, control in segments:
        if control:
            continue
        if text.isascii():
            cells.extend([(char, style) for char in text])
            continue
        for char in text:
            width = get_character_cell_size(char)
            if width == 0 and cells:  # a combining mark joins the cell before it
                cells[-1] = (cells[-1][0] + char, cells[-1][1])
            elif width == 2:
                cells.append((char, style))
                cells.append(("", style))
            elif width == 1:
                cells.append((char, style))
    return cells


def changed_runs(old: list[Cell], new: list[Cell]) -> list[tuple[int, int]]:
    """`(start, end)` of the runs where `new` differs from `old` (of equal length).

    A run never starts or ends inside a wide character, in either; runs closer than
    `MERGE_GAP` are merged.
    """
    runs: list[tuple[int, int]] = []
    size = len(new)
    x = 0
    while x < size:
        if old[x] == new[x]:
            x += 1
            continue
        start = x
        while x < size and old[x] != new[x]:
            x += 1
        while start > 0 and (new[start][0] == "" or old[start][0] == ""):
            start -= 1
        while x < size and (new[x][0] == "" or old[x][0] == ""):
            x += 1
        if runs and start - runs[-1][1] < MERGE_GAP:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((start, x))
    return runs


def segments_of(cells: list[Cell]) -> list[Segment]:
    """The cells as segments, one for each run of one style."""
    segments: list[Segment] = []
    text: list[str] = []
    style: Style | None = None
    for char, cell_style in cells:
        if text and cell_style != style:
            segments.append(Segment("".join(text), style))
            text = []
        style = cell_style
        text.append(char)
    if text:
        segments.append(Segment("".join(text), style))
    return segments


def crop(line: list[Segment], start: int, end: int) -> list[Segment]:
    """The segments of cells `start` to `end` of `line` (a segment cut where they fall)."""
    cropped: list[Segment] = []
    x = 0
    for segment in line:
        if x >= end:
            break
        width = cell_len(segment.text)
        if x + width > start:
            if x < start:
                segment = Segment.split_cells(segment, start - x)[1]
                width, x = width - (start - x), start
            if x + width > end:
                segment = Segment.split_cells(segment, end - x)[0]
            cropped.append(segment)
        x += width
    return cropped


class CellsUpdate(CompositorUpdate):
    """Runs of cells to write: `(y, x, segments)` each."""

    def __init__(self, runs: list[tuple[int, int, list[Segment]]]) -> None:
        self.runs = runs

    def render_segments(self, console: Console) -> str:
        colors = console._color_system or ColorSystem.TRUECOLOR  # as Strip.render reads it
        render = Strip.render_style
        out: list[str] = []
        for y, x, segments in self.runs:
            out.append(f"\x1b[{y + 1};{x + 1}H")
            out.extend(
                text if style is None else render(style, text, color_system=colors)
                for text, style, _ in segments
            )
        return "".join(out)


class ShownCells:
    """The lines on the terminal, and partial updates cut down to the cells they change."""

    def __init__(self) -> None:
        self._lines: list[list[Segment]] = []
        self._width = 0

    def forget(self) -> None:
        """The terminal may show anything: write the next updates whole."""
        self._lines = []

    def written(self, update: Update | None, size: Size | None = None) -> Update | None:
        """What to write for `update`, which will be written on a screen of `size` (if
        known); remembers what it shows. A size other than the last full frame's (a
        resize: the terminal may have cut or moved what it showed) forgets it all."""
        if update is None:
            return None
        if size is not None and size != (self._width, len(self._lines)):
            self.forget()
        if isinstance(update, ChopsUpdate) and self._lines:
            return self._partial(update)
        if isinstance(update, LayoutUpdate) and update.region.offset == (0, 0):
            self._lines = [[seg for strip in line for seg in strip] for line in update.strips]
            self._width = update.region.width
        else:
            self.forget()
        return update

    def _partial(self, update: ChopsUpdate) -> CellsUpdate | ChopsUpdate | None:
        runs: list[tuple[int, int, list[Segment]]] = []
        lines, width = self._lines, self._width
        for y, x1, x2 in update.spans:
            if y >= len(lines):
                self.forget()  # another size than the last full frame: write it whole
                return update
            drawn: list[tuple[int, int, list[Segment]]] = []  # chops whose cells differ
            for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=True):
                if strip is None or x >= x2 or end <= x1:
                    continue
                if strip.cell_length != end - x or end > width:
                    self.forget()  # cells not counted as the screen counts them
                    return update
                before, after = crop(lines[y], x, end), list(strip)
                if before == after:  # the same segments: the same cells
                    continue
                old, new = cells_of(before), cells_of(after)
                if len(old) != len(new):
                    self.forget()
                    return update
                for start, stop in changed_runs(old, new):
                    runs.append((y, x + start, segments_of(new[start:stop])))
                drawn.append((x, end, after))
            if drawn:
                lines[y] = _patched(lines[y], drawn, width)
        return CellsUpdate(runs) if runs else None


def _patched(
    line: list[Segment], drawn: list[tuple[int, int, list[Segment]]], width: int
) -> list[Segment]:
    """`line` with each `(x, end, segments)` put in place (left to right, not overlapping)."""
    patched: list[Segment] = []
    at = 0
    for x, end, segments in sorted(drawn, key=lambda piece: piece[0]):
        patched += crop(line, at, x)
        patched += segments
        at = end
    return patched + crop(line, at, width)


def install(app: App[Any]) -> ShownCells:
    """Route `app`'s screen updates through a `ShownCells`; returns it."""
    shown = ShownCells()
    display = app._display
    subscribed = False

    def display_changed(screen: Screen[Any], renderable: RenderableType | None) -> None:
        nonlocal subscribed
        if not subscribed and app.is_running:  # the signal takes subscribers once running
            subscribed = True
            app.app_resume_signal.subscribe(app, lambda _: shown.forget())
        # The conditions under which App._display writes (else it drops the update).
        writes = (
            app._running
            and not app._closed
            and not app.is_headless
            and not app._batch_count
            and app._driver is not None
        )
        if writes and app.is_inline:
            shown.forget()
        elif writes:
            cut = shown.written(renderable, screen.size)
            if cut is None:
                return
            renderable = cast(RenderableType, cut)  # App._display takes compositor updates too
        display(screen, renderable)

    app._display = display_changed  # type: ignore[method-assign]
    return shown
