"""What every explorer pane shares: a title naming the worker, a freshness subtitle, a focus."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget

from handinger_tui.ui.kit import quiet


class Pane(Vertical):
    """One bordered pane of the explorer; the screen places it, the pane owns what is inside."""

    TITLE: ClassVar[str] = ""

    def on_mount(self) -> None:
        self.border_title = self.TITLE

    def name_worker(self, name: str) -> None:
        """The title names the selected worker (`name` is clean text; '' for none)."""
        self.border_title = Text(self.TITLE + (f" · {name}" if name else ""))

    def show_freshness(self, label: str, *, lead: str = "") -> None:
        """The subtitle says how fresh the pane is; stale or failed data is marked."""
        stale = label.startswith(("stale", "failed"))
        if lead:
            label = lead + (f" · {label}" if label else "")
        self.set_class(stale, "-stale")
        quiet.subtitle(self, Text(("⚠ " if stale else "") + label))

    @property
    def focus_target(self) -> Widget:
        """The widget that takes the focus when the pane is picked."""
        raise NotImplementedError
