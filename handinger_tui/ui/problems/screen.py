"""Problems across tracked workers, most severe first; Enter opens the worker's pane."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from handinger_tui.core import formatting as fmt
from handinger_tui.core import news, triage, views
from handinger_tui.core.state import Key
from handinger_tui.core.tone import Tone
from handinger_tui.core.triage import Severity
from handinger_tui.core.views import Row
from handinger_tui.ui.cross_worker import CrossWorkerScreen, Explorer, Target

if TYPE_CHECKING:
    from handinger_tui.core.session import Session

_Kept: TypeAlias = tuple[tuple[triage.Problem, ...], str]  # a worker's problems and name
TONES = {
    Severity.WEBHOOK_FAILING: Tone.ERROR,
    Severity.RUN_FAILED: Tone.ERROR,
    Severity.STUCK: Tone.WARN,
    Severity.OVERDUE: Tone.WARN,
    Severity.NOT_FOUND: Tone.ERROR,
}


def since(when: datetime | None, now: datetime) -> str:
    """'06:10, 7h ago' (the date too when not today); '—' when not known."""
    if when is None:
        return "—"
    local, today = fmt.aware(when).astimezone(), now.astimezone()
    clock = local.strftime("%H:%M" if local.date() == today.date() else "%b %d %H:%M")
    return f"{clock}, {fmt.ago(when, now)}"


class ProblemsScreen(CrossWorkerScreen):
    TITLE_TEXT = "Problems across tracked workers (Enter: go to the worker, Esc: back)"
    EMPTY = "No problems among {checked} checked {noun}."
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("problem", "Problem"),
        ("worker", "Worker"),
        ("since", "Since"),
        ("what", "What"),
        ("detail", "Detail"),
    ]

    def __init__(
        self, main: Explorer, session: Session, *, stuck_after: timedelta = triage.STUCK_AFTER
    ) -> None:
        super().__init__(main, session)
        self.stuck_after = stuck_after
        state, registry = session.state, session.registry
        self._tasks: dict[str, list[Key]] | None = None  # read once a build, if needed

        def derive(wid: str, now: datetime) -> tuple[_Kept, datetime | None]:
            if self._tasks is None:
                self._tasks = triage.task_keys(state)
            tasks = self._tasks.get(wid, ())
            found, changes_at = triage.worker_problems(
                state, wid, now, tasks, stuck_after=self.stuck_after
            )
            name = views.worker_name(state, registry, wid)[0] if found else ""
            return (tuple(found), name), changes_at

        self.kept = news.PerWorker(news.reader(session.coordinator), derive)
        self._found: list[triage.Problem] = []

    def build(self, tracked: list[str], now: datetime) -> list[Row]:
        """Rows from the kept problems: workers with news, or whose problems age, are read
        again."""
        kept = self.kept
        self._tasks = None  # a pass over every resource, only when a worker is read again
        if kept.update(self.session.registry, now):
            self._found = triage.sort_problems((p for w in tracked for p in kept[w][0]), now)
        found = self._found
        self.targets = {p.key: Target(p.worker_id, p.pane) for p in found}
        rows = [
            Row(
                p.key,
                (
                    triage.LABELS[p.severity],
                    kept[p.worker_id][1],
                    since(p.since, now),
                    p.what,
                    p.detail,
                ),
                (TONES[p.severity],),
            )
            for p in found
        ]
        return rows
