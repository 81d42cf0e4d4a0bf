"""Records -> wire JSON, with the exact names of the reference (§2)."""

from __future__ import annotations

import math
from typing import Any

from .clock import iso
from .content import partial
from .ids import ORG_ID, task_url, worker_url
from .records import ENDED_EARLY, TERMINAL, ExecutionRec, ScheduleRec, TaskRec, TurnRec, WorkerRec
from .store import Store

PAGE_SIZE = 50


def worker_template(w: WorkerRec) -> dict[str, Any]:
    """WorkerTemplate (§2.1): camelCase."""
    return {
        "id": w.id,
        "createdAt": iso(w.created_at),
        "instructions": w.instructions,
        "organizationId": ORG_ID,
        "outputSchema": w.output_schema,
        "summary": w.summary,
        "title": w.title,
        "updatedAt": iso(w.updated_at),
        "url": worker_url(w.id),
        "userId": w.user_id,
        "visibility": w.visibility,
    }


def progress(turn: TurnRec, now: float) -> float:
    """Fraction of the run's running phase that has elapsed (0 while pending).

    A run that ended early (error, aborted) keeps the fraction it had reached when it ended.
    """
    if turn.status == "completed":
        return 1.0
    if turn.status in ENDED_EARLY and turn.completed_at is not None:
        now = min(now, turn.completed_at)
    elif turn.status == "pending":
        return 0.0
    if now <= turn.pending_until:
        return 0.0
    span = max(turn.run_until - turn.pending_until, 1e-9)
    return min(0.99, (now - turn.pending_until) / span)


def turn_text(turn: TurnRec, now: float) -> str:
    return partial(turn.answer, progress(turn, now))


def _turn_duration_ms(turn: TurnRec, now: float) -> int:
    end = turn.completed_at if turn.completed_at is not None else now
    return max(0, round((end - turn.started_at) * 1000))


def _turn_credits(turn: TurnRec, now: float) -> int:
    return math.floor(turn.credits * progress(turn, now))


def worker_error(turn: TurnRec) -> dict[str, str] | None:
    """``Worker.error`` for a run that ended early: ``{"code", "message"}`` (else None)."""
    if turn.status not in ENDED_EARLY:
        return None
    code = "task_failed" if turn.status == "error" else "aborted"
    return {"code": code, "message": turn.error or f"The run ended with status {turn.status}"}


def worker_state(
    store: Store, w: WorkerRec, now: float, task_id: str | None = None
) -> dict[str, Any]:
    """Worker (§2.2): snake_case top level, state of the most recent (or given) task.

    A worker that never ran reports status "completed", running false, empty
    output/messages/sources/files, structured_output null, no ``usage`` key, and
    ``created_at`` = the worker's creation time. A run that ended in error or was aborted
    reports status "completed" (the Worker has no other value), running false, the text
    and sources it had reached, no files, and ``error: {"code", "message"}``.
    """
    task = store.tasks.get(task_id or w.last_task_id or "")
    base: dict[str, Any] = {
        "id": w.id,
        "created_at": int(w.created_at),
        "error": None,
        "files": [],
        "incomplete_details": None,
        "messages": [],
        "metadata": {},
        "object": "worker",
        "output": [],
        "output_text": "",
        "running": False,
        "sources": [],
        "status": "completed",
        "structured_output": None,
        "url": worker_url(w.id),
    }
    if task is None or not task.turn_ids:
        return base
    turns = [store.turns[t] for t in task.turn_ids if t in store.turns]
    last = turns[-1]
    messages: list[dict[str, Any]] = []
    for turn in turns:
        messages.append({"role": "user", "content": turn.input})
        text = turn_text(turn, now)
        if text:
            messages.append({"role": "assistant", "content": text})
    text = turn_text(last, now)
    prog = progress(last, now)
    done = last.status == "completed"
    ended = last.status in TERMINAL
    base.update(
        created_at=int(task.created_at),
        messages=messages,
        output=[
            {
                "id": last.message_id,
                "content": [{"text": text, "type": "output_text"}],
                "role": "assistant",
                "status": "completed",
                "type": "message",
            }
        ]
        if text
        else [],
        output_text=text,
        running=not ended,
        status="completed" if ended else last.status,
        error=worker_error(last),
        sources=last.sources[: math.ceil(len(last.sources) * prog)] if not done else last.sources,
        files=last.files if done else [],
        structured_output=last.structured_output if done else None,
        usage={"credits": _turn_credits(last, now), "durationMs": _turn_duration_ms(last, now)}
        if last.status != "pending"
        else {"credits": 0, "durationMs": 0},
    )
    return base


def task_status(store: Store, task: TaskRec) -> str:
    last = store.turns.get(task.turn_ids[-1]) if task.turn_ids else None
    return last.status if last is not None else "pending"


def task_obj(store: Store, task: TaskRec, now: float) -> dict[str, Any]:
    """Task (§2.6) with totals over all turns."""
    turns = [store.turns[t] for t in task.turn_ids if t in store.turns]
    status = task_status(store, task)
    last = turns[-1] if turns else None
    return {
        "id": task.id,
        "completedAt": iso(last.completed_at)
        if last is not None and last.completed_at is not None and status in TERMINAL
        else None,
        "createdAt": iso(task.created_at),
        "createdByUserId": task.created_by_user_id,
        "organizationId": ORG_ID,
        "status": status,
        "title": task.title,
        "totals": {
            "credits": sum(_turn_credits(t, now) for t in turns),
            "durationMs": sum(_turn_duration_ms(t, now) for t in turns),
            "turnCount": len(turns),
        },
        "triggeredBy": task.triggered_by,
        "url": task_url(task.worker_id, task.id),
        "workerId": task.worker_id,
    }


def turn_obj(turn: TurnRec, now: float) -> dict[str, Any]:
    return {
        "id": turn.id,
        "completedAt": iso(turn.completed_at) if turn.completed_at is not None else None,
        "credits": _turn_credits(turn, now),
        "durationMs": _turn_duration_ms(turn, now),
        "input": turn.input,
        "inputTokens": turn.input_tokens,
        "outputText": turn_text(turn, now),
        "outputTokens": turn.output_tokens if turn.status == "completed" else 0,
        "role": "user",
        "seq": turn.seq,
        "startedAt": iso(turn.started_at),
        "status": turn.status,
        "structuredOutput": turn.structured_output if turn.status == "completed" else None,
        "taskId": turn.task_id,
    }


def task_with_turns(store: Store, task: TaskRec, now: float) -> dict[str, Any]:
    turns = [store.turns[t] for t in task.turn_ids if t in store.turns]
    return {"task": task_obj(store, task, now), "turns": [turn_obj(t, now) for t in turns]}


def schedule(s: ScheduleRec) -> dict[str, Any]:
    """WorkerSchedule (§2.3): the variant's own field plus nextRunAt."""
    out: dict[str, Any] = {"id": s.id, "budget": s.budget, "input": s.input}
    if s.type == "delayed":
        out["delayInSeconds"] = s.delay_in_seconds
    elif s.type == "cron":
        out["cron"] = s.cron
    elif s.type == "interval":
        out["intervalSeconds"] = s.interval_seconds
    out["nextRunAt"] = iso(s.next_run_at)
    out["type"] = s.type
    return out


def webhook(w: WorkerRec) -> dict[str, Any]:
    return {"token": w.webhook_token, "url": w.webhook_url}


def execution(e: ExecutionRec) -> dict[str, Any]:
    return {
        "id": e.id,
        "createdAt": iso(e.created_at),
        "durationMs": e.duration_ms,
        "errorMessage": e.error_message,
        "requestStatus": e.request_status,
        "responseStatus": e.response_status,
        "taskId": e.task_id,
        "taskTitle": e.task_title,
        "url": e.url,
        "workerId": e.worker_id,
    }


def execution_page(store: Store, worker_id: str, page: int) -> dict[str, Any]:
    """WebhookExecutionList: 50 per page, newest first; ``pageCount`` is 0 when empty."""
    total = store.history.count(worker_id)
    ids = store.history.page(worker_id, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return {
        "logs": [execution(store.executions[i]) for i in ids],
        "page": page,
        "pageCount": math.ceil(total / PAGE_SIZE),
        "totalCount": total,
    }
