"""Screens that close once: a second Enter never closes the screen under them.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Two Enters typed quickly (or
a double click on OK) both reach a prompt before it has closed: the second dismissed the
screen underneath, or, with only the explorer left, crashed the app ("Can't pop screen").
The command palette had the same fault, and ran the chosen command twice.

Every screen of ours that closes derives from :class:`OnceModal` or :class:`OnceScreen`;
the palettes from :class:`OncePalette`.
"""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input

__all__ = ["OnceModal", "OncePalette", "OnceScreen"]

ResultT = TypeVar("ResultT")


def _done() -> AwaitComplete:
    """What `dismiss` returns when it does nothing: already complete."""
    done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
    return done


class OnceModal(ModalScreen[ResultT]):
    """A modal screen whose `dismiss` acts only while it is the screen on top."""

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if not self.is_active:  # closed already: what is under it stays
            return _done()
        return super().dismiss(result)


class OnceScreen(Screen[ResultT]):
    """A full screen whose `dismiss` acts only while it is the screen on top."""

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if not self.is_active:
            return _done()
        return super().dismiss(result)


class OncePalette(CommandPalette):
    """Textual's command palette, closed (and its command run) once."""

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _closed_already(self, event: Input.Submitted | Button.Pressed) -> None:
        """Before Textual's own handler (subclass first): a late Enter does nothing."""
        if not self.is_active:
            event.stop()
            event.prevent_default()  # the palette's handler (a base class) does not run

    def _select_or_command(self, event: Input.Submitted | Button.Pressed | None = None) -> None:
        if not self.is_active:
            if event is not None:
                event.stop()
            return
        super()._select_or_command(event)

    def dismiss(self, result: None = None) -> AwaitComplete:
        if not self.is_active:
            return _done()
        return super().dismiss(result)
