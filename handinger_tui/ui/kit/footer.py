"""Textual's Footer, recomposed once however often the bindings change before it is.

Every change of focus publishes the screen's bindings two or three times (Textual's focus
watcher, its refresh after the focus, and the explorer for the pane it activates), and
Textual's Footer recomposes all its keys for each one: three recomposes before the first
frame, ~10-20 ms of CPU each. This Footer lets one recompose, due after the next refresh,
show every change published before it runs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

__all__ = ["Footer"]


class Footer(TextualFooter):
    """A Footer whose recomposes are coalesced (one due at a time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recompose_due = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._recompose_due:
            return  # the recompose already due reads the bindings when it runs
        super().bindings_changed(screen)
        # What makes Textual's Footer schedule a recompose (else none is due).
        self._recompose_due = screen.app.app_focus and self.is_attached and screen is self.screen

    async def recompose(self) -> None:
        self._recompose_due = False
        await super().recompose()
