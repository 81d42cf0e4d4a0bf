"""Typed messages from background work to the screens."""

from __future__ import annotations

from textual.message import Message

from handinger_tui.core.state import Key


class DataChanged(Message):
    """A resource changed (a poll answered, or an action wrote): the panes re-render."""

    def __init__(self, key: Key) -> None:
        super().__init__()
        self.key = key
