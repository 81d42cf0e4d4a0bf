"""Small shared types: the ``NOT_GIVEN`` sentinel and the open enums of the wire."""

from __future__ import annotations

from typing import Any, Final, Literal, TypeAlias, TypeVar, get_args

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
# Each known set is spelled once, as a ``Literal``; the tuples are read from it.

KnownBudget: TypeAlias = Literal["low", "standard", "high", "unlimited"]
KnownVisibility: TypeAlias = Literal["public", "private"]
KnownWorkerStatus: TypeAlias = Literal["pending", "running", "completed"]
KnownTaskStatus: TypeAlias = Literal["pending", "running", "completed", "error", "aborted"]
KnownTrigger: TypeAlias = Literal["api", "email", "schedule", "ui"]
KnownRequestStatus: TypeAlias = Literal["success", "error"]
KnownScheduleType: TypeAlias = Literal["scheduled", "delayed", "cron", "interval"]

KNOWN_BUDGETS: Final[tuple[str, ...]] = get_args(KnownBudget)
KNOWN_VISIBILITIES: Final[tuple[str, ...]] = get_args(KnownVisibility)
KNOWN_WORKER_STATUSES: Final[tuple[str, ...]] = get_args(KnownWorkerStatus)
KNOWN_TASK_STATUSES: Final[tuple[str, ...]] = get_args(KnownTaskStatus)
KNOWN_TRIGGERS: Final[tuple[str, ...]] = get_args(KnownTrigger)
KNOWN_REQUEST_STATUSES: Final[tuple[str, ...]] = get_args(KnownRequestStatus)
KNOWN_SCHEDULE_TYPES: Final[tuple[str, ...]] = get_args(KnownScheduleType)

# ``Literal[...] | str`` documents the known values and still accepts any string.
Budget: TypeAlias = KnownBudget | str
Visibility: TypeAlias = KnownVisibility | str
WorkerStatus: TypeAlias = KnownWorkerStatus | str
TaskStatus: TypeAlias = KnownTaskStatus | str
TriggeredBy: TypeAlias = KnownTrigger | str
RequestStatus: TypeAlias = KnownRequestStatus | str
ScheduleType: TypeAlias = KnownScheduleType | str
