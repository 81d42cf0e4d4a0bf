"""Who may see and change what (§5.6), for the user the Bearer key acts as.

Every key belongs to one user of the same organization. A ``private`` worker is seen only
by its creator: to anyone else it, its schedules, email, webhook and tasks answer 404,
exactly like a worker that does not exist (the emulator has no invitations). Creator-only
actions on someone else's public worker answer 403 with ``{"error": "Forbidden: ..."}``:
update, delete, read/set/delete the webhook, regenerate its token, list its executions,
archive one of its tasks. Running tasks, schedules and the email address are open to every
member for a public worker.
"""

from __future__ import annotations

from starlette.requests import Request

from .errors import ApiError, not_found
from .faults import USER_SCOPE_KEY
from .ids import USER_ID
from .records import TaskRec, WorkerRec
from .runtime import Runtime


def caller(request: Request) -> str:
    """The user id of the key that made this request."""
    user = request.scope.get(USER_SCOPE_KEY)
    return user if isinstance(user, str) else USER_ID


def can_see(w: WorkerRec, user: str) -> bool:
    return w.visibility != "private" or w.user_id == user


def visible_worker(rt: Runtime, worker_id: str, user: str) -> WorkerRec:
    """The live worker ``user`` may see; 404 otherwise (also for someone else's private one)."""
    w = rt.store.live_worker(worker_id)
    if w is None or not can_see(w, user):
        raise not_found("Worker", worker_id)
    return w


def own(w: WorkerRec, user: str, action: str) -> WorkerRec:
    """``w`` if ``user`` created it; 403 naming the action otherwise."""
    if w.user_id != user:
        raise ApiError(403, f"Forbidden: only the worker's creator may {action} (worker {w.id})")
    return w


def visible_task(rt: Runtime, task_id: str, user: str) -> TaskRec:
    """The task if it exists, is not archived and its worker is visible to ``user``."""
    task = rt.store.tasks.get(task_id)
    worker = rt.store.workers.get(task.worker_id) if task is not None else None
    if task is None or task.archived or (worker is not None and not can_see(worker, user)):
        raise not_found("Task", task_id)
    return task
