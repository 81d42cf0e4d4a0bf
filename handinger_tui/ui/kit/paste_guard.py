"""Pasted text stays pasted text: an ESC inside a bracketed paste never becomes keys.

Textual's terminal parser treats an ESC inside a bracketed paste as the start of an escape
sequence; when it matches none, it re-sends what followed the ESC as key presses (up to
32 characters, or up to the next ESC). A paste holding ``ESC DEL y`` then pressed
backspace and ``y``: enough to confirm a delete dialog. Text copied with colour codes
(``ESC[31m…``) typed ``[31m…`` into the screen.

:class:`PasteGuard` sits in front of the parser. Between the terminal's paste markers
(``ESC[200~`` … ``ESC[201~``) it replaces every ESC that does not start the end marker with
``␛``, the stand-in every field shows for ESC anyway (``safe_text.for_field``), so the
parser sees one paste and no sequence. Outside a paste the input passes unchanged.
"""

from __future__ import annotations

from typing import Final

from handinger_tui.core.safe_text import ESC_SYMBOL

__all__ = ["PASTE_END", "PASTE_START", "PasteGuard"]

ESC: Final = "\x1b"
PASTE_START: Final = "\x1b[200~"
PASTE_END: Final = "\x1b[201~"


class PasteGuard:
    """Feed it the terminal's input as it is read; it returns what the parser may see.

    Markers split across two reads are recognised. Inside a paste, a tail that could be
    the start of the end marker is held until the next read tells (a paste always ends
    with the marker); outside one, nothing is ever held.
    """

    def __init__(self) -> None:
        self.in_paste = False
        self._start_seen = 0  # outside a paste: how much of PASTE_START the input ends with
        self._held = ""  # inside a paste: a tail that may be the start of PASTE_END

    def __call__(self, data: str) -> str:
        out: list[str] = []
        for char in data:
            if self.in_paste:
                self._inside(char, out)
            else:
                out.append(char)
                self._outside(char)
        return "".join(out)

    def _outside(self, char: str) -> None:
        if char == PASTE_START[self._start_seen]:
            self._start_seen += 1
            if self._start_seen == len(PASTE_START):
                self.in_paste, self._start_seen = True, 0
        else:
            self._start_seen = 1 if char == ESC else 0

    def _inside(self, char: str, out: list[str]) -> None:
        held = self._held
        if held:
            if char == PASTE_END[len(held)]:
                held += char
                if held == PASTE_END:
                    out.append(held)
                    held, self.in_paste = "", False
                self._held = held
                return
            out.append(ESC_SYMBOL + held[1:])  # not the end marker: pasted text
            self._held = ""
        if char == ESC:
            self._held = ESC
        else:
            out.append(char)
