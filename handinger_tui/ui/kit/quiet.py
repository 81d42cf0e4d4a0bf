"""Touch a widget only when what it shows changed: every update costs a repaint or a layout."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


def show(widget: Static, text: Text, *, layout: bool = True) -> None:
    """`widget.update(text)` unless it already shows exactly that (`layout=False`: the
    widget keeps its size, so the screen is not laid out again)."""
    if widget.content != text:
        widget.update(text, layout=layout)


def subtitle(widget: Widget, text: Text) -> None:
    """Set a border subtitle unless it is already that."""
    if widget.border_subtitle != text.markup:
        widget.border_subtitle = text
