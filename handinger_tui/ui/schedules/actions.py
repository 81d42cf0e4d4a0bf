"""The schedules pane's actions: new schedule, cancel the one under the cursor, its details.

Mixed into MainScreen (through ui/screens/row_actions.py). The form and the confirmation
check against the session's clock (frozen in screenshots and tests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from handinger_tui.core import formatting as fmt
from handinger_tui.ui.kit.explorer import NO_DETAILS, NO_ID, UNREADABLE, ExplorerBase
from handinger_tui.ui.schedules.pane import SchedulesPane

if TYPE_CHECKING:
    from handinger_tui.api.models import WorkerSchedule


class ScheduleActions(ExplorerBase):
    """Schedules of the selected worker: create, cancel, details."""

    def _schedule_key(self) -> str | None:
        """The schedule id under the schedules pane's cursor."""
        return self.query_one(SchedulesPane).cursor_key()

    def select_schedule(self, schedule_id: str) -> None:
        """Put the schedules pane's cursor on a schedule of the selected worker."""
        self.query_one(SchedulesPane).select_key(schedule_id)

    def action_create_schedule(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        # The form loads core.operations and the wire models: not before the first frame.
        from handinger_tui.ui.schedules.form import ScheduleFormScreen

        clock = ops.session.coordinator.clock.now  # frozen in screenshots and tests

        def done(schedule: WorkerSchedule | None) -> None:
            if schedule is not None:
                when = fmt.parse_time(schedule.next_run_at)
                now = clock()
                self.notify(
                    f"Scheduled: next run {fmt.local_time(when, now)} ({fmt.relative(when, now)})",
                    markup=False,
                )
                self._changed(wid)

        self.app.push_screen(ScheduleFormScreen(ops, wid, clock=clock), done)

    def action_cancel_schedule(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        schedule_id = self._schedule_key()
        if schedule_id is None:
            self.notify("No schedule under the cursor.", severity="warning", markup=False)
            return
        if schedule_id.startswith(UNREADABLE):
            self.notify(NO_ID.format(what="cancelled"), severity="warning", markup=False)
            return
        # The question and its dialog load when first asked, not before the first frame.
        from handinger_tui.ui.kit.dialogs import ConfirmScreen
        from handinger_tui.ui.schedules.questions import schedule_question

        session = ops.session
        message = schedule_question(
            session.state.schedules(wid),
            schedule_id,
            self._worker_name(wid),
            session.coordinator.clock.now(),
        )
        confirm = ConfirmScreen(
            "Cancel schedule",
            message,
            confirm_label="Cancel schedule",
            cancel_label="Keep schedule",
        )
        self._run_write(
            "Cancelling the schedule",
            confirm,
            lambda: ops.cancel_schedule(wid, schedule_id),
            "Schedule cancelled",
            wid,
        )

    def _schedule_details(self) -> None:
        """Enter on a schedule: its full, copyable details."""
        session = self.session
        wid = None if session is None else session.state.selected
        if session is None or wid is None:
            return
        key = self._schedule_key()
        listed = session.state.schedules(wid)
        found = [] if listed is None else listed.schedules
        schedule = next((s for s in found if key is not None and s.id == key), None)
        if schedule is not None:
            from handinger_tui.ui.schedules.details import schedule_screen  # not first frame

            now = session.coordinator.clock.now()
            self.app.push_screen(schedule_screen(schedule, now, self._copy_shown))
        elif key:
            self.notify(NO_DETAILS, severity="warning", markup=False)

    @on(SchedulesPane.ScheduleChosen)
    def _schedule_chosen(self) -> None:
        """Enter (or a click) on a schedule row."""
        self._schedule_details()
