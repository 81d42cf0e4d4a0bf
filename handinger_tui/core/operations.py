"""One small async function per operator action: check, call the client, show the change.

Each write checks the draft first (:mod:`handinger_tui.core.drafts`, ``FieldErrors``),
calls the client, then updates the registry and the explorer state so the screen shows
the change at once; the screen that asked then refreshes once (a new worker, of which
nothing is known yet, and a failure that leaves the server in doubt ask for it here). Checks use the
session's clock, as the forms do. A failed request raises the client's typed error
unchanged (the form stays open with what was typed). When a create may or may not have
happened (timeout, dropped connection, 5xx), :class:`OutcomeUnknown` says so after
re-checking where the API allows it; nothing is ever sent twice on its own.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from handinger_tui.api import errors
from handinger_tui.api.limits import DEFAULT_BUDGET
from handinger_tui.api.on_use import models  # pydantic loads with the first answer
from handinger_tui.core.dashboard_urls import foreign_host
from handinger_tui.core.drafts import check_task, check_webhook_url
from handinger_tui.core.formatting import parse_time
from handinger_tui.core.registry import TrackedWorker, parse_worker_ref
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.schedule_drafts import ScheduleDraft, check_schedule
from handinger_tui.core.state import Answer, Key, Kind, record_answer
from handinger_tui.core.worker_drafts import (
    WorkerDraft,
    check_worker,
    worker_create_body,
    worker_update_body,
)

if TYPE_CHECKING:
    from handinger_tui.core.session import Session

__all__ = ["NotApplied", "Operations", "OutcomeUnknown"]


class OutcomeUnknown(Exception):
    """A create may or may not have happened; ``exists`` is what a re-check found.

    ``exists``: ``True`` it happened, ``False`` it did not, ``None`` could not tell.
    ``ref`` is the id that was re-checked (the client-chosen task id), if any.
    """

    def __init__(self, message: str, exists: bool | None, *, ref: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exists = exists
        self.ref = ref


class NotApplied(Exception):
    """The server answered, but said the change was not made (``deleted: false``).

    Not a failure of the request: nothing is retried, and the screen shows what the
    server holds (the worker stays tracked, the schedule listed, the webhook set).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_task_id() -> str:
    """A client-chosen task id, so an ambiguous run can be looked up afterwards."""
    return "tsk_" + secrets.token_urlsafe(12)


class Operations:
    """The operator's write actions on one :class:`Session`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- helpers -------------------------------------------------------------------------

    def _store(self, key: Key, value: Answer) -> None:
        """Put a value the server just returned into the state, as a fresh fetch would."""
        res = self.session.state.resource(key)
        record_answer(res, value, self.session.coordinator.clock.now())
        self.session.coordinator.on_change(key)

    def _refresh(self, worker_id: str) -> None:
        self.session.coordinator.refresh_now(worker_id)

    # -- workers -------------------------------------------------------------------------

    async def create_worker(self, draft: WorkerDraft) -> models.WorkerTemplate:
        """Create and track a worker. Raises FieldErrors, APIError, OutcomeUnknown."""
        check_worker(draft, creating=True)
        body = worker_create_body(draft)
        try:
            template = await self.session.client.workers.create(**body)
        except errors.APIError as exc:
            if exc.outcome_unknown:
                raise OutcomeUnknown(
                    "The worker may have been created: the answer was lost "
                    f"({exc.reason}). There is no way to list workers, so check the "
                    "Handinger dashboard before creating it again.",
                    None,
                ) from exc
            raise
        self.session.registry.remember_template(template, source="created")
        return template  # the UI selects it and asks for its one refresh

    async def update_worker(
        self, worker_id: str, draft: WorkerDraft
    ) -> models.WorkerTemplate | None:
        """PATCH only the changed fields; ``None`` (and no request) when nothing changed."""
        # an id the registry does not hold: nothing of its template is known
        cached = self.session.registry.get(worker_id) or TrackedWorker(id=worker_id)
        check_worker(draft, creating=False, cached=cached)
        body = worker_update_body(draft, cached)
        if not body:
            return None
        template = await self.session.client.workers.update(worker_id, **body)
        self.session.registry.remember_template(template, source="added")
        return template

    async def delete_worker(self, worker_id: str) -> None:
        """DELETE the worker; on success (or already gone) stop tracking it (:meth:`untrack`).

        Raises NotApplied when the server answers ``deleted: false``.
        """
        result = await self.session.client.workers.delete(worker_id)
        if not result.deleted:
            self._refresh(worker_id)
            raise NotApplied(
                f"The server answered deleted: false: worker {one_line(worker_id, 80)} "
                "was not deleted and is still tracked."
            )
        self.untrack(worker_id)

    def track(self, ref: str) -> str:
        """Track a worker by id or pasted dashboard URL; returns the id.

        A URL must be on a Handinger dashboard host (the rule of ``--worker`` and the
        track prompt, :func:`~handinger_tui.core.dashboard_urls.foreign_host`).
        """
        worker_id = parse_worker_ref(ref)
        if worker_id is None:
            shown = one_line(ref, 80)
            raise ValueError(f"{shown!r} is neither a worker id nor a dashboard URL")
        if (host := foreign_host(ref, self.session.base_url)) is not None:
            raise ValueError(
                f"{one_line(ref, 80)!r} is a URL on {one_line(host, 80)}, not a Handinger "
                "dashboard URL; give the worker id or its https://handinger.com/worker/<id> URL"
            )
        self.session.registry.track(worker_id, source="added")
        self.session.coordinator.poke()
        return worker_id

    def untrack(self, worker_id: str) -> TrackedWorker | None:
        """Stop tracking (no API call); returns the record for :meth:`restore`.

        The selection is left alone: the UI decides what is selected next.
        """
        record = self.session.registry.untrack(worker_id)
        self.session.state.forget(worker_id)
        self.session.coordinator.poke()
        return record

    def restore(self, record: TrackedWorker) -> None:
        """Undo :meth:`untrack`."""
        self.session.registry.restore(record)
        self.session.coordinator.poke()

    # -- tasks ---------------------------------------------------------------------------

    async def run_task(
        self, worker_id: str, input: str, budget: str = DEFAULT_BUDGET
    ) -> models.Worker:
        """Run ``input`` on the worker now and wait for the result (polling follows it)."""
        check_task(input, budget)
        task_id = new_task_id()
        # Known before the create answers, so a run whose outcome is unknown is looked up too.
        self.session.state.started_tasks[task_id] = worker_id
        key = Key(Kind.WORKER, worker_id)
        current = self.session.state.worker(worker_id)
        if current is not None:  # shown as started at once, polled actively
            self._store(key, current.model_copy(update={"status": "pending", "running": True}))
        self._refresh(worker_id)
        try:
            result = await self.session.client.tasks.create(
                input=input,
                worker_id=worker_id,
                budget=budget,  # checked by check_task
                task_id=task_id,
            )
        except errors.APIError as exc:
            self._refresh(worker_id)
            if not exc.outcome_unknown:
                raise
            exists = await self.recheck_task(task_id)
            raise OutcomeUnknown(_task_message(task_id, exists, exc), exists, ref=task_id) from exc
        self._store(key, result)
        return result

    async def recheck_task(self, task_id: str) -> bool | None:
        """``True`` the task exists, ``False`` the server does not know it, ``None`` unsure."""
        try:
            await self.session.client.tasks.retrieve(task_id)
        except errors.NotFoundError:
            return False
        except errors.APIError:
            return None
        return True

    # -- schedules -----------------------------------------------------------------------

    async def create_schedule(self, worker_id: str, draft: ScheduleDraft) -> models.WorkerSchedule:
        """Create a schedule; on an ambiguous failure re-list and raise OutcomeUnknown."""
        when = check_schedule(draft, now=self.session.coordinator.clock.now())
        key = Key(Kind.SCHEDULES, worker_id)
        before = self.session.state.schedules(worker_id)
        known = {s.id for s in before.schedules} if before is not None else set()
        try:
            schedule = await self.session.client.workers.schedules.create(
                worker_id,
                input=draft.input,
                when=when,
                budget=draft.budget,  # checked by check_schedule
            )
        except errors.APIError as exc:
            if not exc.outcome_unknown:
                raise
            exists = await self._find_schedule(worker_id, draft.input, when, known)
            self._refresh(worker_id)
            raise OutcomeUnknown(_schedule_message(exists, exc), exists) from exc
        if before is not None:
            updated = [s for s in before.schedules if s.id != schedule.id] + [schedule]
            self._store(key, before.model_copy(update={"schedules": updated}))
        return schedule

    async def _find_schedule(
        self, worker_id: str, input: str, when: dict[str, Any], known: set[str]
    ) -> bool | None:
        """Whether a schedule with this input and ``when`` (and not seen before) exists."""
        try:
            listing = await self.session.client.workers.schedules.list(worker_id)
        except errors.APIError:
            return None
        self._store(Key(Kind.SCHEDULES, worker_id), listing)
        return any(
            s.id not in known and s.input == input and _same_when(s, when)
            for s in listing.schedules
        )

    async def cancel_schedule(self, worker_id: str, schedule_id: str) -> None:
        """Cancel one schedule (already gone counts as done).

        Raises NotApplied when the server answers ``cancelled: false``.
        """
        result = await self.session.client.workers.schedules.cancel(
            schedule_id, worker_id=worker_id
        )
        key = Key(Kind.SCHEDULES, worker_id)
        current = self.session.state.schedules(worker_id)
        if result.cancelled and current is not None:
            kept = [s for s in current.schedules if s.id != schedule_id]
            self._store(key, current.model_copy(update={"schedules": kept}))
        if not result.cancelled:
            self._refresh(worker_id)
            raise NotApplied(
                f"The server answered cancelled: false: schedule {one_line(schedule_id, 80)} "
                "was not cancelled and may still run."
            )

    # -- webhook -------------------------------------------------------------------------

    async def set_webhook(self, worker_id: str, url: str) -> models.Webhook:
        """Set or replace the webhook URL (a first URL gets a new token)."""
        checked = check_webhook_url(url)
        webhook = await self.session.client.workers.webhooks.update(worker_id, url=checked)
        return self._webhook_changed(worker_id, webhook)

    async def remove_webhook(self, worker_id: str) -> models.Webhook:
        """Remove the webhook and its token (none set counts as done).

        Raises NotApplied when the answer still holds a URL: deliveries go on.
        """
        webhook = self._webhook_changed(
            worker_id, await self.session.client.workers.webhooks.delete(worker_id)
        )
        if webhook.url is not None:
            raise NotApplied(
                "The server still has a webhook URL for worker "
                f"{one_line(worker_id, 80)}: it was not removed and deliveries go on."
            )
        return webhook

    async def regenerate_token(self, worker_id: str) -> models.Webhook:
        """Issue a new token (the old one stops working); the UI shows it once."""
        webhook = await self.session.client.workers.webhooks.regenerate_token(worker_id)
        return self._webhook_changed(worker_id, webhook)

    def _webhook_changed(self, worker_id: str, webhook: models.Webhook) -> models.Webhook:
        self._store(Key(Kind.WEBHOOK, worker_id), webhook)
        return webhook

    # -- reads for copying ---------------------------------------------------------------

    async def email(self, worker_id: str) -> str:
        """The worker's inbound email address, from the state or fetched (and kept)."""
        key = Key(Kind.EMAIL, worker_id)
        cached = self.session.state.email(worker_id)
        if cached is not None:
            return cached.email
        result = await self.session.client.workers.retrieve_email(worker_id)
        self._store(key, result)
        return result.email


def _same_when(schedule: models.WorkerSchedule, when: dict[str, Any]) -> bool:
    kind = when.get("type")
    if isinstance(schedule, models.DelayedSchedule):
        return kind == "delayed" and schedule.delay_in_seconds == when.get("delayInSeconds")
    if isinstance(schedule, models.IntervalSchedule):
        return kind == "interval" and schedule.interval_seconds == when.get("intervalSeconds")
    if isinstance(schedule, models.CronSchedule):
        return kind == "cron" and schedule.cron.split() == str(when.get("cron", "")).split()
    if isinstance(schedule, models.ScheduledSchedule):
        wanted = parse_time(when.get("date"))
        return kind == "scheduled" and wanted is not None and schedule.next_run_at == wanted
    return False


def _task_message(task_id: str, exists: bool | None, exc: errors.APIError) -> str:
    lost = f"The answer to the run was lost ({exc.reason})."
    if exists is True:
        return (
            f"{lost} The run did start (task {task_id}): follow it on the worker "
            "and do not send it again."
        )
    if exists is False:
        return (
            f"{lost} The server does not know task {task_id}: the run most likely did "
            "not start; check the worker, then send it again if needed."
        )
    return (
        f"{lost} Could not check whether task {task_id} started; "
        "look at the worker before sending it again."
    )


def _schedule_message(exists: bool | None, exc: errors.APIError) -> str:
    lost = f"The answer to the new schedule was lost ({exc.reason})."
    if exists is True:
        return f"{lost} The schedule was created; it is in the list, do not create it again."
    if exists is False:
        return f"{lost} No matching schedule exists: it was not created; you can send it again."
    return f"{lost} Could not list the schedules; check them before creating it again."
