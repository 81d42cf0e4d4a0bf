"""The track prompt: one worker id or dashboard URL, or many pasted at once.

Textual's ``Input`` keeps only the first line of a paste; here every line is kept, one
space between them, so a column of ids copied from a spreadsheet or a chat lands whole.
What cannot be tracked is said under the field when nothing can be; otherwise the rest
is tracked and the caller reports what was left out (:mod:`core.pasted_workers`).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from handinger_tui.core.pasted_workers import Pasted
from handinger_tui.core.safe_text import text as safe
from handinger_tui.ui.kit.dialogs import PromptScreen
from handinger_tui.ui.kit.safe_fields import SafeInput

__all__ = ["ManyRefsInput", "TrackPromptScreen"]


class ManyRefsInput(SafeInput):
    """A one-line field that keeps every line of a paste, separated by spaces."""

    def _on_paste(self, event: events.Paste) -> None:
        joined = " ".join(event.text.split())
        if joined:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(joined)
            else:
                self.replace(joined, *selection)
        event.stop()
        event.prevent_default()  # Input's own handler would add the first line again


class TrackPromptScreen(PromptScreen):
    """Ask for worker ids or dashboard URLs; refuse only when none can be tracked."""

    def __init__(self, parse: Callable[[str], Pasted]) -> None:
        super().__init__(
            "Track workers",
            "Worker ids or dashboard URLs (paste many at once, one a line)",
            placeholder="t_org_…_w_… or https://handinger.com/worker/…",
            validate=lambda value: _refusal(parse(value)),
        )

    def submit_text(self, text: str) -> None:
        """Submit `text` as if typed (command mode's `track ID`): the same checks apply."""
        self.query_one(ManyRefsInput).value = text
        self.action_submit()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -small"):
            yield Static(safe(self.title_text, one_line=True), classes="dialog-title")
            yield Label(safe(self._label), classes="field-label")
            yield ManyRefsInput(placeholder=self._placeholder, id="prompt-input")
            error = Static(Text(""), id="prompt-error", classes="field-error")
            error.display = False
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Track", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static(Text("enter track · esc cancel"), classes="dialog-keys")


def _refusal(pasted: Pasted) -> str | None:
    """Why nothing in the field can be tracked, or ``None`` when something can."""
    if pasted.ids or pasted.tracked:
        return None
    if not pasted.problems:
        return "Type or paste a worker id or a dashboard URL (https://handinger.com/worker/<id>)."
    return f"Nothing to track: {pasted.summary()}"
