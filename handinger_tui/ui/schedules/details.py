"""Enter on a schedule: kind, when (cron in words, UTC), next runs, budget, input, id."""

from __future__ import annotations

from datetime import datetime

from handinger_tui.api.on_use import models  # pydantic loads after the first frame
from handinger_tui.core.row_details import schedule_fields
from handinger_tui.ui.kit.row_details import Copy, RowDetailsScreen


def schedule_screen(schedule: models.WorkerSchedule, now: datetime, copy: Copy) -> RowDetailsScreen:
    """The details of one schedule; `i` copies the schedule id."""
    return RowDetailsScreen(
        "Schedule",
        schedule_fields(schedule, now),
        id_label="schedule id",
        row_id=schedule.id or "",
        copy=copy,
    )
