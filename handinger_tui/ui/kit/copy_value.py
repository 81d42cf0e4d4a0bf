"""Say how a copy went: a short note (what was copied, how) for a toast, or, when no
clipboard route confirmed it, the value whole in a dialog, for selection by hand."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from handinger_tui.core.clipboard import CopyResult
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.safe_text import text as safe
from handinger_tui.ui.kit.closes_once import OnceModal
from handinger_tui.ui.kit.form_css import FORM_CSS

SELECT_HINT = (
    "Select it with the mouse (hold Shift, or Option on macOS, if the app takes the "
    "mouse), then copy it with your terminal."
)


def copy_note(result: CopyResult, label: str) -> str:
    """What was copied and how, in a line or two: a toast this short never covers a dialog
    opened right after it (at 80x24 the whole message took eight lines). A failure keeps
    the whole message: it says why."""
    what = one_line(label, 40) or "value"
    if result.route == "tmux":
        if result.reach:  # how far it went says more than the paste key
            return f"Copied the {what} into tmux's paste buffer; {result.reach}."
        return f"Copied the {what} into tmux's paste buffer (prefix ] pastes it)."
    if result.route == "pyperclip":
        return f"Copied the {what} to the system clipboard."
    if result.route == "osc52":
        return f"Sent the {what} to your terminal (OSC 52; not confirmed)."
    return result.message


class CopyValueScreen(OnceModal[None]):
    """The whole value, wrapped (never cut), and why it is shown; enter/escape close.

    Only for values that are not secret: a secret is never shown here.
    """

    CSS_PATH = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Close", show=False),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, label: str, value: str, reason: str) -> None:
        super().__init__(classes="dialog-screen copy-value-screen")
        self.title_text = f"Copy the {label} by hand"
        self._value = value
        self._reason = reason

    def __repr__(self) -> str:
        return f"CopyValueScreen(title={self.title_text!r})"

    def compose(self) -> ComposeResult:
        shown = safe(self._value)
        shown.overflow = "fold"  # a long id or URL wraps; nothing is cut off
        with Vertical(classes="dialog"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            yield Static(safe(self._reason), id="copy-reason", classes="dialog-message")
            yield Static(shown, id="copy-value", classes="secret-value")
            yield Static(Text(SELECT_HINT), classes="field-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close", variant="primary")
            yield Static(Text("enter/esc close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#close", Button))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
