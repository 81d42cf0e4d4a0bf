"""The worker list's sort and the detail screens of the schedule and webhook panes.

Mixed into MainScreen: sort by any column (the same one again reverses), errors-only
deliveries, and Enter on a delivery or a schedule for its full, copyable details.
"""

from __future__ import annotations

from handinger_tui.api.models import WebhookExecutionList
from handinger_tui.core import health
from handinger_tui.ui.kit.copy_value import CopyValueScreen
from handinger_tui.ui.schedules.details import schedule_screen
from handinger_tui.ui.schedules.pane import SchedulesPane
from handinger_tui.ui.screens.operator_actions import OperatorActions
from handinger_tui.ui.webhook.delivery import delivery_screen
from handinger_tui.ui.webhook.pane import WebhookPane

NO_DETAILS = "That row came from the server without an id: its row shows all that was read."


class ListActions(OperatorActions):
    """Sorting the worker list, errors only, row details."""

    sort_mode: str = "status"
    sort_descending: bool = False
    errors_only: bool = False
    active_pane: str = "workers"

    def refresh_all(self) -> None:
        raise NotImplementedError

    def _render_selected(self) -> None:
        raise NotImplementedError

    def _render_freshness(self) -> None:
        raise NotImplementedError

    def shown_executions(self, wid: str) -> WebhookExecutionList | None:
        """The page of deliveries whose rows are on screen (see ui/webhook/paging.py)."""
        raise NotImplementedError

    def action_sort_by(self, mode: str) -> None:
        """Sort by one column (or problems first); the same one again reverses the order."""
        if mode not in health.SORT_MODES:
            return
        self.sort_descending = mode == self.sort_mode and not self.sort_descending
        self.sort_mode = mode
        label = health.sort_label(mode, self.sort_descending)
        self.notify(label, timeout=2, markup=False)
        self.refresh_all()

    def action_toggle_errors_only(self) -> None:
        """The webhook pane shows only the failed deliveries of its page, or all again."""
        self.errors_only = not self.errors_only
        shown = "only failed deliveries" if self.errors_only else "every delivery"
        self.notify(f"Webhook pane: {shown}", timeout=2, markup=False)
        self._render_selected()
        self._render_freshness()

    def action_row_details(self) -> None:
        """Enter: the details of the delivery or schedule under the cursor."""
        session = self.session
        wid = None if session is None else session.state.selected
        if session is None or wid is None:
            return
        now = session.coordinator.clock.now()
        if self.active_pane == "webhook":
            key = self.query_one(WebhookPane).cursor_key()
            value = self.shown_executions(wid)
            logs = [] if value is None else value.logs
            delivery = next((e for e in logs if key is not None and e.id == key), None)
            if delivery is not None:
                self.app.push_screen(delivery_screen(delivery, now, self._copy_shown))
            elif key:
                self.notify(NO_DETAILS, severity="warning", markup=False)
        elif self.active_pane == "schedules":
            key = self.query_one(SchedulesPane).cursor_key()
            listed = session.state.schedules(wid)
            found = [] if listed is None else listed.schedules
            schedule = next((s for s in found if key is not None and s.id == key), None)
            if schedule is not None:
                self.app.push_screen(schedule_screen(schedule, now, self._copy_shown))
            elif key:
                self.notify(NO_DETAILS, severity="warning", markup=False)

    async def _copy_shown(self, value: str, label: str) -> None:
        """Copy a value shown in a details screen (never a secret) and say how it went."""
        message = await self._copy(value, label, False)
        if not isinstance(self.app.screen, CopyValueScreen):  # else the dialog says it
            self.notify(message, timeout=8, markup=False)
