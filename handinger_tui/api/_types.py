"""Small shared types: the ``NOT_GIVEN`` sentinel and the open enums of the wire."""

from __future__ import annotations

from typing import Any, Final, Literal, TypeAlias, TypeVar

__all__ = [
    "KNOWN_BUDGETS",
    "KNOWN_REQUEST_STATUSES",
    "KNOWN_SCHEDULE_TYPES",
    "KNOWN_TASK_STATUSES",
    "KNOWN_TRIGGERS",
    "KNOWN_VISIBILITIES",
    "KNOWN_WORKER_STATUSES",
    "NOT_GIVEN",
    "Budget",
    "NotGiven",
    "RequestStatus",
    "ScheduleType",
    "TaskStatus",
    "TriggeredBy",
    "Visibility",
    "WorkerStatus",
    "given",
]

T = TypeVar("T")


class NotGiven:
    """Marks an argument the caller did not pass (distinct from ``None``, which means null).

    >>> def f(x: int | NotGiven = NOT_GIVEN) -> None: ...
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


def given(**fields: Any) -> dict[str, Any]:
    """The keyword arguments that were actually given (drops ``NOT_GIVEN``, keeps ``None``)."""
    return {key: value for key, value in fields.items() if not isinstance(value, NotGiven)}


# --- open enums of the wire -------------------------------------------------------------

KNOWN_BUDGETS = ("low", "standard", "high", "unlimited")
KNOWN_VISIBILITIES = ("public", "private")
KNOWN_WORKER_STATUSES = ("pending", "running", "completed")
KNOWN_TASK_STATUSES = ("pending", "running", "completed", "error", "aborted")
KNOWN_TRIGGERS = ("api", "email", "schedule", "ui")
KNOWN_REQUEST_STATUSES = ("success", "error")
KNOWN_SCHEDULE_TYPES = ("scheduled", "delayed", "cron", "interval")

# ``Literal[...] | str`` documents the known values and still accepts any string.
Budget: TypeAlias = Literal["low", "standard", "high", "unlimited"] | str
Visibility: TypeAlias = Literal["public", "private"] | str
WorkerStatus: TypeAlias = Literal["pending", "running", "completed"] | str
TaskStatus: TypeAlias = Literal["pending", "running", "completed", "error", "aborted"] | str
TriggeredBy: TypeAlias = Literal["api", "email", "schedule", "ui"] | str
RequestStatus: TypeAlias = Literal["success", "error"] | str
ScheduleType: TypeAlias = Literal["scheduled", "delayed", "cron", "interval"] | str
