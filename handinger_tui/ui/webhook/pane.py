"""The webhook pane: URL, token (masked until revealed), paginated delivery log.

The pager line names the page on screen and the one being loaded ("page 7 of 2,000 →
going to 12…"); the rows of the last page that answered stay until the next one answers.

A revealed token is shown for :attr:`WebhookPanel.REVEAL_SECONDS`, then the panel posts
:class:`WebhookPanel.RevealExpired` so the screen masks it again. When the latest
deliveries failed, a line says since when ("✘ failing since 06:10 · 3 deliveries in a row").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Static

from handinger_tui.core.safe_text import mask_secret, one_line
from handinger_tui.core.tone import Tone
from handinger_tui.core.views import Row, secret_value
from handinger_tui.ui.actions import BY_ID, keys_shown
from handinger_tui.ui.kit import column_fit, quiet
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.kit.pane import Pane
from handinger_tui.ui.tones import tone_styles

if TYPE_CHECKING:  # annotations only: no pydantic before the first frame
    from handinger_tui.api.models import Webhook

EXECUTION_COLUMNS = [
    ("time", "Time"),
    ("result", "Result"),
    ("http", "HTTP"),
    ("duration", "Duration"),
    ("task", "Task"),
    ("error", "Error"),
]
# Left out when the pane is too narrow for the rest, the least useful first (the result
# says what the HTTP status would; the error says why a delivery failed).
EXECUTION_DROPPING = ("duration", "task", "http")


class WebhookPanel(Vertical):
    """Shows a Webhook and one page of executions; the screen feeds it."""

    REVEAL_SECONDS: ClassVar[float] = 20.0
    # The "failing since" line keeps the margin of the lines around it (main.tcss styles
    # `#webhook-info` and `#webhook-pager` alike).
    DEFAULT_CSS = """
    WebhookPanel #webhook-failing { height: auto; padding: 0 1; }
    """

    class RevealExpired(Message):
        """The token has been shown long enough: the screen should mask it again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hide_timer: Timer | None = None
        self._failing: tuple[str, str] | None = None  # (note, theme) shown

    def compose(self) -> ComposeResult:
        yield Static(Text("…"), id="webhook-info")
        yield Static(Text(""), id="webhook-failing")
        yield KeyedTable(EXECUTION_COLUMNS, id="executions")
        yield Static(Text(""), id="webhook-pager")

    @property
    def table(self) -> KeyedTable:
        """The deliveries (DOM id `#executions`)."""
        return self.query_one("#executions", KeyedTable)

    def show_webhook(
        self, webhook: Webhook | None, *, revealed: bool, loaded: bool, error: str | None
    ) -> None:
        info = Text()
        showing = False
        if not loaded and error:
            info.append(f"Could not load the webhook yet: {error}")
        elif not loaded:
            info.append("Webhook: loading…")
        elif webhook is None or webhook.url is None:
            info.append("No webhook configured for this worker.")
        else:
            info.append("URL    ", style="bold")
            info.append(one_line(webhook.url, 300))
            info.append("\nToken  ", style="bold")
            token = secret_value(webhook.token)
            showing = revealed and bool(token)
            if revealed:
                info.append(one_line(token or "—", 200))
                info.append(
                    f"  ({self._key('webhook.reveal_token')} hides;"
                    f" hides itself after {self.REVEAL_SECONDS:g}s)",
                    style="dim",
                )
            else:
                info.append(mask_secret(token))
                info.append(f"  ({self._key('webhook.reveal_token')} reveals)", style="dim")
        self._arm_hide(showing)
        quiet.show(self.query_one("#webhook-info", Static), info)

    def _key(self, action_id: str) -> str:
        """The key of an action as the footer shows it (after the user's keymap)."""
        return keys_shown(self.app, BY_ID[action_id])

    def _arm_hide(self, showing: bool) -> None:
        """Start the hide countdown when a token appears; stop it when it is masked."""
        if showing and self._hide_timer is None:
            self._hide_timer = self.set_timer(self.REVEAL_SECONDS, self._expire)
        elif not showing and self._hide_timer is not None:
            self._hide_timer.stop()
            self._hide_timer = None

    def _expire(self) -> None:
        self._hide_timer = None
        self.post_message(self.RevealExpired())

    def _show_table(self, shown: bool) -> None:
        """Show or hide the deliveries; the pane keeps a focus either way.

        Without deliveries the table is hidden and the panel itself takes the focus, so the
        pane's keys stay on (a form or dialog closing gives the focus back to it, not to
        the worker list); the focus passes between the two as the table comes and goes.
        """
        table = self.table
        if table.display == shown and self.can_focus is not shown:
            return
        focused = table.has_focus or self.has_focus
        self.can_focus = not shown
        table.display = shown
        if focused:
            self.focus_target.focus()

    @property
    def focus_target(self) -> Widget:
        """The deliveries when there are any, else the panel."""
        return self.table if self.table.display else self

    def show_failing(self, note: str) -> None:
        """The "failing since" line (cleaned by core), in the error colour; hidden when ''."""
        if self._failing == (note, self.app.theme):
            return  # every tick asks; reading the theme's colours costs a millisecond or two
        self._failing = (note, self.app.theme)
        line = self.query_one("#webhook-failing", Static)
        style = tone_styles(self.app).get(Tone.ERROR)  # (quiet.show: Text's == ignores style)
        line.update(Text(note) if style is None else Text(note, style=style))
        line.display = bool(note)

    def show_executions(
        self, rows: list[Row], pager: str, page: int, pages: int, *, hidden: int = 0
    ) -> None:
        """One page of deliveries; ``hidden`` successful ones are left out (errors only).

        ``page`` is the page the operator asked for (the rows may still be the last page
        that answered: ``pager`` says so), ``pages`` the last count known.
        """
        table = self.table
        table.sync(rows)
        self._show_table(bool(rows) or page > 1 or hidden > 0)
        hints = [
            h
            for h, ok in (
                (f"{self._key('webhook.prev_page')} prev", page > 1),
                (f"{self._key('webhook.next_page')} next", page < pages),
                (
                    f"{self._key('webhook.first_page')} {self._key('webhook.last_page')}"
                    " first/last",
                    pages > 2,
                ),
                (f"{self._key('webhook.goto_page')} go to page", pages > 2),
            )
            if ok
        ]
        text = pager + ("   " + " · ".join(hints) if hints and pager else "")
        if hidden:
            noun = "success" if hidden == 1 else "successes"
            text = f"errors only: {hidden} {noun} hidden on this page · " + text
        if pager and not rows and page == 1 and not hidden:
            text = "No deliveries recorded."
        quiet.show(self.query_one("#webhook-pager", Static), Text(text))


class WebhookPane(Pane):
    """The Webhook pane around :class:`WebhookPanel` (DOM id `#webhook-panel`)."""

    TITLE = "Webhook"

    class DeliveryChosen(Message):
        """Enter (or a click) on a delivery row: the screen shows its details."""

    def compose(self) -> ComposeResult:
        if self.has_class("-held"):  # composed after the first frame (MainScreen)
            return
        yield WebhookPanel(id="webhook-panel")

    @on(DataTable.RowSelected, "#executions")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.DeliveryChosen())

    @property
    def panel(self) -> WebhookPanel:
        return self.query_one(WebhookPanel)

    @property
    def focus_target(self) -> Widget:
        return self.panel.focus_target

    def cursor_key(self) -> str | None:
        """The delivery id under the cursor."""
        return self.panel.table.cursor_key

    def fit(self) -> None:
        """Tasks and errors narrow, then the least useful columns are left out, so the pane
        never scrolls sideways."""
        column_fit.fit(
            self.panel.table, ["task", "error"], shrink=True, dropping=EXECUTION_DROPPING
        )
