"""What the action registry's write, track and copy actions do on the explorer screen.

Each action opens a form or a confirmation, then calls `core.operations`; the forms keep
what was typed until the request succeeds. Nothing here polls: after a change the
coordinator is asked to refresh what it touched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text

from handinger_tui.api.models import Webhook, WorkerSchedule
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.views import secret_value
from handinger_tui.ui.actions import BY_ID, keys_shown
from handinger_tui.ui.kit.dialogs import ConfirmScreen, SecretScreen
from handinger_tui.ui.schedules.pane import SchedulesPane
from handinger_tui.ui.schedules.questions import schedule_question
from handinger_tui.ui.screens.dispatch import Dispatch
from handinger_tui.ui.webhook.pane import WebhookPane

if TYPE_CHECKING:
    from handinger_tui.core.operations import Operations
    from handinger_tui.core.session import Session

T = TypeVar("T")
UNREADABLE = "(unreadable"  # the row key of an item the server sent without an id
NO_ID = "That row came from the server without an id: it cannot be {what} from here."


class OperatorActions(Dispatch):
    """Mixed into MainScreen: the actions that change things, track workers or copy."""

    session: Session | None
    _ops: Operations | None = None

    # -- plumbing ------------------------------------------------------------------------

    @property
    def ops(self) -> Operations | None:
        if self.session is None:
            self.notify("Still connecting…", severity="warning", markup=False)
            return None
        if self._ops is None:
            from handinger_tui.core.operations import Operations

            self._ops = Operations(self.session)
        return self._ops

    def _selected(self) -> str | None:
        selected = self.session.state.selected if self.session is not None else None
        if selected is None:
            self.notify("Select a worker first.", severity="warning", markup=False)
        return selected

    def _worker_name(self, worker_id: str) -> str:
        tracked = self.session.registry.get(worker_id) if self.session else None
        return one_line(tracked.display_name if tracked is not None else worker_id, 80)

    def _failed(self, what: str, exc: BaseException) -> None:
        from handinger_tui.core.operations import NotApplied

        if isinstance(exc, NotApplied):  # the server answered "not done": not a failure
            message = f"{what}: not done. {exc.message}"
            self.notify(message, severity="warning", timeout=12, markup=False)
            return
        self.notify(f"{what} failed: {exc}", severity="error", timeout=12, markup=False)

    def _changed(self, worker_id: str | None = None) -> None:
        """After a change: one refresh request for what it touched, one re-render."""
        if self.session is not None:
            self.session.coordinator.refresh_now(worker_id)
        self.refresh_all()  # type: ignore[attr-defined]

    def _run_write(
        self,
        what: str,
        confirm: ConfirmScreen,
        call: Callable[[], Awaitable[T]],
        done: str | Callable[[T], None],
        worker_id: str | None = None,
    ) -> None:
        """Ask with `confirm`; if yes, `call`; then say it (`done`) and refresh once.

        A failure is said (`what` failed, or was not done) and nothing is refreshed.
        """

        async def go(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                result = await call()
            except Exception as exc:
                self._failed(what, exc)
                return
            self._changed(worker_id)
            if isinstance(done, str):
                self.notify(done, markup=False)
            else:
                done(result)

        self.app.push_screen(confirm, go)

    # -- workers -------------------------------------------------------------------------

    def action_create_worker(self) -> None:
        if (ops := self.ops) is None:
            return
        from handinger_tui.ui.workers.form import WorkerFormScreen

        def done(template: Any) -> None:
            if template is not None:
                self.notify(f"Created {one_line(template.title, 80)}", markup=False)
                self._changed(template.id)
                self.select_worker(template.id)  # type: ignore[attr-defined]

        self.app.push_screen(WorkerFormScreen(ops), done)

    def action_edit_worker(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        from handinger_tui.core.drafts import draft_from_template
        from handinger_tui.ui.workers.form import WorkerFormScreen

        assert self.session is not None
        draft = draft_from_template(self.session.registry.get(wid))

        def done(template: Any) -> None:
            if template is not None:
                self.notify(f"Saved {one_line(template.title, 80)}", markup=False)
                self._changed(wid)

        self.app.push_screen(WorkerFormScreen(ops, worker_id=wid, draft=draft), done)

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

    def action_delete_worker(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        name = self._worker_name(wid)
        message = Text.assemble(
            "Delete the worker ",
            (name, "bold"),
            f" ({one_line(wid)})?\n",
            "Handinger keeps its tasks for audit; this cannot be undone here.",
        )
        self._run_write(
            f"Deleting {name}",
            ConfirmScreen("Delete worker", message, confirm_label="Delete"),
            lambda: ops.delete_worker(wid),
            f"Deleted {name}",
        )

    def action_track_worker(self) -> None:
        if (ops := self.ops) is None:
            return
        from handinger_tui.core.base_url_rules import dashboard_host
        from handinger_tui.core.pasted_workers import Pasted, parse_pasted
        from handinger_tui.ui.workers.track_prompt import TrackPromptScreen

        session = ops.session

        def parse(value: str) -> Pasted:
            return parse_pasted(
                value,
                tracked=set(session.registry.ids()),
                dashboard_host=lambda host: dashboard_host(host, session.base_url),
            )

        def done(value: str | None) -> None:
            pasted = parse(value or "")
            shown = pasted.ids or pasted.tracked
            if not shown:
                return
            session.registry.track_many(pasted.ids, source="added")
            if len(pasted.ids) > 1:
                self.notify(f"Tracking {len(pasted.ids)} workers", markup=False)
            elif pasted.ids:
                self.notify(f"Tracking {one_line(pasted.ids[0])}", markup=False)
            if pasted.problems or (pasted.ids and pasted.tracked):
                self.notify(pasted.summary(), title="Track", severity="warning", markup=False)
            elif not pasted.ids:
                self.notify(f"Already tracking {one_line(shown[0])}", markup=False)
            self._changed(shown[0])
            self.select_worker(shown[0])  # type: ignore[attr-defined]

        self.app.push_screen(TrackPromptScreen(parse), done)

    def action_untrack_worker(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        name = self._worker_name(wid)
        record = ops.untrack(wid)
        self._changed()
        self._untracked = record
        undo = keys_shown(self.app, BY_ID["worker.undo_untrack"])
        self.notify(f"Untracked {name} ({undo} undoes)", markup=False)

    def action_undo_untrack(self) -> None:
        record, self._untracked = self._untracked, None
        if record is None or (ops := self.ops) is None:
            self.notify("Nothing to undo.", markup=False)
            return
        ops.restore(record)
        self.notify(f"Tracking {one_line(record.display_name, 80)} again", markup=False)
        self._changed(record.id)
        self.select_worker(record.id)  # type: ignore[attr-defined]

    def action_run_task(
        self,
        input: str = "",
        budget: str = "standard",
        error: str = "",
        unknown: bool = False,
        worker_id: str = "",
    ) -> None:
        """Open the run form; it sends through the same save path as every form.

        The run is a job of this screen, so closing the form (esc) does not stop it; how
        it ended is then told here, and a failure re-opens the form for the same worker,
        keeping an unknown outcome (only "Send again anyway" sends it a second time).
        """
        if self.ops is None:
            return
        if not (wid := worker_id or self._selected()):
            return
        import asyncio

        from textual.worker import WorkerCancelled, WorkerFailed

        from handinger_tui.core.operations import OutcomeUnknown
        from handinger_tui.ui.workers.run_form import RunTaskScreen

        name = self._worker_name(wid)

        def ended(job: asyncio.Future[Any], text: str, chosen: str) -> None:
            failed = None if job.cancelled() else job.exception()
            if not screen.left_running or job.cancelled() or isinstance(failed, WorkerCancelled):
                return  # the open form reports it (or the app is closing)
            if failed is None:
                self.notify(f"{name}: run {one_line(job.result().status, 40)}", markup=False)
                return
            cause = failed.error if isinstance(failed, WorkerFailed) else failed
            self._failed(f"Running {name}", cause)
            again = isinstance(cause, OutcomeUnknown)
            self.action_run_task(text, chosen, str(cause), again, wid)  # nothing typed is lost

        async def send(text: str, chosen: str) -> Any:
            job = self.run_worker(self._run(wid, text, chosen), group="tasks", exit_on_error=False)
            waiting = asyncio.ensure_future(job.wait())
            waiting.add_done_callback(lambda done: ended(done, text, chosen))
            try:
                return await asyncio.shield(waiting)  # esc cancels the form, not the run
            except WorkerFailed as exc:
                raise exc.error from None

        def done(result: Any) -> None:
            if result is not None:
                self.notify(f"{name}: run {one_line(result.status, 40)}", markup=False)

        screen = RunTaskScreen(
            send,
            worker_title=name,
            input=input,
            budget=budget,
            error=error or None,
            outcome_unknown=unknown,
        )
        self.app.push_screen(screen, done)

    async def _run(self, worker_id: str, text: str, budget: str) -> Any:
        """Run it and wait for the end; errors go to whoever waits (form or `ended`)."""
        assert self._ops is not None
        worker = await self._ops.run_task(worker_id, text, budget)
        self._changed(worker_id)
        return worker

    # -- schedules -----------------------------------------------------------------------

    def action_create_schedule(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        from handinger_tui.ui.schedules.form import ScheduleFormScreen

        assert self.session is not None
        clock = self.session.coordinator.clock.now  # frozen in screenshots and tests

        def done(schedule: WorkerSchedule | None) -> None:
            if schedule is not None:
                from handinger_tui.core import formatting as fmt

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
        schedule_id = self.query_one(SchedulesPane).cursor_key()
        if schedule_id is None:
            self.notify("No schedule under the cursor.", severity="warning", markup=False)
            return
        if schedule_id.startswith(UNREADABLE):
            self.notify(NO_ID.format(what="cancelled"), severity="warning", markup=False)
            return
        assert self.session is not None
        message = schedule_question(
            self.session.state.schedules(wid),
            schedule_id,
            self._worker_name(wid),
            self.session.coordinator.clock.now(),
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

    # -- webhook -------------------------------------------------------------------------

    def _webhook(self, worker_id: str) -> Webhook | None:
        assert self.session is not None
        return self.session.state.webhook(worker_id)

    def action_set_webhook(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        from handinger_tui.ui.webhook.form import WebhookFormScreen

        webhook = self._webhook(wid)
        current = None if webhook is None else webhook.url

        def done(webhook: Any) -> None:
            if webhook is not None:
                self.notify("Webhook saved", markup=False)
                self._changed(wid)

        self.app.push_screen(WebhookFormScreen(ops, wid, current), done)

    def action_remove_webhook(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        webhook = self._webhook(wid)
        url = (None if webhook is None else webhook.url) or "(none)"
        message = Text.assemble(
            "Remove the webhook ",
            (one_line(url, 200), "bold"),
            " of ",
            (self._worker_name(wid), "bold"),
            "?\nDeliveries stop; the token is cleared.",
        )

        self._run_write(
            "Removing the webhook",
            ConfirmScreen("Remove webhook", message, confirm_label="Remove"),
            lambda: ops.remove_webhook(wid),
            "Webhook removed",
            wid,
        )

    def action_regenerate_token(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        message = Text.assemble(
            "Regenerate the webhook token of ",
            (self._worker_name(wid), "bold"),
            "?\nThe old token stops working at once.",
        )

        def show(webhook: Webhook) -> None:
            token = secret_value(webhook.token) or ""
            if not token:  # e.g. no webhook URL is set: there is nothing to show
                self.notify(
                    "Regenerating the token: not done. The server returned no token "
                    "(is a webhook URL set?).",
                    severity="warning",
                    markup=False,
                )
                return
            screen = SecretScreen(
                "New webhook token",
                "Shown once. c copies it.",
                token,
                copy=lambda value: self._copy(value, "webhook token", True),
            )
            self.app.push_screen(screen)

        self._run_write(
            "Regenerating the token",
            ConfirmScreen("Regenerate token", message, confirm_label="Regenerate"),
            lambda: ops.regenerate_token(wid),
            show,
            wid,
        )

    # -- copy ----------------------------------------------------------------------------

    async def action_copy(self, what: str) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        assert self.session is not None
        try:
            if what == "email":
                value, label, secret = await ops.email(wid), "email address", False
            elif what == "id":
                value, label, secret = wid, "worker id", False
            elif what == "url":
                worker = self.session.state.worker(wid)
                tracked = self.session.registry.get(wid)
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
        from handinger_tui.ui.kit.copy_value import CopyValueScreen

        message = await self._copy(value, label, secret)
        if not isinstance(self.app.screen, CopyValueScreen):  # else the dialog says it
            self.notify(message, timeout=8, markup=False)

    def _row_id(self) -> str | None:
        """The id under the cursor: a delivery on the webhook pane, else a schedule.

        ``None`` (and said so) for a row the server sent without an id.
        """
        if self.active_pane == "webhook":
            key = self.query_one(WebhookPane).cursor_key() or ""
        else:
            key = self.query_one(SchedulesPane).cursor_key() or ""
        if key.startswith(UNREADABLE):
            self.notify(NO_ID.format(what="copied"), severity="warning", markup=False)
            return None
        return key

    async def _copy(self, value: str, label: str, secret: bool) -> str:
        """Copy by the best route; unless a route confirmed it, show the value whole.

        The message names the route; it never contains a secret, and a secret is never
        shown in a dialog.
        """
        from handinger_tui.core.clipboard import copy_text
        from handinger_tui.ui.kit.copy_value import CopyValueScreen

        result = await copy_text(value, secret=secret, label=label, osc52_writer=self._osc52)
        if result.show_value is not None and not secret:
            self.app.push_screen(CopyValueScreen(label, result.show_value, result.message))
        return result.message

    def _osc52(self, sequence: str) -> None:
        """Write an OSC 52 sequence to the terminal (through Textual's driver)."""
        driver = getattr(self.app, "_driver", None)
        if driver is None:
            raise OSError("no terminal to write to")
        driver.write(sequence)
