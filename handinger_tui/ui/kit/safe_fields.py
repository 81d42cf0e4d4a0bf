"""Form fields that never paint a control character: every way text gets in is cleaned.

A value prefilled from the server or the local cache, a paste (bracketed or ctrl+v), a
keystroke and text read back from ``$EDITOR`` all pass through
:func:`handinger_tui.core.safe_text.for_field` before the widget holds it: ESC shows as
``␛``, BEL as ``␇``, U+009B as ``␛[``, a bidi override as ``\\ufffd``. Nothing is dropped,
so the operator sees that the value held them, and the field checks in
:mod:`handinger_tui.core.drafts` refuse those stand-ins, so the value is never sent back
unnoticed. Every form and dialog uses these instead of Textual's ``Input``/``TextArea``;
the ``TextArea`` one is in :mod:`handinger_tui.ui.kit.safe_text_area`, apart, so the first
frame (whose filter box is a ``SafeInput``) does not load Textual's ``TextArea`` (~7 ms,
~23 ms where its bytecode is not cached).
"""

from __future__ import annotations

from textual.widgets import Input

from handinger_tui.core.safe_text import for_field

__all__ = ["SafeInput"]


class SafeInput(Input):
    """A one-line ``Input`` whose value never holds a control or bidi character."""

    def validate_value(self, value: str) -> str:
        """Every assignment (constructor, prefill, ``.value = ...``) is cleaned."""
        return for_field(value, multiline=False)

    def replace(self, text: str, start: int, end: int) -> None:
        """Typed and pasted text is cleaned first, so the cursor lands after what is shown."""
        super().replace(for_field(text, multiline=False), start, end)
