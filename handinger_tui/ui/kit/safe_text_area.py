"""A ``TextArea`` that never paints a control character (see :mod:`.safe_fields`).

Apart from ``SafeInput`` because Textual's ``TextArea`` is only needed once a form opens.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from handinger_tui.core.safe_text import for_field

__all__ = ["SafeTextArea"]


class SafeTextArea(TextArea):
    """A multi-line ``TextArea`` that keeps tab and newline and shows every other control."""

    def _set_document(self, text: str, language: str | None) -> None:
        """Constructor, ``load_text`` and ``.text = ...`` all land here."""
        super()._set_document(for_field(text, multiline=True), language)

    def edit(self, edit: Edit) -> EditResult:
        """Typing, pasting, ``replace``/``insert`` and undo/redo of them all land here."""
        edit.text = for_field(edit.text, multiline=True)
        return super().edit(edit)
