"""Who may see and change what (§5.6), for the user the Bearer key acts as.

Every key belongs to one user of the same organization. A ``private`` worker is seen only
by its creator: to anyone else it, its schedules, email, webhook and tasks answer 404,
exactly like a worker that does not exist (the emulator has no invitations). Creator-only
actions on someone else's public worker answer 403 with ``{"error": "Forbidden: ..."}``:
update, delete, read/set/delete the webhook, regenerate its token, list its executions,
archive one of its tasks. Running tasks, schedules and the email address are open to every
member for a public worker.

``authenticate`` maps the Bearer key to its user (``edge`` stores it in the request scope);
``caller`` reads it back in a handler.
"""

from __future__ import annotations

from starlette.requests import Request

from .errors import ApiError, not_found
from .ids import USER_ID
from .records import TaskRec, WorkerRec
from .runtime import Runtime

USER_SCOPE_KEY = "handinger.user"  # the ASGI scope entry naming the caller's user id


def authenticate(runtime: Runtime, headers: list[tuple[bytes, bytes]]) -> str:
    """The user id the Bearer key acts as; raises ApiError(401) otherwise."""
    value = next((v.decode("latin-1") for k, v in headers if k == b"authorization"), None)
    challenge = {"WWW-Authenticate": 'Bearer realm="handinger"'}
    if value is None or not value.strip():
        raise ApiError(401, "Missing API key: send 'Authorization: Bearer <API key>'", challenge)
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "Malformed Authorization header: expected 'Bearer <API key>'", challenge
        )
    user = runtime.user_for(token.strip())
    if user is None:
        raise ApiError(401, "Invalid API key", challenge)
    return user


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
