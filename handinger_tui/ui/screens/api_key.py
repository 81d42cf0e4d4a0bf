"""Use another API key: re-read the environment and config file, type one (masked), or go
back to the key the session started with (the demo's own key under `--demo`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from handinger_tui.core.safe_text import text as safe
from handinger_tui.core.session import KeyProblem
from handinger_tui.ui.kit.closes_once import OnceModal
from handinger_tui.ui.kit.form_css import FORM_CSS

EXPLAIN = (
    "Leave it empty and press enter to re-read HANDINGER_API_KEY and the config file, "
    "or paste a new key (it is not shown). Polling resumes with it."
)
RESTORE = "ctrl+r (Start key) goes back to the key this session started with."


class ApiKeyScreen(OnceModal[str | None]):
    """Dismissed with where the key came from once `use` (or `restore`, the key the session
    started with, offered when given) accepted it; None on cancel."""

    CSS_PATH = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Use"),
        Binding("ctrl+r", "restore", "Start key"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        use: Callable[[str | None], str],
        reason: str = "",
        restore: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen api-key-screen")
        self._use = use
        self._reason = reason
        self._restore = restore

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -small"):
            yield Static(Text("API key"), classes="dialog-title")
            if self._reason:
                yield Static(safe(self._reason), classes="field-error")
            yield Label(Text(EXPLAIN), classes="field-label")
            if self._restore is not None:
                yield Label(Text(RESTORE), classes="field-label")
            yield Input(password=True, placeholder="empty: re-read", id="api-key-input")
            error = Static(Text(""), id="api-key-error", classes="field-error")
            error.display = False
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Use", id="use", variant="primary")
                if self._restore is not None:
                    yield Button("Start key", id="restore")
                yield Button("Cancel", id="cancel")
            keys = "enter use · ctrl+r start key" if self._restore else "enter use"
            yield Static(Text(f"{keys} · esc cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#api-key-input", Input))

    @on(Input.Submitted)
    @on(Button.Pressed, "#use")
    def action_submit(self) -> None:
        box = self.query_one("#api-key-input", Input)
        self._try(lambda: self._use(box.value or None))

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        if self._restore is not None:
            self._try(self._restore)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+r only when there is a key to go back to."""
        return self._restore is not None if action == "restore" else True

    def _try(self, use: Callable[[], str]) -> None:
        """Dismiss with where the key came from, or say at the field why it was not used."""
        box = self.query_one("#api-key-input", Input)
        error = self.query_one("#api-key-error", Static)
        try:
            source = use()
        except KeyProblem as exc:  # said at the field; what was typed stays
            error.update(safe(str(exc)))
            error.display = True
            self.set_focus(box)
            return
        self.dismiss(source)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
