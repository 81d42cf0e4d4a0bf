"""The Handinger API routes (§4): validation, state changes and wire bodies."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import content, render
from . import validation as v
from .access import caller, own, visible_task, visible_worker
from .engine import next_run
from .errors import ApiError, invalid, not_found
from .http_json import JSONResponse, error, guarded, json_body
from .records import ScheduleRec, TaskRec, WorkerRec
from .routing import API_ROUTES, match, raw_path
from .runtime import Runtime
from .validation import MISSING
from .worker_factory import new_worker


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _worker(rt: Runtime, request: Request) -> WorkerRec:
    """The path's worker, if the caller may see it (see ``access``)."""
    return visible_worker(rt, request.path_params["workerId"], caller(request))


def _owned(rt: Runtime, request: Request, action: str) -> WorkerRec:
    """The path's worker, if the caller created it: 404 if invisible, else 403."""
    return own(_worker(rt, request), caller(request), action)


def new_token() -> str:
    return "whk_" + secrets.token_urlsafe(24)


# -- workers ---------------------------------------------------------------------------------


@guarded
async def create_worker(request: Request) -> Response:
    rt = _rt(request)
    body = await json_body(request)
    title = v.string(body, "title", min_len=1, max_len=v.TITLE_MAX)
    summary = v.string(body, "summary", max_len=v.SUMMARY_MAX)
    instructions = v.string(body, "instructions", max_len=v.INSTRUCTIONS_MAX)
    prompt = v.string(body, "prompt", max_len=v.PROMPT_MAX)
    schema = v.output_schema(body, nullable=False)  # null only on update (§4.1 vs §4.3)
    visibility = v.choice(body, "visibility", v.VISIBILITIES) or "public"
    w = new_worker(
        rt,
        title=title,
        prompt=prompt,
        instructions=instructions,
        summary=summary,
        output_schema=None if schema is MISSING else schema,
        visibility=visibility,
        user_id=caller(request),
    )
    rt.store.flush()
    return JSONResponse(render.worker_template(w))


@guarded
async def retrieve_worker(request: Request) -> Response:
    rt = _rt(request)
    w = _worker(rt, request)
    stream = request.query_params.get("stream")
    if stream is not None and stream not in ("true", "false"):
        raise invalid("stream: must be one of true, false")
    task_id = request.query_params.get("taskId")
    if task_id is not None:
        task = rt.store.tasks.get(task_id)
        if task is None or task.archived or task.worker_id != w.id:
            raise not_found("Task", task_id)
    return JSONResponse(render.worker_state(rt.store, w, rt.now(), task_id))


@guarded
async def update_worker(request: Request) -> Response:
    """PATCH: only present keys change; ``outputSchema: null`` clears; ``prompt`` -> 422."""
    rt = _rt(request)
    w = _owned(rt, request, "update it")
    body = await json_body(request)
    if "prompt" in body:
        raise invalid("prompt: is only accepted when creating a worker; send instructions instead")
    for name in ("title", "summary", "instructions", "visibility"):
        if name in body and body[name] is None:
            raise invalid(f"{name}: must not be null")
    title = v.string(body, "title", min_len=1, max_len=v.TITLE_MAX)
    summary = v.string(body, "summary", max_len=v.SUMMARY_MAX)
    instructions = v.string(body, "instructions", max_len=v.INSTRUCTIONS_MAX)
    schema = v.output_schema(body, nullable=True)
    visibility = v.choice(body, "visibility", v.VISIBILITIES)
    if title is not None:
        w.title = title
    if summary is not None:
        w.summary = summary
    if instructions is not None:
        w.instructions = instructions
    if schema is not MISSING:
        w.output_schema = schema
    if visibility is not None:
        w.visibility = visibility
    w.updated_at = rt.now()
    rt.store.put("workers", w)
    rt.store.flush()
    return JSONResponse(render.worker_template(w))


@guarded
async def delete_worker(request: Request) -> Response:
    """Soft delete: later calls on the worker get 404; its schedules stop firing."""
    rt = _rt(request)
    w = _owned(rt, request, "delete it")
    w.deleted = True
    w.updated_at = rt.now()
    rt.store.put("workers", w)
    for s in rt.store.schedules.values():
        if s.worker_id == w.id and s.active:
            s.active = False
            rt.store.put("schedules", s)
    rt.store.flush()
    return JSONResponse({"deleted": True})


@guarded
async def worker_email(request: Request) -> Response:
    w = _worker(_rt(request), request)
    return JSONResponse({"email": w.email})


# -- schedules -------------------------------------------------------------------------------


@guarded
async def list_schedules(request: Request) -> Response:
    rt = _rt(request)
    w = _worker(rt, request)
    items = [
        render.schedule(s) for s in rt.store.schedules.values() if s.worker_id == w.id and s.active
    ]
    return JSONResponse({"schedules": items, "workerId": w.id})


def _parse_when(body: dict[str, Any], now: float) -> dict[str, Any]:
    when = body.get("when", MISSING)
    if when is MISSING:
        raise invalid("when: is required")
    if not isinstance(when, dict):
        raise invalid("when: must be an object with a type (scheduled, delayed, cron, interval)")
    kind = when.get("type", MISSING)
    if kind is MISSING:
        raise invalid("when.type: is required (one of scheduled, delayed, cron, interval)")
    v.choice(when, "type", v.SCHEDULE_TYPES, path="when.type")
    out: dict[str, Any] = {"type": kind}
    if kind == "scheduled":
        if "date" not in when:
            raise invalid("when.date: is required")
        out["next_run_at"] = v.date_time(when["date"], "when.date")
        out["date"] = when["date"]
    elif kind == "delayed":
        delay = v.seconds(when, "delayInSeconds", "when.delayInSeconds")
        out["delay_in_seconds"] = delay
        out["next_run_at"] = now + delay
    elif kind == "interval":
        interval = v.seconds(when, "intervalSeconds", "when.intervalSeconds")
        out["interval_seconds"] = interval
        out["next_run_at"] = now + interval
    else:
        if "cron" not in when:
            raise invalid("when.cron: is required")
        out["cron"] = v.cron_expression(when["cron"], "when.cron")
    return out


@guarded
async def create_schedule(request: Request) -> Response:
    rt = _rt(request)
    w = _worker(rt, request)
    body = await json_body(request)
    text = v.string(body, "input", min_len=1, required=True)
    budget = v.choice(body, "budget", v.BUDGETS) or "standard"
    now = rt.now()
    when = _parse_when(body, now)
    sched = ScheduleRec(
        id=rt.store.ids.prefixed("sch", int(now * 1000)),
        worker_id=w.id,
        type=when["type"],
        input=text or "",
        budget=budget,
        next_run_at=when.get("next_run_at", now),
        created_at=now,
        delay_in_seconds=when.get("delay_in_seconds"),
        interval_seconds=when.get("interval_seconds"),
        cron=when.get("cron"),
        date=when.get("date"),
    )
    if sched.type == "cron":
        sched.next_run_at = next_run(sched, now)
    rt.store.put("schedules", sched)
    rt.store.flush()
    return JSONResponse(render.schedule(sched))


@guarded
async def cancel_schedule(request: Request) -> Response:
    rt = _rt(request)
    w = _worker(rt, request)
    sid: str = request.path_params["scheduleId"]
    sched = rt.store.schedules.get(sid)
    if sched is None or sched.worker_id != w.id or not sched.active:
        raise not_found("Schedule", sid)
    rt.store.remove("schedules", sid)
    rt.store.flush()
    return JSONResponse({"cancelled": True})


# -- webhook ---------------------------------------------------------------------------------


@guarded
async def get_webhook(request: Request) -> Response:
    return JSONResponse(render.webhook(_owned(_rt(request), request, "read its webhook")))


@guarded
async def put_webhook(request: Request) -> Response:
    """First set -> new token; later sets keep it; null clears url and token."""
    rt = _rt(request)
    w = _owned(rt, request, "set its webhook")
    url = v.webhook_url(await json_body(request))
    if url is None:
        w.webhook_url = w.webhook_token = None
    else:
        if w.webhook_url is None or w.webhook_token is None:
            w.webhook_token = new_token()
        w.webhook_url = url
    rt.store.put("workers", w)
    rt.store.flush()
    return JSONResponse(render.webhook(w))


@guarded
async def delete_webhook(request: Request) -> Response:
    rt = _rt(request)
    w = _owned(rt, request, "remove its webhook")
    w.webhook_url = w.webhook_token = None
    rt.store.put("workers", w)
    rt.store.flush()
    return JSONResponse(render.webhook(w))


@guarded
async def regenerate_token(request: Request) -> Response:
    """New token, same url; 404 when the worker has no webhook configured."""
    rt = _rt(request)
    w = _owned(rt, request, "regenerate its webhook token")
    if w.webhook_url is None:
        raise ApiError(
            404, "No webhook is configured for this worker; set one with PUT .../webhook first"
        )
    w.webhook_token = new_token()
    rt.store.put("workers", w)
    rt.store.flush()
    return JSONResponse(render.webhook(w))


@guarded
async def list_executions(request: Request) -> Response:
    rt = _rt(request)
    w = _owned(rt, request, "list its webhook executions")
    raw = request.query_params.get("page", "1")
    try:
        page = int(raw)
    except ValueError:
        raise invalid("page: must be an integer >= 1") from None
    if page < 1:
        raise invalid("page: must be an integer >= 1")
    return JSONResponse(render.execution_page(rt.store, w.id, page))


# -- tasks -----------------------------------------------------------------------------------


@guarded
async def create_task(request: Request) -> Response:
    """Start a run (or a follow-up turn) and answer with the Worker once it completes."""
    rt = _rt(request)
    body = await json_body(request)
    text = v.string(body, "input", min_len=1, required=True) or ""
    budget = v.choice(body, "budget", v.BUDGETS) or "standard"
    if "stream" in body and not isinstance(body["stream"], bool):
        raise invalid("stream: must be a boolean")
    worker_id = v.string(body, "workerId", min_len=1)
    task_id = v.string(body, "taskId", min_len=1, max_len=v.TASK_ID_MAX)
    user = caller(request)
    known = task_id is not None and task_id in rt.store.tasks
    task = visible_task(rt, task_id, user) if task_id is not None and known else None
    if task is not None and worker_id is not None and task.worker_id != worker_id:
        raise invalid(f"taskId: task {task.id} belongs to another worker")
    if worker_id is None and task is not None:
        worker_id = task.worker_id
    if worker_id is not None:
        w = visible_worker(rt, worker_id, user)
    else:
        w = new_worker(
            rt,
            title=None,
            prompt=None,
            instructions=text,
            summary=content.one_line(text, 80),
            output_schema=None,
            visibility="public",
            user_id=user,
        )
    if task is not None:
        rt.engine.check_follow_up(task)
    task, turn = rt.engine.start_run(w, text, budget, "api", task_id, user_id=user)
    rt.store.flush()
    if not await rt.engine.wait(turn.id):
        raise ApiError(503, "The emulator is shutting down; the task did not finish")
    return JSONResponse(render.worker_state(rt.store, w, rt.now(), task.id))


def _task(rt: Runtime, request: Request) -> TaskRec:
    return visible_task(rt, request.path_params["taskId"], caller(request))


@guarded
async def retrieve_task(request: Request) -> Response:
    rt = _rt(request)
    return JSONResponse(render.task_with_turns(rt.store, _task(rt, request), rt.now()))


@guarded
async def archive_task(request: Request) -> Response:
    rt = _rt(request)
    task = _task(rt, request)
    worker = rt.store.workers.get(task.worker_id)
    if worker is not None:
        own(worker, caller(request), "archive its tasks")
    task.archived = True
    rt.store.put("tasks", task)
    rt.store.flush()
    return JSONResponse({"archived": True})


HANDLERS: dict[tuple[str, str], Any] = {
    ("/api/workers", "POST"): create_worker,
    ("/api/workers/{workerId}", "GET"): retrieve_worker,
    ("/api/workers/{workerId}", "PATCH"): update_worker,
    ("/api/workers/{workerId}", "DELETE"): delete_worker,
    ("/api/workers/{workerId}/email", "GET"): worker_email,
    ("/api/workers/{workerId}/schedules", "GET"): list_schedules,
    ("/api/workers/{workerId}/schedules", "POST"): create_schedule,
    ("/api/workers/{workerId}/schedules/{scheduleId}", "DELETE"): cancel_schedule,
    ("/api/workers/{workerId}/webhook", "GET"): get_webhook,
    ("/api/workers/{workerId}/webhook", "PUT"): put_webhook,
    ("/api/workers/{workerId}/webhook", "DELETE"): delete_webhook,
    ("/api/workers/{workerId}/webhook/regenerate-token", "POST"): regenerate_token,
    ("/api/workers/{workerId}/webhook/executions", "GET"): list_executions,
    ("/api/tasks", "POST"): create_task,
    ("/api/tasks/{taskId}", "GET"): retrieve_task,
    ("/api/tasks/{taskId}", "DELETE"): archive_task,
}


async def dispatch(request: Request) -> Response:
    """Route /api requests on the raw path (see ``routing``); 404/405 in the error shape."""
    found = match(raw_path(request.scope))
    if found is None:
        return error(404, f"Not found: {request.method} {request.url.path}")
    template, params = found
    method = "GET" if request.method == "HEAD" else request.method
    handler = HANDLERS.get((template, method))
    if handler is None:
        allowed = ", ".join(API_ROUTES[template])
        return error(
            405, f"Method {request.method} not allowed on {request.url.path}", {"Allow": allowed}
        )
    request.scope["path_params"] = params
    response: Response = await handler(request)
    return response


ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def api_routes() -> list[Route]:
    """Everything under /api goes to ``dispatch``."""
    return [Route("/api/{rest:path}", dispatch, methods=ALL_METHODS)]
