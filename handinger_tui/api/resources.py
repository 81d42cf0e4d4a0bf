"""Resources of ``HandingerClient``: workers (with schedules and webhooks) and tasks.

DELETEs are idempotent: an answer with no body (or 204) means done, and so does a 404
on a retry after an attempt that may have been applied (already gone). A ``deleted`` /
``cancelled`` / ``archived`` of ``false`` is returned as the server said it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from . import models
from ._transport import Transport, clean
from ._types import NOT_GIVEN, NotGiven, given

__all__ = ["Schedules", "Tasks", "Webhooks", "Workers", "segment"]

TASK_READ_TIMEOUT = 900.0
"""``POST /api/tasks`` blocks until the run ends: allow 15 minutes for the answer."""


def segment(value: str, name: str) -> str:
    """``value`` percent-encoded as one path segment; empty or dot ids are refused."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if not value or value in (".", ".."):
        raise ValueError(f"{name} must be a non-empty id, got {value!r}")
    return quote(value, safe="")


def _show(value: str) -> str:
    """An id as it appears in an error message."""
    return clean(value, 80)


class _Resource:
    def __init__(self, transport: Transport) -> None:
        self._t = transport


class Workers(_Resource):
    """``/api/workers``: templates, runtime state, email, and sub-resources."""

    def __init__(self, transport: Transport) -> None:
        super().__init__(transport)
        self.schedules = Schedules(transport)
        self.webhooks = Webhooks(transport)

    async def create(
        self,
        *,
        title: str | NotGiven = NOT_GIVEN,
        summary: str | NotGiven = NOT_GIVEN,
        instructions: str | NotGiven = NOT_GIVEN,
        prompt: str | NotGiven = NOT_GIVEN,
        visibility: models.Visibility | NotGiven = NOT_GIVEN,
        output_schema: dict[str, Any] | NotGiven = NOT_GIVEN,
    ) -> models.WorkerTemplate:
        """Create a worker template (runs nothing). Only the given keys are sent."""
        body = given(
            title=title,
            summary=summary,
            instructions=instructions,
            prompt=prompt,
            visibility=visibility,
            outputSchema=output_schema,
        )
        return await self._t.request(
            "POST",
            "/api/workers",
            operation="create a worker",
            body=body,
            cast=models.WorkerTemplate.model_validate,
        )

    async def retrieve(self, worker_id: str) -> models.Worker:
        """The runtime state of the worker's most recent task."""
        return await self._t.request(
            "GET",
            f"/api/workers/{segment(worker_id, 'worker_id')}",
            operation=f"load worker {_show(worker_id)}",
            cast=models.Worker.model_validate,
        )

    async def update(
        self,
        worker_id: str,
        *,
        title: str | NotGiven = NOT_GIVEN,
        summary: str | NotGiven = NOT_GIVEN,
        instructions: str | NotGiven = NOT_GIVEN,
        visibility: models.Visibility | NotGiven = NOT_GIVEN,
        output_schema: dict[str, Any] | NotGiven | None = NOT_GIVEN,
    ) -> models.WorkerTemplate:
        """Change the given fields; ``output_schema=None`` clears the schema."""
        body = given(
            title=title,
            summary=summary,
            instructions=instructions,
            visibility=visibility,
            outputSchema=output_schema,
        )
        return await self._t.request(
            "PATCH",
            f"/api/workers/{segment(worker_id, 'worker_id')}",
            operation=f"update worker {_show(worker_id)}",
            body=body,
            cast=models.WorkerTemplate.model_validate,
        )

    async def delete(self, worker_id: str) -> models.DeleteWorkerResponse:
        """Soft-delete a worker template (creator only)."""
        return await self._t.request(
            "DELETE",
            f"/api/workers/{segment(worker_id, 'worker_id')}",
            operation=f"delete worker {_show(worker_id)}",
            cast=models.DeleteWorkerResponse.model_validate,
            done=lambda: models.DeleteWorkerResponse(deleted=True),
        )

    async def retrieve_email(self, worker_id: str) -> models.WorkerEmail:
        """The inbound email address that starts tasks on the worker."""
        return await self._t.request(
            "GET",
            f"/api/workers/{segment(worker_id, 'worker_id')}/email",
            operation=f"get the email address of worker {_show(worker_id)}",
            cast=models.WorkerEmail.model_validate,
        )


class Schedules(_Resource):
    """``/api/workers/{workerId}/schedules``."""

    async def list(self, worker_id: str) -> models.ScheduleList:
        """All schedules of a worker (unpaginated)."""
        return await self._t.request(
            "GET",
            f"/api/workers/{segment(worker_id, 'worker_id')}/schedules",
            operation=f"list schedules of worker {_show(worker_id)}",
            cast=models.ScheduleList.model_validate,
        )

    async def create(
        self,
        worker_id: str,
        *,
        input: str,
        when: models.When | dict[str, Any],
        budget: models.Budget | NotGiven = NOT_GIVEN,
    ) -> models.WorkerSchedule:
        """Schedule runs of ``input``; ``when`` is a ``models.*When`` or its dict form."""
        body = given(input=input, when=_when_to_wire(when), budget=budget)
        return await self._t.request(
            "POST",
            f"/api/workers/{segment(worker_id, 'worker_id')}/schedules",
            operation=f"create a schedule for worker {_show(worker_id)}",
            body=body,
            cast=models.WORKER_SCHEDULE_ADAPTER.validate_python,
        )

    async def cancel(self, schedule_id: str, *, worker_id: str) -> models.ScheduleCancelResponse:
        """Cancel one schedule of a worker."""
        path = (
            f"/api/workers/{segment(worker_id, 'worker_id')}"
            f"/schedules/{segment(schedule_id, 'schedule_id')}"
        )
        return await self._t.request(
            "DELETE",
            path,
            operation=f"cancel schedule {_show(schedule_id)} of worker {_show(worker_id)}",
            cast=models.ScheduleCancelResponse.model_validate,
            done=lambda: models.ScheduleCancelResponse(cancelled=True),
        )


def _when_to_wire(when: models.When | dict[str, Any]) -> dict[str, Any]:
    """The wire form of ``when``; a dict of a type this client does not know passes as-is.

    A dict of a known type is checked first (pydantic ``ValidationError``, a ``ValueError``).
    """
    if isinstance(
        when, models.ScheduledWhen | models.DelayedWhen | models.CronWhen | models.IntervalWhen
    ):
        return when.to_wire()
    if not isinstance(when, dict):
        raise TypeError(f"when must be a models.*When or a dict, not {type(when).__name__}")
    if when.get("type") not in models.KNOWN_SCHEDULE_TYPES:
        return dict(when)
    return models.WHEN_ADAPTER.validate_python(when).to_wire()


class Webhooks(_Resource):
    """``/api/workers/{workerId}/webhook`` (creator only)."""

    async def retrieve(self, worker_id: str) -> models.Webhook:
        """The webhook URL and token (both ``None`` when none is set)."""
        return await self._t.request(
            "GET",
            f"/api/workers/{segment(worker_id, 'worker_id')}/webhook",
            operation=f"load the webhook of worker {_show(worker_id)}",
            cast=models.Webhook.model_validate,
        )

    async def update(self, worker_id: str, *, url: str | None) -> models.Webhook:
        """Set the webhook URL (a first URL gets a new token); ``None`` removes it."""
        verb = "remove" if url is None else "set"
        return await self._t.request(
            "PUT",
            f"/api/workers/{segment(worker_id, 'worker_id')}/webhook",
            operation=f"{verb} the webhook of worker {_show(worker_id)}",
            body={"url": url},
            cast=models.Webhook.model_validate,
        )

    async def delete(self, worker_id: str) -> models.Webhook:
        """Remove the webhook and its token."""
        return await self._t.request(
            "DELETE",
            f"/api/workers/{segment(worker_id, 'worker_id')}/webhook",
            operation=f"remove the webhook of worker {_show(worker_id)}",
            cast=models.Webhook.model_validate,
            done=lambda: models.Webhook(token=None, url=None),
        )

    async def regenerate_token(self, worker_id: str) -> models.Webhook:
        """Issue a new token; the old one stops working at once."""
        return await self._t.request(
            "POST",
            f"/api/workers/{segment(worker_id, 'worker_id')}/webhook/regenerate-token",
            operation=f"regenerate the webhook token of worker {_show(worker_id)}",
            cast=models.Webhook.model_validate,
        )

    async def list_executions(
        self, worker_id: str, *, page: int = 1
    ) -> models.WebhookExecutionList:
        """One page (1-indexed, 50 per page, newest first) of webhook deliveries."""
        if page < 1:
            raise ValueError(f"page must be >= 1, got {page}")
        return await self._t.request(
            "GET",
            f"/api/workers/{segment(worker_id, 'worker_id')}/webhook/executions",
            operation=f"list webhook deliveries of worker {_show(worker_id)} (page {page})",
            params={"page": page},
            cast=models.WebhookExecutionList.model_validate,
        )


class Tasks(_Resource):
    """``/api/tasks``: run a worker now, read a task, archive it."""

    async def create(
        self,
        *,
        input: str,
        worker_id: str | NotGiven = NOT_GIVEN,
        budget: models.Budget | NotGiven = NOT_GIVEN,
        task_id: str | NotGiven = NOT_GIVEN,
        timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,  # noqa: ASYNC109
    ) -> models.Worker:
        """Run a task and wait for it to end; never retried (see ``RetryPolicy``).

        The read timeout is at least 15 minutes unless ``timeout`` is given. Pass
        your own ``task_id`` to be able to look the task up if the call fails with
        ``outcome_unknown``.
        """
        body = given(input=input, workerId=worker_id, budget=budget, taskId=task_id)
        if isinstance(timeout, NotGiven):
            base = self._t.timeout
            read = max(base.read or 0.0, TASK_READ_TIMEOUT)
            task_timeout = httpx.Timeout(
                connect=base.connect, read=read, write=base.write, pool=base.pool
            )
        elif isinstance(timeout, httpx.Timeout):
            task_timeout = timeout
        else:
            task_timeout = httpx.Timeout(timeout, connect=min(timeout, 5.0))
        target = f" on worker {_show(worker_id)}" if isinstance(worker_id, str) else ""
        return await self._t.request(
            "POST",
            "/api/tasks",
            operation=f"run a task{target}",
            body=body,
            request_timeout=task_timeout,
            cast=models.Worker.model_validate,
        )

    async def retrieve(self, task_id: str) -> models.TaskWithTurns:
        """A task and its turns."""
        return await self._t.request(
            "GET",
            f"/api/tasks/{segment(task_id, 'task_id')}",
            operation=f"load task {_show(task_id)}",
            cast=models.TaskWithTurns.model_validate,
        )

    async def delete(self, task_id: str) -> models.DeleteTaskResponse:
        """Archive a task (hidden from listings; turns and files kept)."""
        return await self._t.request(
            "DELETE",
            f"/api/tasks/{segment(task_id, 'task_id')}",
            operation=f"archive task {_show(task_id)}",
            cast=models.DeleteTaskResponse.model_validate,
            done=lambda: models.DeleteTaskResponse(archived=True),
        )
