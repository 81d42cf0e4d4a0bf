"""Actions whose effect depends on the focused pane: delete, Enter (details), copy.

Mixed into MainScreen over the actions of each feature (workers, schedules, webhook), which
hold what each pane does; this only picks the pane.
"""

from __future__ import annotations

from handinger_tui.core.views import secret_value
from handinger_tui.ui.actions import BY_ID, keys_shown
from handinger_tui.ui.kit.explorer import NO_ID, UNREADABLE
from handinger_tui.ui.schedules.actions import ScheduleActions
from handinger_tui.ui.webhook.actions import WebhookActions
from handinger_tui.ui.workers.actions import WorkerActions


class RowActions(WebhookActions, ScheduleActions, WorkerActions):
    """Delete, details and copy, for the row of the focused pane."""

    def action_delete_row(self) -> None:
        """Delete/backspace: the row of the focused pane, never the worker behind it."""
        if self.active_pane == "schedules":
            self.action_cancel_schedule()
        elif self.active_pane == "webhook":
            remove = keys_shown(self.app, BY_ID["webhook.remove"])
            self.notify(
                f"Deliveries cannot be deleted. {remove} removes the webhook.",
                severity="warning",
                markup=False,
            )
        else:
            self.action_delete_worker()

    def action_row_details(self) -> None:
        """Enter: the details of the delivery or schedule under the cursor."""
        if self.active_pane == "webhook":
            self._delivery_details()
        elif self.active_pane == "schedules":
            self._schedule_details()

    async def action_copy(self, what: str) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        session = ops.session
        try:
            if what == "email":
                value, label, secret = await ops.email(wid), "email address", False
            elif what == "id":
                value, label, secret = wid, "worker id", False
            elif what == "url":
                worker = session.state.worker(wid)
                tracked = session.registry.get(wid)
                live = None if worker is None else worker.url
                value = live or (tracked.url if tracked is not None else None) or ""
                label, secret = "dashboard URL", False
            elif what == "token":
                webhook = self._webhook(wid)
                token = None if webhook is None else webhook.token
                value = secret_value(token) or ""
                label, secret = "webhook token", True
            else:
                row = self._row_id()
                if row is None:
                    return
                value, label, secret = row, "id", False
        except Exception as exc:
            self._failed("Fetching the value to copy", exc)
            return
        if not value:
            self.notify(f"No {label} to copy here.", severity="warning", markup=False)
            return
        await self._copy_shown(value, label, secret)

    def _row_id(self) -> str | None:
        """The id under the cursor: a delivery on the webhook pane, else a schedule.

        ``None`` (and said so) for a row the server sent without an id.
        """
        key = (
            self._delivery_key() if self.active_pane == "webhook" else self._schedule_key()
        ) or ""
        if key.startswith(UNREADABLE):
            self.notify(NO_ID.format(what="copied"), severity="warning", markup=False)
            return None
        return key
