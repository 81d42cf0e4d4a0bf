"""What every explorer pane shares: a title naming the worker, a freshness subtitle, a focus."""

from __future__ import annotations

from typing import ClassVar, Self

from rich.text import Text
from textual.containers import Vertical
from textual.geometry import Region
from textual.widget import Widget

from handinger_tui.ui.kit import quiet


class Pane(Vertical):
    """One bordered pane of the explorer; the screen places it, the pane owns what is inside."""

    TITLE: ClassVar[str] = ""
    _border_row_only = False  # set while the subtitle changes: repaint the bottom row only

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
        self._border_row_only = True
        try:
            quiet.subtitle(self, Text(("⚠ " if stale else "") + label))
        finally:
            self._border_row_only = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """A new subtitle repaints the bottom border row, not the pane and all it holds."""
        if self._border_row_only and not (regions or layout or recompose) and self.size:
            gutter = self.content_offset  # regions are given relative to the content
            width, height = self.outer_size
            regions = (Region(-gutter.x, height - 1 - gutter.y, width, 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @property
    def focus_target(self) -> Widget:
        """The widget that takes the focus when the pane is picked."""
        raise NotImplementedError
