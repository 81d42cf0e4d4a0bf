"""What the explorer knows right now: one `Resource` per thing it polls, kept by key.

A resource keeps its last good value when a refresh fails: it is then *stale*, with the
error and the time of the next retry, and the UI shows both beside the old data.
Readers take values through the typed accessors (`worker`, `schedules`, `webhook`,
`executions`, `email`, `task`), so mypy sees every field a pane shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

from handinger_tui.api.on_use import models  # the wire models load on first read

if TYPE_CHECKING:  # annotations only: importing the state loads no pydantic (first frame)
    from handinger_tui.api.models import (
        ScheduleList,
        TaskWithTurns,
        Webhook,
        WebhookExecutionList,
        Worker,
        WorkerEmail,
    )

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

Answer: TypeAlias = (
    "Worker | ScheduleList | Webhook | WebhookExecutionList | WorkerEmail | TaskWithTurns"
)
"""What a resource holds: the answer of the request its `Kind` names."""


class Kind(StrEnum):
    """The kinds of data the explorer polls for a worker."""

    WORKER = "worker"  # GET /api/workers/{id}: the runtime state
    SCHEDULES = "schedules"  # GET /api/workers/{id}/schedules
    WEBHOOK = "webhook"  # GET /api/workers/{id}/webhook
    EXECUTIONS = "executions"  # GET /api/workers/{id}/webhook/executions?page=n
    EMAIL = "email"  # GET /api/workers/{id}/email (fetched once)
    TASK = "task"  # GET /api/tasks/{ref}: one run, looked up by the background sweep


@dataclass(frozen=True, slots=True)
class Key:
    """Identifies one polled resource. `page` only matters for executions, `ref` for tasks."""

    kind: Kind
    worker_id: str
    page: int = 1
    ref: str = ""  # the task id of a TASK key

    def __str__(self) -> str:
        suffix = f" page {self.page}" if self.kind is Kind.EXECUTIONS else ""
        if self.kind is Kind.TASK:
            suffix = f" {self.ref}"
        return f"{self.kind.value} of {self.worker_id}{suffix}"


class Clock:
    """Wall and monotonic time, replaceable in tests and snapshots."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class Trouble(StrEnum):
    """What kind of failure a request met, in the status line's words."""

    UNREACHABLE = "unreachable"  # could not connect, or the connection broke
    TIMEOUT = "not answering"  # connected, but no answer in time
    UNREADABLE = "unreadable answer"  # a 2xx this client cannot read
    KEY_REFUSED = "API key refused"  # 401
    DENIED = "permission denied"  # 403
    NOT_FOUND = "not found"  # 404
    RATE_LIMITED = "rate limited"  # 429
    SERVER = "server errors"  # 5xx
    OTHER = "errors"  # any other status, or a failure inside the client


OUTAGE_TROUBLES = frozenset(
    {Trouble.UNREACHABLE, Trouble.TIMEOUT, Trouble.UNREADABLE, Trouble.RATE_LIMITED, Trouble.SERVER}
)
"""Failures about the service as a whole (not one worker): they count towards an outage."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed request, classified: the kind, a short reason, the status, Retry-After."""

    trouble: Trouble
    reason: str
    status: int | None = None
    retry_after: float | None = None


@dataclass(slots=True)
class Resource(Generic[T_co]):
    """The last known value of one resource, and how fresh it is.

    Covariant, so a reader of freshness alone takes any resource as ``Resource[object]``;
    values are written only through ``ExplorerState.resource(key)``, typed ``Answer``.
    """

    value: T_co | None = None
    fetched_at: datetime | None = None  # wall time of the last success
    error: str | None = None  # the last failure, in words; None after a success
    error_status: int | None = None  # HTTP status of the last failure, if any
    failures: int = 0  # consecutive failures (drives the backoff)
    retry_at: float | None = None  # monotonic time of the next retry after a failure
    failed_at: float | None = None  # monotonic time the last failure was recorded
    trouble: Trouble | None = None  # the kind of the last failure; None after a success
    in_flight: bool = False
    next_due: float = 0.0  # monotonic time when it should be refreshed next
    gone: bool = False  # the server said 404: the worker no longer exists

    @property
    def loaded(self) -> bool:
        return self.fetched_at is not None

    @property
    def stale(self) -> bool:
        """True when the last refresh failed (the value shown may be old or missing)."""
        return self.error is not None


@dataclass(slots=True)
class Connection:
    """The status line: is the service answering, and what went wrong last."""

    ok: bool | None = None  # None until the first request finishes
    last_ok: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    problem: str = ""  # what is wrong, in two words: "unreachable", "server errors", …
    trouble: Trouble | None = None  # the kind of the last failure that made `ok` false
    halted: bool = False  # polling stopped: the API key was refused
    outage: bool = False  # every recent request failed: polling slowed to one probe
    waiting: dict[Key, datetime] = field(default_factory=dict)  # sent, not answered: since


@dataclass(slots=True)
class ExplorerState:
    """Every resource by key, plus what the operator is looking at."""

    resources: dict[Key, Resource[Answer]] = field(default_factory=dict)
    selected: str | None = None
    visible: tuple[str, ...] = ()
    execution_page: dict[str, int] = field(default_factory=dict)
    status_changed_at: dict[str, datetime] = field(default_factory=dict)
    connection: Connection = field(default_factory=Connection)
    started_tasks: dict[str, str] = field(default_factory=dict)  # task id -> worker id, run here

    def resource(self, key: Key) -> Resource[Answer]:
        res = self.resources.get(key)
        if res is None:
            res = self.resources[key] = Resource()
        return res

    def value(self, key: Key) -> object:
        """What is under `key`, opaque (for identity checks); panes read the accessors below."""
        res = self.resources.get(key)
        return None if res is None else res.value

    def _typed(self, key: Key, model: type[T]) -> T | None:
        """The value under `key` if it is a `model` (anything else reads as not loaded)."""
        value = self.value(key)
        return value if isinstance(value, model) else None

    def worker(self, worker_id: str) -> Worker | None:
        """The runtime state of a worker (`GET /api/workers/{id}`), if loaded."""
        return self._typed(Key(Kind.WORKER, worker_id), models.Worker)

    def schedules(self, worker_id: str) -> ScheduleList | None:
        """A worker's schedules, if loaded."""
        return self._typed(Key(Kind.SCHEDULES, worker_id), models.ScheduleList)

    def webhook(self, worker_id: str) -> Webhook | None:
        """A worker's webhook (URL and token; both None when none is set), if loaded."""
        return self._typed(Key(Kind.WEBHOOK, worker_id), models.Webhook)

    def executions(self, worker_id: str, page: int = 1) -> WebhookExecutionList | None:
        """One page of a worker's webhook deliveries, if loaded."""
        key = Key(Kind.EXECUTIONS, worker_id, page)
        return self._typed(key, models.WebhookExecutionList)

    def email(self, worker_id: str) -> WorkerEmail | None:
        """A worker's inbound email address, if loaded."""
        return self._typed(Key(Kind.EMAIL, worker_id), models.WorkerEmail)

    def task(self, worker_id: str, task_id: str) -> TaskWithTurns | None:
        """A task of a worker looked up by the sweep, if loaded."""
        return self._typed(Key(Kind.TASK, worker_id, ref=task_id), models.TaskWithTurns)

    def page_of(self, worker_id: str) -> int:
        return self.execution_page.get(worker_id, 1)

    def forget(self, worker_id: str) -> None:
        """Drop everything known about a worker (after untrack or delete)."""
        for key in [k for k in self.resources if k.worker_id == worker_id]:
            del self.resources[key]
        self.execution_page.pop(worker_id, None)
        self.status_changed_at.pop(worker_id, None)
        for task_id in [t for t, owner in self.started_tasks.items() if owner == worker_id]:
            del self.started_tasks[task_id]


ACTIVE_STATUSES = frozenset({"pending", "running"})
"""Worker statuses of a run not yet ended: polled at the active cadence, output may grow."""


def record_answer(res: Resource[Answer], value: Answer, at: datetime) -> None:
    """`value` just answered for `res` (at wall time `at`): fresh, every mark of a failure gone.

    The one place a value is written: the coordinator's polls and `Operations`' writes.
    """
    res.value = value
    res.fetched_at = at
    res.error = None
    res.error_status = None
    res.trouble = None
    res.failures = 0
    res.retry_at = None
    res.failed_at = None
    res.gone = False


ChangeCallback = Callable[[Key], None]
