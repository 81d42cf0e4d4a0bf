"""Wire models of the Handinger Workers API (pydantic v2).

Rules, applied to every model here:

* Field aliases are the exact wire names (camelCase for most objects; the runtime
  ``Worker`` object is snake_case at the top level). Python attribute names work too
  (``populate_by_name``). ``model_dump(by_alias=True)`` gives the wire form back.
* Unknown fields are kept (``extra="allow"``; see ``model_extra``).
* Enum-like fields are open strings: the known values are listed as ``Literal`` types
  and ``KNOWN_*`` tuples for documentation and UI hints, but any string is accepted,
  so a status the client does not know yet is kept and shown, never a crash.
* Only the keys that say what an object is (``id``, a status, a boolean result, a
  schedule's own field) are required. Every other key has a default (empty string,
  empty list or map, ``None``), so a key a newer service version drops degrades to an
  empty value instead of failing the whole response.
* Timestamps the reference declares as date-time are ``datetime``; the others are kept
  as the opaque strings the server sent.
* What the worker list never reads (task bodies, templates, small results, requests,
  placeholders) is ``BUILT_ON_FIRST_USE``: start-up does not pay for its validators.

Lax by default, strict on demand (``set_strict_wire``; the test suite turns it on): see
``_wire`` for the rules. Nothing is invented in lax mode either: a missing ``visibility``
is ``None`` (unknown), a missing ``pageCount`` is derived from ``totalCount``. Schedules
live in ``_schedules`` and the open enums in ``_types``; every name is re-exported here.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from pydantic import Field, SecretStr, TypeAdapter, field_validator, model_validator

from ._schedules import (
    WHEN_ADAPTER,
    WORKER_SCHEDULE_ADAPTER,
    CronSchedule,
    CronWhen,
    DelayedSchedule,
    DelayedWhen,
    IntervalSchedule,
    IntervalWhen,
    ScheduleCancelResponse,
    ScheduledSchedule,
    ScheduledWhen,
    ScheduleList,
    UnknownSchedule,
    UnreadableSchedule,
    When,
    WorkerSchedule,
)
from ._types import (
    KNOWN_BUDGETS,
    KNOWN_REQUEST_STATUSES,
    KNOWN_SCHEDULE_TYPES,
    KNOWN_TASK_STATUSES,
    KNOWN_TRIGGERS,
    KNOWN_VISIBILITIES,
    KNOWN_WORKER_STATUSES,
    Budget,
    RequestStatus,
    ScheduleType,
    TaskStatus,
    TriggeredBy,
    Visibility,
    WorkerStatus,
)
from ._wire import (
    BUILT_ON_FIRST_USE,
    STRICT_WIRE_ENV,
    Number,
    Unreadable,
    WireModel,
    opt_text,
    read_each,
    set_strict_wire,
    strict_wire,
    strict_wire_mode,
    text,
)

__all__ = [
    "EXECUTIONS_PAGE_SIZE",
    "KNOWN_BUDGETS",
    "KNOWN_REQUEST_STATUSES",
    "KNOWN_SCHEDULE_TYPES",
    "KNOWN_TASK_STATUSES",
    "KNOWN_TRIGGERS",
    "KNOWN_VISIBILITIES",
    "KNOWN_WORKER_STATUSES",
    "STRICT_WIRE_ENV",
    "WHEN_ADAPTER",
    "WORKER_SCHEDULE_ADAPTER",
    "Budget",
    "CronSchedule",
    "CronWhen",
    "DelayedSchedule",
    "DelayedWhen",
    "DeleteTaskResponse",
    "DeleteWorkerResponse",
    "File",
    "IntervalSchedule",
    "IntervalWhen",
    "Number",
    "Output",
    "OutputContent",
    "RequestStatus",
    "ScheduleCancelResponse",
    "ScheduleList",
    "ScheduleType",
    "ScheduledSchedule",
    "ScheduledWhen",
    "Source",
    "Task",
    "TaskStatus",
    "TaskWithTurns",
    "Totals",
    "TriggeredBy",
    "Turn",
    "UnknownSchedule",
    "Unreadable",
    "UnreadableExecution",
    "UnreadableFile",
    "UnreadableSchedule",
    "UnreadableSource",
    "Usage",
    "Visibility",
    "Webhook",
    "WebhookExecution",
    "WebhookExecutionList",
    "When",
    "WireModel",
    "Worker",
    "WorkerEmail",
    "WorkerSchedule",
    "WorkerStatus",
    "WorkerTemplate",
    "epoch_to_datetime",
    "set_strict_wire",
    "strict_wire",
    "strict_wire_mode",
]


def epoch_to_datetime(value: int | float | None) -> datetime | None:
    """An epoch value in seconds, or milliseconds when it is above 10**11, as UTC."""
    if value is None:
        return None
    seconds = value / 1000 if abs(value) > 10**11 else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


# --- worker template ---------------------------------------------------------------------


class WorkerTemplate(WireModel):
    """The persisted worker definition; returned only by create and update."""

    model_config = BUILT_ON_FIRST_USE

    _nullable = frozenset({"created_at", "output_schema", "updated_at"})
    _known = {"visibility": KNOWN_VISIBILITIES}

    id: str
    created_at: str | None = Field(default=None, alias="createdAt")
    instructions: str = ""
    organization_id: str | None = Field(default=None, alias="organizationId")
    output_schema: dict[str, Any] | None = Field(default=None, alias="outputSchema")
    summary: str = ""
    title: str = ""
    updated_at: str | None = Field(default=None, alias="updatedAt")
    url: str | None = None
    user_id: str | None = Field(default=None, alias="userId")
    visibility: Visibility | None = None
    """``None`` when the server did not say (unknown, never assumed public)."""


# --- worker runtime state ----------------------------------------------------------------


class File(WireModel):
    """A file produced or attached during a task."""

    _nullable = frozenset({"filename"})

    filename: str | None = None
    media_type: str | None = Field(default=None, alias="mediaType")
    url: str
    size: Number | None = None


class UnreadableFile(File, Unreadable):
    """A file entry that could not be read (lax mode only)."""

    model_config = BUILT_ON_FIRST_USE

    url: str = ""

    @classmethod
    def of(cls, item: Any, reason: str) -> UnreadableFile:
        """The placeholder for ``item``, keeping what can be shown of it."""
        data = item if isinstance(item, dict) else {}
        return cls.model_construct(
            filename=opt_text(data.get("filename")),
            media_type=opt_text(data.get("mediaType")),
            url=text(data.get("url")),
            reason=reason,
            received=item,
        )


class OutputContent(WireModel):
    """One content part of an assistant message."""

    _known = {"type": ("output_text",)}

    text: str = ""
    type: str = "output_text"


class Output(WireModel):
    """An assistant message."""

    _known = {"role": ("assistant",), "status": ("completed",), "type": ("message",)}

    id: str
    content: list[OutputContent] = Field(default_factory=list)
    role: str = "assistant"
    status: str = "completed"
    type: str = "message"


class Source(WireModel):
    """A URL consulted during a task."""

    _nullable = frozenset({"title"})
    _known = {"type": ("url",)}

    id: str
    title: str | None = None
    type: str = "url"
    url: str


class UnreadableSource(Source, Unreadable):
    """A source entry that could not be read (lax mode only)."""

    model_config = BUILT_ON_FIRST_USE

    id: str = ""
    url: str = ""

    @classmethod
    def of(cls, item: Any, reason: str) -> UnreadableSource:
        """The placeholder for ``item``, keeping what can be shown of it."""
        data = item if isinstance(item, dict) else {}
        return cls.model_construct(
            id=text(data.get("id")),
            title=opt_text(data.get("title")),
            url=text(data.get("url")),
            reason=reason,
            received=item,
        )


class Usage(WireModel):
    """Credits and wall-clock time of the run."""

    credits: Number | None = None
    duration_ms: Number | None = Field(default=None, alias="durationMs")


_FILE_ADAPTER: TypeAdapter[File] = TypeAdapter(File)
_SOURCE_ADAPTER: TypeAdapter[Source] = TypeAdapter(Source)


class Worker(WireModel):
    """Runtime view of a worker: the state of its most recent task (snake_case wire)."""

    _nullable = frozenset({"created_at", "error", "incomplete_details", "structured_output"})
    _known = {"status": KNOWN_WORKER_STATUSES, "object": ("worker",)}

    id: str
    created_at: Number | None = None
    error: Any = None
    files: list[File] = Field(default_factory=list)
    incomplete_details: Any = None
    messages: list[Any] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)
    object: str = "worker"
    output: list[Output] = Field(default_factory=list)
    output_text: str = ""
    running: bool = False
    sources: list[Source] = Field(default_factory=list)
    status: WorkerStatus
    structured_output: dict[str, Any] | None = None
    url: str | None = None
    usage: Usage | None = None

    @field_validator("files", mode="before")
    @classmethod
    def _read_each_file(cls, value: Any) -> Any:
        return read_each(value, _FILE_ADAPTER.validate_python, UnreadableFile.of)

    @field_validator("sources", mode="before")
    @classmethod
    def _read_each_source(cls, value: Any) -> Any:
        return read_each(value, _SOURCE_ADAPTER.validate_python, UnreadableSource.of)

    @property
    def created_at_datetime(self) -> datetime | None:
        """``created_at`` as an aware UTC datetime (seconds, or ms when > 10**11)."""
        return epoch_to_datetime(self.created_at)


# --- webhooks ----------------------------------------------------------------------------


class Webhook(WireModel):
    """A worker's webhook; both fields are ``None`` when none is set.

    The token is a ``SecretStr``: masked in reprs and dumps; read it with
    ``webhook.token.get_secret_value()``.
    """

    _nullable = frozenset({"token", "url"})

    token: SecretStr | None = None
    url: str | None = None


class WebhookExecution(WireModel):
    """One webhook delivery attempt."""

    _nullable = frozenset({"error_message", "response_status", "task_id", "task_title"})
    _known = {"request_status": KNOWN_REQUEST_STATUSES}

    id: str
    created_at: datetime | None = Field(default=None, alias="createdAt")
    duration_ms: Number | None = Field(default=None, alias="durationMs")
    error_message: str | None = Field(default=None, alias="errorMessage")
    request_status: RequestStatus = Field(alias="requestStatus")
    response_status: Number | None = Field(default=None, alias="responseStatus")
    task_id: str | None = Field(default=None, alias="taskId")
    task_title: str | None = Field(default=None, alias="taskTitle")
    url: str | None = None
    worker_id: str | None = Field(default=None, alias="workerId")


class UnreadableExecution(WebhookExecution, Unreadable):
    """A delivery that could not be read (lax mode only); ``id`` is "" when it had none."""

    model_config = BUILT_ON_FIRST_USE

    id: str = ""
    request_status: RequestStatus = Field(default="", alias="requestStatus")

    @classmethod
    def of(cls, item: Any, reason: str) -> UnreadableExecution:
        """The placeholder for ``item``, keeping what can be shown of it."""
        data = item if isinstance(item, dict) else {}
        return cls.model_construct(
            id=text(data.get("id")),
            request_status=text(data.get("requestStatus")),
            task_title=opt_text(data.get("taskTitle")),
            error_message=opt_text(data.get("errorMessage")),
            reason=reason,
            received=item,
        )


EXECUTIONS_PAGE_SIZE = 50
_EXECUTION_ADAPTER: TypeAdapter[WebhookExecution] = TypeAdapter(WebhookExecution)


class WebhookExecutionList(WireModel):
    """One page (50 items, newest first, 1-indexed) of webhook deliveries.

    A missing ``pageCount`` is derived from ``totalCount`` (at least the current page);
    a missing ``totalCount`` stays ``None`` (unknown).
    """

    logs: list[WebhookExecution] = Field(default_factory=list)
    page: Number = 1
    page_count: Number = Field(default=0, alias="pageCount")
    total_count: Number | None = Field(default=None, alias="totalCount")

    @field_validator("logs", mode="before")
    @classmethod
    def _read_each(cls, value: Any) -> Any:
        return read_each(value, _EXECUTION_ADAPTER.validate_python, UnreadableExecution.of)

    @model_validator(mode="before")
    @classmethod
    def _derive_page_count(cls, data: Any) -> Any:
        if not isinstance(data, dict) or strict_wire():
            return data
        if data.get("pageCount", data.get("page_count")) is not None:
            return data
        page = data.get("page", 1)
        total = data.get("totalCount", data.get("total_count"))
        pages = page if isinstance(page, int | float) and page >= 1 else 1
        if isinstance(total, int | float) and math.isfinite(total):
            pages = max(pages, math.ceil(total / EXECUTIONS_PAGE_SIZE))
        rest = {k: v for k, v in data.items() if k not in ("pageCount", "page_count")}
        return {**rest, "pageCount": math.ceil(pages)}


# --- tasks -------------------------------------------------------------------------------


class Totals(WireModel):
    """Aggregates over all turns of a task."""

    model_config = BUILT_ON_FIRST_USE

    credits: Number = 0
    duration_ms: Number = Field(default=0, alias="durationMs")
    turn_count: Number = Field(default=0, alias="turnCount")


class Task(WireModel):
    """A task (one run of a worker, possibly with follow-up turns)."""

    model_config = BUILT_ON_FIRST_USE

    _nullable = frozenset({"completed_at", "created_by_user_id"})
    _known = {"status": KNOWN_TASK_STATUSES, "triggered_by": KNOWN_TRIGGERS}

    id: str
    completed_at: str | None = Field(default=None, alias="completedAt")
    created_at: str | None = Field(default=None, alias="createdAt")
    created_by_user_id: str | None = Field(default=None, alias="createdByUserId")
    organization_id: str | None = Field(default=None, alias="organizationId")
    status: TaskStatus
    title: str = ""
    totals: Totals = Field(default_factory=Totals)
    triggered_by: TriggeredBy | None = Field(default=None, alias="triggeredBy")
    url: str | None = None
    worker_id: str | None = Field(default=None, alias="workerId")


class Turn(WireModel):
    """One turn of a task."""

    model_config = BUILT_ON_FIRST_USE

    _nullable = frozenset({"completed_at", "structured_output"})

    id: str
    completed_at: str | None = Field(default=None, alias="completedAt")
    credits: Number = 0
    duration_ms: Number = Field(default=0, alias="durationMs")
    input: str = ""
    input_tokens: Number = Field(default=0, alias="inputTokens")
    output_text: str = Field(default="", alias="outputText")
    output_tokens: Number = Field(default=0, alias="outputTokens")
    role: str = ""
    seq: Number = 0
    started_at: str | None = Field(default=None, alias="startedAt")
    status: str = ""
    structured_output: dict[str, Any] | None = Field(default=None, alias="structuredOutput")
    task_id: str | None = Field(default=None, alias="taskId")


class TaskWithTurns(WireModel):
    """``GET /api/tasks/{taskId}``: the task and its turns."""

    model_config = BUILT_ON_FIRST_USE

    task: Task
    turns: list[Turn] = Field(default_factory=list)


# --- small responses ---------------------------------------------------------------------


class WorkerEmail(WireModel):
    """The inbound email address that starts tasks on a worker."""

    email: str


class DeleteWorkerResponse(WireModel):
    """Result of deleting a worker template."""

    model_config = BUILT_ON_FIRST_USE

    deleted: bool


class DeleteTaskResponse(WireModel):
    """Result of archiving a task."""

    model_config = BUILT_ON_FIRST_USE

    archived: bool
