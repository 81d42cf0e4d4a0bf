"""The webhook pane: URL, token (masked until revealed), paginated delivery log."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from handinger_tui.core.safe_text import mask_secret, one_line
from handinger_tui.core.views import Row, secret_value
from handinger_tui.ui.widgets import quiet
from handinger_tui.ui.widgets.keyed_table import KeyedTable

EXECUTION_COLUMNS = [
    ("time", "Time"),
    ("result", "Result"),
    ("http", "HTTP"),
    ("duration", "Duration"),
    ("task", "Task"),
    ("error", "Error"),
]


class WebhookPanel(Vertical):
    """Shows a Webhook and one page of executions; the screen feeds it."""

    def compose(self) -> ComposeResult:
        yield Static(Text("…"), id="webhook-info")
        yield KeyedTable(EXECUTION_COLUMNS, id="executions")
        yield Static(Text(""), id="webhook-pager")

    def show_webhook(
        self, webhook: Any, *, revealed: bool, loaded: bool, error: str | None
    ) -> None:
        info = Text()
        if not loaded and error:
            info.append(f"Could not load the webhook yet: {error}")
        elif not loaded:
            info.append("Webhook: loading…")
        elif webhook is None or getattr(webhook, "url", None) is None:
            info.append("No webhook configured for this worker.")
        else:
            info.append("URL    ", style="bold")
            info.append(one_line(webhook.url, 300))
            info.append("\nToken  ", style="bold")
            token = secret_value(getattr(webhook, "token", None))
            if revealed:
                info.append(one_line(token or "—", 200))
                info.append("  (t hides)", style="dim")
            else:
                info.append(mask_secret(token))
                info.append("  (t reveals)", style="dim")
        quiet.show(self.query_one("#webhook-info", Static), info)

    def show_executions(self, rows: list[Row], pager: str, page: int, pages: int) -> None:
        table = self.query_one("#executions", KeyedTable)
        table.sync(rows)
        table.display = bool(rows) or page > 1
        hints = [h for h, ok in (("[ prev", page > 1), ("] next", page < pages)) if ok]
        text = pager + ("   " + " · ".join(hints) if hints and pager else "")
        if pager and not rows and page == 1:
            text = "No deliveries recorded."
        quiet.show(self.query_one("#webhook-pager", Static), Text(text))
