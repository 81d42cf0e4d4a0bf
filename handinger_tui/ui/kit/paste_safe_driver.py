"""Textual's POSIX driver with :class:`~handinger_tui.ui.kit.paste_guard.PasteGuard` in
front of its input parser (see there why).

``run_input_thread`` is Textual's own (textual 8, pinned below 9 in pyproject.toml), with
one change: what is read from the terminal passes through the guard before the parser.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from handinger_tui.ui.kit.paste_guard import PasteGuard

__all__ = ["PasteSafeDriver"]


class PasteSafeDriver(LinuxDriver):
    """The terminal driver: a paste never reaches the app as key presses."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's, with the paste guard)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        guard = PasteGuard()
        decode = getincrementaldecoder("utf-8")().decode

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:  # stdin piped
                        break
                    for event in parser.feed(guard(data)):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
