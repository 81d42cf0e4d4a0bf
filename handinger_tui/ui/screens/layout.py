"""The explorer's layout rules, shared by its first frame (`shell.py`) and itself (`main.py`).

At 140x34 and larger the four panes share the screen; from 100 columns the list sits beside
one of Detail, Schedules and Webhook; below that one pane shows at a time. The screen's
class (`-wide`, `-split`, `-narrow`) picks the rules of `styles/main.tcss`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from textual.dom import DOMNode

WIDE_MIN: Final = (140, 34)
SPLIT_MIN_WIDTH: Final = 100  # from here the list and one other pane sit side by side
SIDE_PANES: Final = ("detail", "schedules", "webhook")
PANES: Final = ("workers", *SIDE_PANES)
PANE_TITLES: Final = {
    "workers": "Workers",
    "detail": "Detail",
    "schedules": "Schedules",
    "webhook": "Webhook",
}
LAYOUTS: Final = ("-wide", "-split", "-narrow")


def layout_class(width: int, height: int) -> str:
    """The layout for a screen of `width` x `height` cells: one of LAYOUTS."""
    if width >= WIDE_MIN[0] and height >= WIDE_MIN[1]:
        return "-wide"
    return "-split" if width >= SPLIT_MIN_WIDTH else "-narrow"


def set_layout(screen: DOMNode, width: int, height: int) -> bool:
    """Give `screen` the layout class for `width` x `height`; True when it changed
    (restyling every node is not free)."""
    layout = layout_class(width, height)
    if screen.has_class(layout):
        return False
    for name in LAYOUTS:
        screen.set_class(name == layout, name)
    return True


def tab_label(number: int, pane: str) -> str:
    """A pane's tab: its key and its title."""
    return f"{number} {PANE_TITLES[pane]}"
