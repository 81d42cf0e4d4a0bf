"""A Static that repaints only the lines whose text changed, when its shape stays the same.

`Static.update(..., layout=False)` repaints the whole widget, and the screen writes every
line of it to the terminal: a field table whose one age moved ("1m 32s ago") wrote twelve
lines a second for one changed line. Here the new content is rendered, compared line by
line with what is shown, and only the lines that differ are marked for repainting.
"""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, VisualType
from textual.widgets import Static


class LineStatic(Static):
    """`update(content, layout=False)` repaints the changed lines only."""

    _holding = False  # inside our own update: the whole-widget repaint waits for the diff

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if layout or not self.is_mounted or not self.size:
            super().update(content, layout=layout)
            return
        cache = self._render_cache  # what is shown, when it was rendered at this size
        before = cache.lines if cache.size == self.size and not self._dirty_regions else None
        before = self._lines() if before is None else before
        self._holding = True
        try:
            super().update(content, layout=False)
        finally:
            self._holding = False
        after = self._lines()
        if len(after) != len(before):
            super().refresh()
            return
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y, (a, b) in enumerate(zip(before, after, strict=True))
            if a != b
        ]
        if changed:
            super().refresh(*changed)

    def _lines(self) -> list[Strip]:
        """The content's lines at the widget's size, as they are (or would be) shown."""
        width, height = self.size
        return Visual.to_strips(self, self._render(), width, height, self.visual_style)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._holding and not (regions or layout or recompose):
            self._layout_cache.clear()  # the new content is rendered; repainting waits
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
