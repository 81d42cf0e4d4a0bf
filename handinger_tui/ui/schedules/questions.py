"""What a confirmation says about the thing it is about to change, in plain cleaned text."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from handinger_tui.core import formatting as fmt
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.views import schedule_about, schedule_when

if TYPE_CHECKING:  # annotations only: no pydantic before the first frame
    from handinger_tui.api.models import ScheduleList


def schedule_question(
    listed: ScheduleList | None, schedule_id: str, worker: str, now: datetime
) -> Text:
    """Cancel which schedule: its kind, when (cron in UTC), next run and input, then its id."""
    schedules = listed.schedules if listed is not None else []
    found = next((s for s in schedules if s.id == schedule_id), None)
    message = Text.assemble("Cancel this schedule of ", (worker, "bold"), "?\n")
    if found is not None:
        when = schedule_when(found)
        if found.type == "cron":
            about = schedule_about(found)
            when = f"{when} (UTC)" + (f" · {about}" if about else "")
        nxt = fmt.parse_time(found.next_run_at)
        rows = [
            ("Kind", one_line(found.type or "?", 20)),
            ("When", when),
            ("Next", f"{fmt.local_time(nxt, now)} ({fmt.relative(nxt, now)})"),
            ("Input", one_line(found.input if isinstance(found.input, str) else "", 200)),
        ]
        for label, value in rows:
            message.append(f"\n  {label:<6}", style="dim")
            message.append(value or "—")
        message.append("\n")
    message.append(f"\n  {'Id':<6}", style="dim")
    message.append(one_line(schedule_id, 80))
    message.append("\n\nIt will not run again; past runs stay.")
    return message
