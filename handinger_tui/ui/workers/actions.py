"""The worker list's actions: filter, sort, new, edit, delete, track, untrack, undo, run.

Mixed into MainScreen (through ui/screens/row_actions.py). Each write opens a form or a
confirmation, then calls `core.operations`; the forms keep what was typed until the request
succeeds. After a change the coordinator is asked to refresh what it touched, once.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.worker import WorkerCancelled, WorkerFailed

from handinger_tui.api.limits import DEFAULT_BUDGET
from handinger_tui.core import health
from handinger_tui.core.base_url_rules import dashboard_host
from handinger_tui.core.safe_text import one_line
from handinger_tui.ui.actions import BY_ID, keys_shown
from handinger_tui.ui.kit.explorer import ExplorerBase
from handinger_tui.ui.workers.pane import WorkersPane

if TYPE_CHECKING:
    from handinger_tui.api.models import Worker, WorkerTemplate
    from handinger_tui.core.pasted_workers import Pasted


class WorkerActions(ExplorerBase):
    """The list's filter and sort, and the actions on the selected worker."""

    filter_text: str = ""
    sort_mode: str = "status"
    sort_descending: bool = False

    # -- filter and sort -----------------------------------------------------------------

    def filter_shown(self) -> bool:
        return self.query_one(WorkersPane).filter_box.display

    def action_filter(self) -> None:
        box = self.query_one(WorkersPane).filter_box
        box.display = True
        if not self.wide:
            self.action_pane("workers")
        box.focus()

    @on(WorkersPane.FilterChanged)
    def _filter_changed(self, event: WorkersPane.FilterChanged) -> None:
        self.filter_text = event.text
        self.refresh_all()

    @on(WorkersPane.FilterSubmitted)
    def _filter_submitted(self) -> None:
        self.query_one(WorkersPane).table.focus()

    def action_clear_filter(self) -> None:
        pane = self.query_one(WorkersPane)
        box = pane.filter_box
        if box.display:
            box.value = ""
            box.display = False
            pane.table.focus()

    def action_sort(self) -> None:
        self.sort_mode = "name" if self.sort_mode == "status" else "status"
        self.sort_descending = False
        self.notify(f"Sorted by {self.sort_mode}", timeout=2, markup=False)
        self.refresh_all()

    def action_sort_by(self, mode: str) -> None:
        """Sort by one column (or problems first); the same one again reverses the order."""
        if mode not in health.SORT_MODES:
            return
        self.sort_descending = mode == self.sort_mode and not self.sort_descending
        self.sort_mode = mode
        label = health.sort_label(mode, self.sort_descending)
        self.notify(label, timeout=2, markup=False)
        self.refresh_all()

    @on(WorkersPane.ColumnClicked)
    def _column_clicked(self, event: WorkersPane.ColumnClicked) -> None:
        """A click on a column header sorts by it (again: reversed)."""
        modes = {column: mode for mode, column in health.SORT_COLUMNS.items()}
        mode = modes.get(event.column)
        if mode is not None:
            self.action_sort_by(mode)

    # -- writes --------------------------------------------------------------------------

    def action_create_worker(self) -> None:
        if (ops := self.ops) is None:
            return
        # The form loads core.operations and the wire models: not before the first frame.
        from handinger_tui.ui.workers.form import WorkerFormScreen

        def done(template: WorkerTemplate | None) -> None:
            if template is not None:
                self.notify(f"Created {one_line(template.title, 80)}", markup=False)
                self._changed(template.id)
                self.select_worker(template.id)

        self.app.push_screen(WorkerFormScreen(ops), done)

    def action_edit_worker(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        from handinger_tui.core.drafts import draft_from_template  # with the form
        from handinger_tui.ui.workers.form import WorkerFormScreen

        draft = draft_from_template(ops.session.registry.get(wid))

        def done(template: WorkerTemplate | None) -> None:
            if template is not None:
                self.notify(f"Saved {one_line(template.title, 80)}", markup=False)
                self._changed(wid)

        self.app.push_screen(WorkerFormScreen(ops, worker_id=wid, draft=draft), done)

    def action_delete_worker(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        from handinger_tui.ui.kit.dialogs import ConfirmScreen  # asked, not first frame

        name = self._worker_name(wid)
        message = Text.assemble(
            "Delete the worker ",
            (name, "bold"),
            f" ({one_line(wid)})?\n",
            "Handinger keeps its tasks for audit; this cannot be undone here.",
        )

        async def delete() -> None:
            await ops.delete_worker(wid)
            if ops.session.state.selected == wid:  # the re-render selects the cursor's row
                ops.session.state.selected = None

        self._run_write(
            f"Deleting {name}",
            ConfirmScreen("Delete worker", message, confirm_label="Delete"),
            delete,
            f"Deleted {name}",
        )

    # -- tracking ------------------------------------------------------------------------

    def action_track_worker(self) -> None:
        if (ops := self.ops) is None:
            return
        # The prompt and its parser load when first opened, not before the first frame.
        from handinger_tui.core.pasted_workers import parse_pasted
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
            self.select_worker(shown[0])

        self.app.push_screen(TrackPromptScreen(parse), done)

    def action_untrack_worker(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        name = self._worker_name(wid)
        record = ops.untrack(wid)
        ops.session.state.selected = None  # the re-render selects the row under the cursor
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
        self.select_worker(record.id)

    # -- run now -------------------------------------------------------------------------

    def action_run_task(
        self,
        input: str = "",
        budget: str = DEFAULT_BUDGET,
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
        # The form loads core.operations and the wire models: not before the first frame.
        from handinger_tui.core.operations import OutcomeUnknown
        from handinger_tui.ui.workers.run_form import RunTaskScreen

        name = self._worker_name(wid)

        def ended(job: asyncio.Future[Worker], text: str, chosen: str) -> None:
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

        async def send(text: str, chosen: str) -> Worker:
            job = self.run_worker(self._run(wid, text, chosen), group="tasks", exit_on_error=False)
            waiting = asyncio.ensure_future(job.wait())
            waiting.add_done_callback(lambda done: ended(done, text, chosen))
            try:
                return await asyncio.shield(waiting)  # esc cancels the form, not the run
            except WorkerFailed as exc:
                raise exc.error from None

        def done(result: Worker | None) -> None:
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

    async def _run(self, worker_id: str, text: str, budget: str) -> Worker:
        """Run it and wait for the end; errors go to whoever waits (form or `ended`)."""
        assert self._ops is not None
        worker = await self._ops.run_task(worker_id, text, budget)
        self._changed(worker_id)
        return worker
