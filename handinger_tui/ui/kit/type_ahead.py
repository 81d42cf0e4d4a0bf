"""Keys typed ahead act where the key before them sent them.

Textual hands each key to the widget focused when the app reads it, but a key acts later:
its binding runs when the key comes back up from the focused widget, and ``focus()`` or a
pushed screen take hold after that. Keys typed in one burst (over SSH, or while the UI loop
was busy) reached the old place: ``/comp`` opened an empty filter while ``c`` and ``o``
ran list actions, ``nHello`` left the new worker's title empty, ``3j`` moved the worker
cursor instead of the schedule's.

:class:`TypeAhead` holds the keys read after a key until that key has acted: its binding
has run, the focus it asked for is set and a screen it opened is up (or
:data:`SETTLE_LIMIT` at the latest). Then they go on, in order. Text typed into a field (a
key the focused widget consumes) holds nothing, so typing stays as fast as before; a
single key never waits.
"""

from __future__ import annotations

from typing import Any, Final

from textual import events
from textual.app import App
from textual.screen import Screen

__all__ = ["SETTLE_LIMIT", "TypeAhead"]

SETTLE_LIMIT: Final = 0.25  # seconds: held keys go on by then whatever happened


class TypeAhead:
    """The keys that wait for the key before them (one per app)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._waiting: list[events.Key] | None = None  # None: no key is settling
        self._key: events.Key | None = None  # the key whose effect is awaited
        self._screen: Screen[Any] | None = None  # the screen on top when it was read
        self._settling = 0  # which key (a late callback or timer releases nothing)

    def hold(self, event: events.Key) -> bool:
        """Keep `event` back while the key before it settles; True when kept."""
        if self._waiting is None:
            return False
        self._waiting.append(event)
        return True

    def going(self, event: events.Key) -> None:
        """`event` was read and goes to the focused widget: the keys after it wait for it
        to act, unless it is text for the focused field."""
        focused = self._app.focused
        if focused is not None and focused.check_consume_key(event.key, event.character):
            return
        self._waiting, self._key, self._screen = [], event, self._app.screen
        self._settling += 1
        settling = self._settling
        self._app.set_timer(SETTLE_LIMIT, lambda: self._release(settling))

    def acted(self, event: events.Key) -> None:
        """`event` came back to the app and its binding (if any) has run."""
        if event is self._key:
            self._app.call_later(self._after, self._settling)  # after the focus it asked for

    def _after(self, settling: int) -> None:
        screen = self._app.screen
        if screen is not self._screen:  # a screen opened or closed: wait until it is up
            screen.call_after_refresh(self._release, settling)
        else:
            self._release(settling)

    def _release(self, settling: int) -> None:
        if settling != self._settling:
            return  # that key settled already
        waiting, self._waiting, self._key = self._waiting, None, None
        for event in waiting or ():
            self._app.post_message(event)  # in order; the first of them settles in turn
