"""The status line: where we are connected, whether it answers, the last error in words."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from handinger_tui.core import formatting as fmt
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.state import Connection
from handinger_tui.ui.widgets import quiet

KEY_HELP = (
    "Polling stopped. Set HANDINGER_API_KEY, or pass --api-key-file (or --api-key), or put "
    'api_key under [api] in the config file; then ctrl+p "API key" (K) re-reads it, or '
    "type a new key there."
)


def status_text(
    target: str, connection: Connection, in_flight: int, now: datetime, note: str = ""
) -> Text:
    """What the status line shows; each kind of trouble in its own words."""
    text = Text()
    if connection.halted:
        text.append("✘ API key refused", style="bold red")
    elif connection.ok is None:
        text.append("◌ connecting", style="bold")
    elif connection.ok:
        text.append("● connected", style="bold green")
    else:
        text.append(f"✘ {connection.problem or 'errors'}", style="bold red")
        if connection.outage:
            text.append(" (polling slowed)", style="red")
    text.append(f"  {one_line(target, 80)}")
    if note:
        text.append(f"  {note}", style="bold")
    if in_flight:
        text.append(f"  ⟳ {in_flight}")
    if connection.halted:
        text.append(f"  {KEY_HELP}", style="bold")
    elif connection.last_error and connection.last_error_at:
        ago = fmt.relative(connection.last_error_at, now)
        text.append("  last error ", style="dim")
        text.append(f"{ago}: ", style="dim")
        text.append(one_line(connection.last_error, 160))
    return text


class StatusLine(Static):
    _halted = False

    def show(
        self, target: str, connection: Connection, in_flight: int, now: datetime, note: str = ""
    ) -> None:
        if connection.halted != self._halted:
            self._halted = connection.halted
            self.styles.height = "auto" if connection.halted else 1  # the fix must be readable
            if connection.halted:
                self.notify(
                    f"The API key was refused. {KEY_HELP}",
                    title="API key refused",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
        quiet.show(self, status_text(target, connection, in_flight, now, note))
