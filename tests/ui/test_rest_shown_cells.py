"""Only the cells that differ from what the terminal shows are written (`kit/shown_cells`).

The screen a terminal shows after the cut-down updates must be exactly the screen it shows
after Textual's own updates: two `pyte` terminals, one fed each, are compared after every
update of a real session (cursor moves, pane keys, a modal, ticks).
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pyte
import pytest
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip

from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.shown_cells import CellsUpdate, ShownCells, cells_of, changed_runs
from tests.support.clock import FrozenClock
from tests.support.pilot import demo_app, listed

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = Console(color_system="truecolor", width=10, force_terminal=True)
RED = Style(color="red")


def line(text: str, style: Style | None = None) -> Strip:
    return Strip([Segment(text, style)])


def chops(y: int, strip: Strip, height: int = 2) -> ChopsUpdate:
    """A partial update repainting line `y` whole (one widget across the screen)."""
    lines = [{0: strip if row == y else None} for row in range(height)]
    return ChopsUpdate(lines, [(y, 0, strip.cell_length)], [[strip.cell_length]] * height)


def test_a_repaint_of_the_same_text_writes_nothing() -> None:
    shown = ShownCells()
    full = LayoutUpdate([[line("abcdefghij")], [line("0123456789")]], Region(0, 0, 10, 2))
    assert shown.written(full) is full  # a full frame is written as it is
    assert shown.written(chops(1, line("0123456789"))) is None
    update = shown.written(chops(1, line("0123456x89")))
    assert isinstance(update, CellsUpdate)
    assert update.render_segments(CONSOLE) == "\x1b[2;8Hx"  # row 2, column 8: one cell
    assert shown.written(chops(1, line("0123456x89"))) is None  # now that is shown
    restyled = shown.written(chops(0, line("abcdefghij", RED)))  # same text, new colour
    assert isinstance(restyled, CellsUpdate) and "abcdefghij" in restyled.render_segments(CONSOLE)


def test_unknown_screens_are_written_whole() -> None:
    shown = ShownCells()
    first = chops(0, line("abcdefghij"))
    assert shown.written(first) is first  # nothing known yet
    shown.written(LayoutUpdate([[line("abcdefghij")]], Region(0, 0, 10, 1)))
    taller = chops(1, line("0123456789"))
    assert shown.written(taller) is taller  # another size than the last full frame
    again = chops(0, line("abcdefghij"))
    assert shown.written(again) is again  # and it is forgotten until the next full frame


def test_runs_never_split_a_wide_character() -> None:
    old = cells_of(line("ab中cd"))
    new = cells_of(line("ab日cd"))
    assert len(old) == 6 and old[3] == ("", None)
    assert changed_runs(old, new) == [(2, 4)]
    assert changed_runs(cells_of(line("x" * 20)), cells_of(line("y" + "x" * 18 + "y"))) == [
        (0, 1),
        (19, 20),
    ]
    assert changed_runs(cells_of(line("xxxx")), cells_of(line("yxxy"))) == [(0, 4)]


class Terminals:
    """Two terminals: one gets Textual's updates, the other what `ShownCells` cuts them to."""

    def __init__(self, app: HandingerApp, size: tuple[int, int]) -> None:
        self.raw, self.cut = pyte.Screen(*size), pyte.Screen(*size)
        self._raw, self._cut = pyte.Stream(self.raw), pyte.Stream(self.cut)
        self.shown = ShownCells()
        self.console = app.console
        self.raw_bytes = self.cut_bytes = self.updates = 0
        display = app._display

        def capture(screen: Screen[Any], renderable: RenderableType | None) -> None:
            if isinstance(renderable, CompositorUpdate):
                self.feed(renderable)
            display(screen, renderable)

        app._display = capture  # type: ignore[method-assign]

    def feed(self, update: CompositorUpdate) -> None:
        """One update to both terminals; partial updates' bytes are counted."""
        raw = update.render_segments(self.console)
        self._raw.feed(raw)
        cut = self.shown.written(update)
        text = "" if cut is None else cut.render_segments(self.console)  # type: ignore[union-attr]
        self._cut.feed(text)
        if isinstance(update, ChopsUpdate):  # a full frame is written whole by both
            self.raw_bytes += len(raw.encode())
            self.cut_bytes += len(text.encode())
        self.updates += 1
        assert self.differences() == []

    def differences(self) -> list[int]:
        """Rows whose characters or attributes differ between the two terminals."""
        return [y for y in range(self.raw.lines) if self.raw.buffer[y] != self.cut.buffer[y]]


async def test_the_terminal_shows_the_same_screen_for_less(demo_emulator: EmulatorServer) -> None:
    size = (160, 48)
    clock = FrozenClock(DEMO_INSTANT)
    app = demo_app(demo_emulator, clock=clock)
    terminals = Terminals(app, size)
    async with app.run_test(size=size) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        assert terminals.updates > 0
        for key in ("down", "down", "down", "up", "4", "3", "2", "tab", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.session is not None
        await app.session.coordinator.stop()  # only time moves from here
        before = terminals.cut_bytes
        for _ in range(3):
            clock.advance(1.0)
            app.main_screen._tick()
            await pilot.pause()
        app.main_screen.workers_pane.refresh()  # a repaint that changes nothing
        await pilot.pause()
        ticked = terminals.cut_bytes - before
        assert terminals.differences() == []
    assert terminals.cut_bytes < terminals.raw_bytes / 3
    assert ticked < 1500  # three ticks of the ages that moved, not the panes around them


REPAINTING_APP = """
import sys
from textual.app import App
from textual.widgets import Static
from handinger_tui.ui.kit.shown_cells import install

class Repainting(App):
    def compose(self):
        yield Static("steady text " * 4, id="steady")

    def on_mount(self):
        if sys.argv[1:] == ["install"]:
            install(self)
        self.count = 0
        self.call_after_refresh(self.step)

    def step(self):
        steady = self.query_one("#steady", Static)
        self.count += 1
        if self.count <= 10:
            steady.refresh()  # the same text, repainted
        elif self.count == 11:
            steady.update("steady text " * 3 + "steady textX")
        else:
            self.exit()
            return
        self.call_after_refresh(self.step)

Repainting().run()
"""


def written_by(tmp_path: Path, *args: str) -> bytes:
    """Everything the repainting app writes to a terminal of its own until it exits."""
    script = tmp_path / "repainting.py"
    script.write_text(REPAINTING_APP)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    out = bytearray()
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the pty
                break
            if not data:
                break
            out += data
    finally:
        os.close(master)
        proc.wait(30)
    return bytes(out)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_in_a_terminal_a_repaint_of_the_same_text_writes_nothing(tmp_path: Path) -> None:
    plain = written_by(tmp_path)
    assert plain.count(b"steady text") >= 4 * 11  # Textual writes each repaint again
    cut = written_by(tmp_path, "install")
    assert b"textX" in plain and b"X" in cut.split(b"steady text")[-1]  # the change is written
    frames = cut.count(b"steady text") // 4  # the full frames, written as they are
    assert 1 <= frames <= 2


def test_a_resize_forgets_what_was_shown() -> None:
    shown = ShownCells()
    full = LayoutUpdate([[line("abcdefghij")], [line("0123456789")]], Region(0, 0, 10, 2))
    shown.written(full, Size(10, 2))
    assert shown.written(chops(1, line("0123456789")), Size(10, 2)) is None
    smaller = chops(1, line("0123456789"))
    assert shown.written(smaller, Size(10, 1)) is smaller  # written whole: the terminal may
    assert shown.written(chops(1, line("0123456789")), Size(10, 2)) is not None  # show anything
