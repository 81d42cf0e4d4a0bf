"""The status line: where we are connected, whether it answers, the last error in words."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from handinger_tui.core import formatting as fmt
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.state import Connection
from handinger_tui.ui.widgets import quiet


class StatusLine(Static):
    def show(
        self, target: str, connection: Connection, in_flight: int, now: datetime, note: str = ""
    ) -> None:
        text = Text()
        if connection.ok is None:
            text.append("◌ connecting", style="bold")
        elif connection.ok:
            text.append("● connected", style="bold green")
        else:
            text.append(f"✘ {connection.problem or 'errors'}", style="bold red")
        text.append(f"  {one_line(target, 80)}")
        if note:
            text.append(f"  {note}", style="bold")
        if in_flight:
            text.append(f"  ⟳ {in_flight}")
        if connection.last_error and connection.last_error_at:
            ago = fmt.relative(connection.last_error_at, now)
            text.append("  last error ", style="dim")
            text.append(f"{ago}: ", style="dim")
            text.append(one_line(connection.last_error, 160))
        quiet.show(self, text)
