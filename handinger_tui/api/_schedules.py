"""Schedule models (answers and the ``when`` of a request); re-exported by ``models``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    field_serializer,
    field_validator,
    model_validator,
)

from ._types import KNOWN_BUDGETS, KNOWN_SCHEDULE_TYPES, Budget
from ._wire import (
    BUILT_ON_FIRST_USE,
    Number,
    Unreadable,
    WireModel,
    opt_text,
    read_each,
    strict_wire,
    text,
)

__all__ = [
    "WHEN_ADAPTER",
    "WORKER_SCHEDULE_ADAPTER",
    "CronSchedule",
    "CronWhen",
    "DelayedSchedule",
    "DelayedWhen",
    "IntervalSchedule",
    "IntervalWhen",
    "ScheduleCancelResponse",
    "ScheduleList",
    "ScheduledSchedule",
    "ScheduledWhen",
    "UnknownSchedule",
    "UnreadableSchedule",
    "When",
    "WorkerSchedule",
]


# --- schedules ---------------------------------------------------------------------------


class _ScheduleBase(WireModel):
    _known = {"budget": KNOWN_BUDGETS, "type": KNOWN_SCHEDULE_TYPES}

    id: str
    budget: Budget | None = None
    input: str = ""
    next_run_at: datetime | None = Field(default=None, alias="nextRunAt")


class ScheduledSchedule(_ScheduleBase):
    """A one-off run at a fixed date."""

    type: Literal["scheduled"] = "scheduled"


class DelayedSchedule(_ScheduleBase):
    """A one-off run after a delay."""

    type: Literal["delayed"] = "delayed"
    delay_in_seconds: Number = Field(alias="delayInSeconds")


class CronSchedule(_ScheduleBase):
    """A recurring run on a cron expression."""

    type: Literal["cron"] = "cron"
    cron: str


class IntervalSchedule(_ScheduleBase):
    """A recurring run every N seconds."""

    type: Literal["interval"] = "interval"
    interval_seconds: Number = Field(alias="intervalSeconds")


class UnknownSchedule(WireModel):
    """A schedule whose ``type`` (or shape) this client does not know; raw data kept.

    Only ``id`` is required; the common fields are read if usable, ``raw`` has it all.
    Strict mode refuses it: the reference lists every type and its fields.
    """

    id: str
    type: str | None = None
    budget: Any = None
    input: Any = None
    next_run_at: Any = Field(default=None, alias="nextRunAt")

    @model_validator(mode="after")
    def _strict_unknown(self) -> UnknownSchedule:
        if strict_wire():
            raise ValueError(f"schedule type {self.type!r} or its shape is not in the reference")
        return self

    @property
    def raw(self) -> dict[str, Any]:
        """Everything the server sent, by wire name."""
        return self.model_dump(by_alias=True)


class UnreadableSchedule(UnknownSchedule, Unreadable):
    """A schedule that could not be read (lax mode only); ``id`` is "" when it had none."""

    model_config = BUILT_ON_FIRST_USE

    id: str = ""

    @classmethod
    def of(cls, item: Any, reason: str) -> UnreadableSchedule:
        """The placeholder for ``item``, keeping what can be shown of it."""
        data = item if isinstance(item, dict) else {}
        return cls.model_construct(
            id=text(data.get("id")),
            type=opt_text(data.get("type")),
            budget=opt_text(data.get("budget")),
            input=opt_text(data.get("input")),
            next_run_at=None,
            reason=reason,
            received=item,
        )


_SCHEDULE_REQUIRED_KEY = {
    "scheduled": None,
    "delayed": ("delayInSeconds", "delay_in_seconds"),
    "cron": ("cron",),
    "interval": ("intervalSeconds", "interval_seconds"),
}


def _schedule_tag(value: Any) -> str:
    """Pick the variant; unknown types or incomplete shapes go to ``UnknownSchedule``."""
    if isinstance(value, _KNOWN_SCHEDULE_CLASSES):
        return value.type
    if not isinstance(value, dict):
        return "unknown"
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in _SCHEDULE_REQUIRED_KEY:
        return "unknown"
    keys = _SCHEDULE_REQUIRED_KEY[kind]
    if keys is not None and not any(k in value for k in keys):
        return "unknown"
    return kind


_KNOWN_SCHEDULE_CLASSES = (ScheduledSchedule, DelayedSchedule, CronSchedule, IntervalSchedule)

WorkerSchedule: TypeAlias = Annotated[
    Annotated[ScheduledSchedule, Tag("scheduled")]
    | Annotated[DelayedSchedule, Tag("delayed")]
    | Annotated[CronSchedule, Tag("cron")]
    | Annotated[IntervalSchedule, Tag("interval")]
    | Annotated[UnknownSchedule, Tag("unknown")],
    Discriminator(_schedule_tag),
]
"""A schedule, discriminated on ``type``; an unknown type parses as ``UnknownSchedule``."""

WORKER_SCHEDULE_ADAPTER: TypeAdapter[WorkerSchedule] = TypeAdapter(WorkerSchedule)


class ScheduleList(WireModel):
    """``GET /api/workers/{workerId}/schedules`` (unpaginated)."""

    schedules: list[WorkerSchedule] = Field(default_factory=list)
    worker_id: str | None = Field(default=None, alias="workerId")

    @field_validator("schedules", mode="before")
    @classmethod
    def _read_each(cls, value: Any) -> Any:
        return read_each(value, WORKER_SCHEDULE_ADAPTER.validate_python, UnreadableSchedule.of)


class ScheduleCancelResponse(WireModel):
    """Result of cancelling a schedule."""

    model_config = BUILT_ON_FIRST_USE

    cancelled: bool


# --- when (schedule request) -------------------------------------------------------------


class _Request(WireModel):
    """A request shape: built by this client, so the strict reading checks do not apply."""

    model_config = BUILT_ON_FIRST_USE

    _checked = False


class ScheduledWhen(_Request):
    """Run once at ``date`` (a naive datetime is taken as UTC; strings are sent as-is)."""

    type: Literal["scheduled"] = "scheduled"
    date: datetime | str

    @field_serializer("date")
    def _serialize_date(self, value: datetime | str) -> str:
        if isinstance(value, str):
            return value
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        utc = value.astimezone(UTC)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


class DelayedWhen(_Request):
    """Run once after ``delay_in_seconds`` (1 .. 31536000)."""

    type: Literal["delayed"] = "delayed"
    delay_in_seconds: int = Field(alias="delayInSeconds")


class CronWhen(_Request):
    """Run on a cron expression."""

    type: Literal["cron"] = "cron"
    cron: str


class IntervalWhen(_Request):
    """Run every ``interval_seconds`` (1 .. 31536000)."""

    type: Literal["interval"] = "interval"
    interval_seconds: int = Field(alias="intervalSeconds")


When: TypeAlias = Annotated[
    ScheduledWhen | DelayedWhen | CronWhen | IntervalWhen, Field(discriminator="type")
]
WHEN_ADAPTER: TypeAdapter[When] = TypeAdapter(When, config=BUILT_ON_FIRST_USE)
