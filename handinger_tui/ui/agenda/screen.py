"""Every schedule of every tracked worker by next run: next hour, today, later."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from handinger_tui.core import formatting as fmt
from handinger_tui.core import triage
from handinger_tui.core.tone import Tone
from handinger_tui.core.views import OVERDUE_GRACE, Row
from handinger_tui.ui.cross_worker import CrossWorkerScreen, Target

HEADING = "group:"


class AgendaScreen(CrossWorkerScreen):
    TITLE_TEXT = "Agenda: every schedule by next run (Enter: go to the schedule, Esc: back)"
    EMPTY = "No schedules among {checked} checked {noun}."
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("next", "Next run"),
        ("in", "In"),
        ("worker", "Worker"),
        ("kind", "Kind"),
        ("when", "When"),
        ("about", "Cron in words"),
        ("budget", "Budget"),
        ("input", "Input"),
    ]

    def build(self, tracked: list[str], now: datetime) -> list[Row]:
        state = self.session.state
        groups = triage.agenda(state, tracked, now)
        ids = [item.worker_id for group in groups for item in group.items]
        names = triage.names(state, self.session.registry, ids)
        rows: list[Row] = []
        self.targets = {}
        for group in groups:
            count = len(group.items)
            title = f"── {group.title} ({count}) "
            rows.append(Row(HEADING + group.title, (title, "", "", "", "", "", "", "")))
            for item in group.items:
                late = item.next_run is not None and (
                    (now - fmt.aware(item.next_run)).total_seconds() > OVERDUE_GRACE
                )
                rows.append(
                    Row(
                        item.key,
                        (
                            fmt.local_time(item.next_run, now),
                            fmt.relative(item.next_run, now),
                            names[item.worker_id],
                            item.kind,
                            item.when,
                            item.about,
                            item.budget,
                            item.input,
                        ),
                        (Tone.NEUTRAL, Tone.WARN if late else Tone.NEUTRAL),
                    )
                )
                self.targets[item.key] = Target(item.worker_id, "schedules", item.schedule_id)
        return rows
