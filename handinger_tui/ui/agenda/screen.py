"""Every schedule of every tracked worker by next run: next hour, today, later."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from handinger_tui.core import formatting as fmt
from handinger_tui.core import news, triage, views
from handinger_tui.core.tone import Tone
from handinger_tui.core.views import OVERDUE_GRACE, Row
from handinger_tui.ui.cross_worker import CrossWorkerScreen, Explorer, Target

if TYPE_CHECKING:
    from handinger_tui.core.session import Session

HEADING = "group:"
_Kept: TypeAlias = tuple[tuple[triage.AgendaItem, ...], str]  # a worker's items and name


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

    def __init__(self, main: Explorer, session: Session) -> None:
        super().__init__(main, session)
        state, registry = session.state, session.registry

        def derive(wid: str, _now: datetime) -> tuple[_Kept, datetime | None]:
            return (
                triage.worker_agenda(state, wid),
                views.worker_name(state, registry, wid)[0],
            ), None

        self.kept = news.PerWorker(news.reader(session.coordinator), derive)
        self._ordered: list[triage.AgendaItem] = []

    def build(self, tracked: list[str], now: datetime) -> list[Row]:
        """Rows from the kept items: only workers with news are read again."""
        kept = self.kept
        if kept.update(self.session.registry, now):
            self._ordered = triage.by_next_run(item for w in tracked for item in kept[w][0])
        groups = triage.group_agenda(self._ordered, now)
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
                            kept[item.worker_id][1],
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
