"""Plain records the emulator keeps (its own shapes; the wire shapes live in ``render``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Self

ENDED_EARLY = ("error", "aborted")  # a run that stopped before its answer was complete
TERMINAL = ("completed", *ENDED_EARLY)


class Record:
    """Mixin: JSON-able dict round trip that tolerates missing/extra keys."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class WorkerRec(Record):
    id: str
    title: str
    summary: str
    instructions: str
    output_schema: dict[str, Any] | None
    visibility: str
    created_at: float
    updated_at: float
    user_id: str
    email: str
    prompt: str | None = None
    deleted: bool = False
    webhook_url: str | None = None
    webhook_token: str | None = None
    last_task_id: str | None = None
    keep_alive: bool = False


@dataclass
class TurnRec(Record):
    id: str
    task_id: str
    seq: int
    input: str
    budget: str
    instructions: str
    output_schema: dict[str, Any] | None
    started_at: float
    pending_until: float
    run_until: float
    answer: str
    structured_output: dict[str, Any] | None
    sources: list[dict[str, Any]]
    files: list[dict[str, Any]]
    credits: int
    input_tokens: int
    output_tokens: int
    status: str = "pending"
    completed_at: float | None = None  # when it ended (also for error and aborted)
    message_id: str = ""
    error: str | None = None  # why it ended early (status error or aborted)


@dataclass
class TaskRec(Record):
    id: str
    worker_id: str
    title: str
    triggered_by: str
    created_at: float
    created_by_user_id: str | None
    turn_ids: list[str] = field(default_factory=list)
    archived: bool = False


@dataclass
class ScheduleRec(Record):
    id: str
    worker_id: str
    type: str
    input: str
    budget: str
    next_run_at: float
    created_at: float
    delay_in_seconds: int | None = None
    interval_seconds: int | None = None
    cron: str | None = None
    date: str | None = None
    active: bool = True


@dataclass
class ExecutionRec(Record):
    id: str
    worker_id: str
    created_at: float
    duration_ms: int
    error_message: str | None
    request_status: str
    response_status: int | None
    task_id: str | None
    task_title: str | None
    url: str
