"""What every form shares: fields with counters and errors, a banner, and one careful save.

Every text field is a :class:`SafeInput` or :class:`SafeTextArea` (a FieldBox takes no
other), so no prefilled, typed or pasted control character is ever painted; a field that
holds one says so at once, and saving refuses it.

A form keeps everything typed until it succeeds. Saving checks the fields client-side first
(errors at the fields, nothing sent), then sends in a Textual worker with the Save button
disabled. A failure keeps the form open and says what failed in the banner; when the
outcome is unknown (timeout, dropped connection) the button becomes "Send again anyway"
and only a deliberate press of it sends again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from handinger_tui.api import errors
from handinger_tui.api.errors import HandingerError
from handinger_tui.core.drafts import CONTROL_PROBLEM, FieldErrors, control_problem
from handinger_tui.core.operations import OutcomeUnknown
from handinger_tui.core.safe_text import text as safe
from handinger_tui.ui.kit.closes_once import OnceModal
from handinger_tui.ui.kit.dialogs import ConfirmScreen
from handinger_tui.ui.kit.form_css import FORM_CSS
from handinger_tui.ui.kit.safe_fields import SafeInput
from handinger_tui.ui.kit.safe_text_area import SafeTextArea

log = logging.getLogger("handinger_tui.ui.forms")
PayloadT = TypeVar("PayloadT")
ResultT = TypeVar("ResultT")
SEND_AGAIN = "Send again anyway"
DIALOG_MAX_HEIGHT = 0.95  # as .dialog's max-height in forms.tcss
KEPT = "Nothing typed was lost."
# Wire names in the server's "field: message" errors -> the form's field names.
WIRE_FIELDS = {"outputSchema": "output_schema", "when": "when", "delayInSeconds": "when"}


class FieldBox(Vertical):
    """One labelled field: a head line (label, counter), the input, a hint, its error."""

    def __init__(
        self,
        name: str,
        label: str,
        widget: Widget,
        *,
        limit: int | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(id=f"field-{name}", classes="field")
        if isinstance(widget, Input | TextArea) and not isinstance(
            widget, SafeInput | SafeTextArea
        ):
            raise TypeError(f"field {name!r}: use SafeInput/SafeTextArea, they never paint escapes")
        self.field_name = name
        self.label = label
        self.widget = widget
        self.limit = limit
        self.hint = hint
        self._error = ""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-head"):
            yield Label(Text(self.label), id=f"{self.field_name}-label", classes="field-label")
            yield Static(Text(""), id=f"{self.field_name}-counter", classes="field-counter")
        yield self.widget
        hint = Static(Text(self.hint), id=f"{self.field_name}-hint", classes="field-hint")
        hint.display = bool(self.hint)
        yield hint
        error = Static(Text(""), id=f"{self.field_name}-error", classes="field-error")
        error.display = False
        yield error

    def on_mount(self) -> None:
        self.count()
        self.flag_controls()

    @property
    def multiline(self) -> bool:
        return isinstance(self.widget, TextArea)

    def flag_controls(self) -> None:
        """Say at once when the value holds control characters (shown as ␛ …)."""
        problem = control_problem(self.value(), multiline=self.multiline)
        if problem:
            self.set_error(problem)
        elif self._error.startswith(CONTROL_PROBLEM):  # fixed: that error goes at once
            self.set_error(None)

    def value(self) -> str:
        widget = self.widget
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return ""

    def count(self) -> None:
        """Refresh the "12/200" counter (marked when over the limit)."""
        if self.limit is None:
            return
        used = len(self.value())
        counter = self.query_one(f"#{self.field_name}-counter", Static)
        counter.update(Text(f"{used}/{self.limit}"))
        counter.set_class(used > self.limit, "-over")

    def set_hint(self, hint: str | Text) -> None:
        static = self.query_one(f"#{self.field_name}-hint", Static)
        static.update(hint if isinstance(hint, Text) else Text(hint))
        static.display = bool(str(hint))

    def set_label(self, label: str) -> None:
        self.query_one(f"#{self.field_name}-label", Label).update(Text(label))

    def set_error(self, message: str | None) -> None:
        error = self.query_one(f"#{self.field_name}-error", Static)
        error.update(safe(message or ""))
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")
        self._error = message or ""

    def reveal(self) -> None:
        """Scroll the field into view, its error message included."""
        self.scroll_visible(animate=False, immediate=True)
        error = self.query_one(f"#{self.field_name}-error", Static)
        error.scroll_visible(animate=False, immediate=True)


class FormScreen(OnceModal[ResultT | None], Generic[PayloadT, ResultT]):
    """A modal form: `fields()` to compose, `collect()` to check, `submit()` to send."""

    CSS_PATH: ClassVar[list[str | PurePath]] = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),  # not priority: keys typed before it land first
        Binding("escape", "cancel", "Cancel"),
        # Priority: the focus moves when tab is read, so the keys after it (a fast typist,
        # a paste where bracketed paste is off) land in the next field, not this one.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        # The app's "q" quits; from a form (focus on a button or a radio set) that would
        # throw away what was typed. Letters still reach the focused input first.
        Binding("q", "hold_quit", show=False),
    ]
    TITLE_TEXT = "Form"
    SAVE_LABEL = "Save"
    KEYS_HINT = "ctrl+s save · esc cancel · tab next field"

    def __init__(self, *, title: str | None = None, error: str | None = None) -> None:
        super().__init__(classes="form-screen")
        self.title_text = title or self.TITLE_TEXT
        self.initial_error = error
        self.sending = False
        self.outcome_unknown = False
        self._initial: dict[str, str] = {}

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            banner = Static(Text(""), id="banner", classes="banner")
            banner.display = False
            yield banner
            with VerticalScroll(classes="dialog-body"):
                yield from self.fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.SAVE_LABEL, id="save", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static(Text(self.KEYS_HINT), classes="dialog-keys")

    def fields(self) -> ComposeResult:
        """The form's FieldBoxes (and anything between them)."""
        yield from ()

    def on_mount(self) -> None:
        if self.initial_error:
            self.show_banner(self.initial_error)
        self._initial = self.snapshot()
        boxes = list(self.query(FieldBox))
        if boxes:
            self.set_focus(boxes[0].widget)
        self.call_after_refresh(self.fit_body)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_body)

    def fit_body(self) -> None:
        """Let the body scroll so the title, banner and buttons always fit on screen.

        The dialog is as tall as its content up to 95% of the screen; CSS cannot say
        "the rest of a height:auto parent", so the body's max-height is set here.
        """
        dialog = self.query_one(".dialog", Vertical)
        body = self.query_one(".dialog-body", VerticalScroll)
        chrome = dialog.styles.gutter.height
        for child in dialog.children:
            if child is not body and child.display:
                margin = child.styles.margin
                chrome += child.outer_size.height + margin.top + margin.bottom
        limit = max(3, int(self.size.height * DIALOG_MAX_HEIGHT) - chrome)
        if body.styles.max_height is None or body.styles.max_height.value != limit:
            body.styles.max_height = limit

    # -- fields --------------------------------------------------------------------------

    def box(self, name: str) -> FieldBox:
        return self.query_one(f"#field-{name}", FieldBox)

    def snapshot(self) -> dict[str, str]:
        """Every field's text, to tell whether anything was typed."""
        return {box.field_name: box.value() for box in self.query(FieldBox)}

    @property
    def dirty(self) -> bool:
        return self.snapshot() != self._initial

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        for node in event.control.ancestors:
            if isinstance(node, FieldBox):
                node.count()
                node.flag_controls()
                self.field_changed(node.field_name)
                break

    def field_changed(self, name: str) -> None:
        """Hook: a field's text changed (previews)."""

    def show_banner(self, message: str | Text | None) -> None:
        banner = self.query_one("#banner", Static)
        if isinstance(message, Text):
            banner.update(message)
        else:
            banner.update(safe(message or ""))
        banner.display = bool(message)
        self.call_after_refresh(self.fit_body)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field; the first bad field gets the focus."""
        boxes = {box.field_name: box for box in self.query(FieldBox)}
        stray = [f"{name}: {msg}" for name, msg in errors.items() if name not in boxes]
        first: FieldBox | None = None
        for name, box in boxes.items():
            box.set_error(errors.get(name))
            if name in errors and first is None:
                first = box
        count = len(errors)
        summary = f"Fix {count} field{'s' if count != 1 else ''} before saving; nothing was sent."
        self.show_banner("\n".join([summary, *stray]))
        if first is not None:
            self.set_focus(first.widget, scroll_visible=False)
            self.call_after_refresh(self._reveal, first)

    def _reveal(self, box: FieldBox) -> None:
        """Scroll a field in error into view, its message included, once laid out."""
        self.fit_body()  # the banner just took some of the height
        self.call_after_refresh(box.reveal)

    def clear_errors(self) -> None:
        for box in self.query(FieldBox):
            box.set_error(None)
        self.show_banner(None)

    # -- save ----------------------------------------------------------------------------

    def collect(self) -> PayloadT:
        """Check the fields client-side; return what `submit` needs or raise FieldErrors."""
        raise NotImplementedError

    async def submit(self, payload: PayloadT) -> ResultT | None:
        """Send it; return the screen's result. Client errors propagate."""
        raise NotImplementedError

    def finished(self, result: ResultT | None) -> None:
        """Hook: the send succeeded with `result`."""
        self.dismiss(result)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.start_save(deliberate=True)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        self.start_save(deliberate=False)

    def start_save(self, *, deliberate: bool) -> None:
        if self.sending:
            return
        if self.outcome_unknown and not deliberate:
            # Focus stays where it is: a reflex Enter must never become the second send.
            self.notify(
                f"The last send may have gone through. Check first; only “{SEND_AGAIN}” "
                "(click it, or tab to it and press Enter) sends it again.",
                severity="warning",
                markup=False,
            )
            return
        try:
            payload = self.collect()
        except FieldErrors as exc:
            self.show_errors(exc.errors)
            return
        self.clear_errors()
        self.set_sending(True)
        self._send(payload)

    def set_sending(self, sending: bool) -> None:
        self.sending = sending
        button = self.query_one("#save", Button)
        button.disabled = sending
        if sending:
            button.label = "Saving…" if self.SAVE_LABEL == "Save" else f"{self.SAVE_LABEL}…"
        else:
            button.label = SEND_AGAIN if self.outcome_unknown else self.SAVE_LABEL
        button.variant = "warning" if self.outcome_unknown and not sending else "primary"

    @work(exclusive=True, group="form-save", exit_on_error=False)
    async def _send(self, payload: PayloadT) -> None:
        try:
            result = await self.submit(payload)
        except OutcomeUnknown as exc:
            self.outcome_unknown = True
            self.show_banner(f"{exc.message or exc} {KEPT}")
        except FieldErrors as exc:
            self.show_errors(exc.errors)
        except HandingerError as exc:
            unknown = isinstance(exc, errors.APIError) and exc.outcome_unknown
            self.outcome_unknown = self.outcome_unknown or unknown
            self.show_banner(describe_failure(exc))
            self.show_server_field(exc)
        except Exception as exc:  # a bug must not lose the form
            log.exception("saving a form failed")
            self.show_banner(f"Could not save: unexpected error ({type(exc).__name__}). {KEPT}")
        else:
            self.outcome_unknown = False
            self.set_sending(False)
            self.finished(result)
            return
        self.set_sending(False)

    def show_server_field(self, exc: HandingerError) -> None:
        """A 422 naming a field ("title: must be ...") is also shown at that field."""
        message = exc.server_message if isinstance(exc, errors.APIError) else None
        if not message:
            return
        match = re.match(r"^([A-Za-z_.]+):\s*(.+)$", message)
        if match is None:
            return
        wire = match.group(1).split(".")[0]
        name = WIRE_FIELDS.get(wire, wire)
        if self.query(f"#field-{name}"):
            self.box(name).set_error(f"The server said: {match.group(2)}")

    def action_hold_quit(self) -> None:
        self.notify("Close this form first (esc), then quit.", markup=False)

    # -- cancel --------------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Close; when something was typed, ask first (nothing typed is lost by accident)."""
        if not self.dirty:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard this form?",
                "What you typed here will be lost.",
                confirm_label="Discard",
            ),
            decided,
        )


def describe_failure(exc: HandingerError) -> str:
    """The banner for a failed send: what failed and what to do; the input is kept."""
    base = str(exc)
    if isinstance(exc, errors.InvalidRequestError):
        said = exc.server_message or "the request was rejected"
        return f"The server refused it: {said}. Correct it and save again. {KEPT}"
    if isinstance(exc, errors.AuthenticationError):
        return f"{base} (The API key was refused.) {KEPT}"
    if isinstance(exc, errors.ServerError | errors.NetworkError):
        return f"{base} {KEPT} Press ctrl+s to try again."
    return f"{base} {KEPT}"
