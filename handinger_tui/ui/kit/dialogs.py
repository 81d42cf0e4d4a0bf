"""Small modal dialogs: confirm an action, ask for one value, show a secret once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from handinger_tui.core.safe_text import text as safe
from handinger_tui.ui.kit.closes_once import OnceModal
from handinger_tui.ui.kit.form_css import FORM_CSS
from handinger_tui.ui.kit.safe_fields import SafeInput


def _as_text(message: str | Text) -> Text:
    """Untrusted text stays literal: a str is cleaned and never parsed as markup."""
    return message.copy() if isinstance(message, Text) else safe(message)


class ConfirmScreen(OnceModal[bool]):
    """Yes or no; the message names the thing. y or the confirm button confirm.

    The cancel button has the focus, so Enter alone (a key pressed once too often) never
    confirms; n and escape cancel.
    """

    CSS_PATH = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        message: str | Text,
        *,
        confirm_label: str = "Confirm",
        cancel_label: str = "Cancel",
        danger: bool = True,
    ) -> None:
        super().__init__(classes="dialog-screen confirm-screen")
        self.title_text = title
        self._message = message
        self._confirm_label = confirm_label
        self._cancel_label = cancel_label
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -small"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            yield Static(_as_text(self._message), id="confirm-message", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self._confirm_label} (y)",
                    id="confirm",
                    variant="error" if self._danger else "primary",
                )
                yield Button(f"{self._cancel_label} (n)", id="cancel")
            keys = f"y {self._confirm_label.lower()} · n/esc {self._cancel_label.lower()}"
            yield Static(Text(keys), classes="dialog-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#cancel", Button))

    @on(Button.Pressed, "#confirm")
    def _confirmed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PromptScreen(OnceModal[str | None]):
    """Ask for one value; `validate` returns an error shown under the input (input kept)."""

    CSS_PATH = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "OK"),  # not priority: keys typed before it land first
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        label: str,
        *,
        placeholder: str = "",
        value: str = "",
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen prompt-screen")
        self.title_text = title
        self._label = label
        self._placeholder = placeholder
        self._value = value
        self._validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -small"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            yield Label(safe(self._label), classes="field-label")
            yield SafeInput(value=self._value, placeholder=self._placeholder, id="prompt-input")
            error = Static(Text(""), id="prompt-error", classes="field-error")
            error.display = False
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static(Text("enter ok · esc cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#prompt-input", Input))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        value = self.query_one("#prompt-input", Input).value
        problem = self._validate(value) if self._validate is not None else None
        error = self.query_one("#prompt-error", Static)
        error.update(safe(problem or ""))
        error.display = bool(problem)
        if problem:
            self.set_focus(self.query_one("#prompt-input", Input))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class SecretScreen(OnceModal[None]):
    """Show a secret once (e.g. a new webhook token); `c` copies it, enter/escape close.

    The secret is shown only here: never in a notification or a log line.
    """

    CSS_PATH = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy"),
        Binding("enter", "close", "Close", show=False),
        Binding("escape", "close", "Close"),
    ]

    def __init__(
        self,
        title: str,
        label: str,
        secret: str,
        *,
        copy: Callable[[str], Awaitable[str]] | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen secret-screen")
        self.title_text = title
        self._label = label
        self._secret = secret
        self._copy = copy

    def __repr__(self) -> str:
        return f"SecretScreen(title={self.title_text!r})"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -small"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            yield Label(safe(self._label), classes="field-label")
            yield Static(safe(self._secret), id="secret-value", classes="secret-value")
            yield Static(
                Text("It is shown only this once: copy it now."),
                classes="field-hint",
            )
            copied = Static(Text(""), id="secret-copied", classes="field-hint")
            copied.display = False
            yield copied
            with Horizontal(classes="dialog-buttons"):
                if self._copy is not None:
                    yield Button("Copy (c)", id="copy", variant="primary")
                yield Button("Close", id="close")
            keys = "c copy · enter/esc close" if self._copy is not None else "enter/esc close"
            yield Static(Text(keys), classes="dialog-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#close", Button))

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        if self._copy is not None:
            self._run_copy()

    @work(exclusive=True, group="secret-copy", exit_on_error=False)
    async def _run_copy(self) -> None:
        assert self._copy is not None
        try:
            message = await self._copy(self._secret)
        except Exception as exc:  # copying must never crash the dialog
            message = f"Could not copy: {type(exc).__name__}. Select the value by hand."
        if self._secret and len(self._secret) >= 4:
            message = message.replace(self._secret, "********")
        copied = self.query_one("#secret-copied", Static)
        copied.update(safe(message))
        copied.display = True

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
