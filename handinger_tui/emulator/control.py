"""The ``/_emulator/`` surface (not part of the Handinger API).

Bearer-authenticated like the API:

- ``GET /_emulator/stats`` -> ``{"total", "routes": {"GET /api/workers/{workerId}": n}}``;
  ``DELETE`` zeroes the counters.
- ``GET|PUT|DELETE /_emulator/faults`` -> the fault config (see ``faults``).
- ``GET /_emulator/clock``; ``PUT /_emulator/clock`` ``{"frozen": bool}``;
  ``POST /_emulator/clock/advance`` ``{"seconds": n}`` (then processes what became due).
- ``POST /_emulator/reset`` ``{"seed": "demo"|"empty"}`` (default: the current seed).
- ``GET /_emulator/workers`` -> ``[{"id", "title", "summary", "visibility", "status", ...}]``.
- ``POST /_emulator/workers/{workerId}/trigger`` ``{"via": "email"|"ui"|"api"|"schedule",
  "input": str, "budget"?: str}`` -> ``{"taskId", "turnId", "triggeredBy"}``: start a run
  the way an email to the worker's address or the dashboard would (not blocking).
- ``POST /_emulator/tasks/{taskId}/end`` ``{"status": "error"|"aborted", "message"?: str}``
  -> TaskWithTurns: end the task's active run early (409 when it has already ended).
- ``POST /_emulator/keys`` ``{"key"?: str}`` -> ``{"key", "userId"}``: accept one more API
  key, acting as another user of the same organization (generated when ``key`` is
  omitted); ``GET`` -> ``{"userIds": [...]}`` (keys are not listed). See ``access``.

Unauthenticated webhook receiver (``/_emulator/sink/{name}``): ``POST`` answers 200 with
``{"received": true}`` when ``X-Handinger-Token`` matches the current token of the worker
named in the body, 401 otherwise. Special names: ``fail`` -> 500 "Internal Server Error",
``slow`` -> waits 2 s then 200, ``hang`` -> never answers (until shutdown; use it with a
short ``webhook_timeout`` to produce "Request timed out"). ``GET`` lists what it received
(``[{"receivedAt", "status", "verified", "headers", "body"}]``, oldest first); ``DELETE``
forgets it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from . import render
from . import validation as v
from .access import caller
from .clock import iso
from .errors import ApiError, not_found
from .faults import FaultConfig
from .http_json import JSONResponse, guarded, json_body
from .runtime import Runtime
from .seed import reseed

SEEDS = ("demo", "empty")
TRIGGERS = ("email", "ui", "api", "schedule")
ENDINGS = {
    "error": "The run failed: the model returned an answer that could not be used",
    "aborted": "The run was aborted before it finished",
}
SINK_KEEP = 500
SLOW_SECONDS = 2.0
HANG_SECONDS = 120.0


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def stats_body(rt: Runtime) -> dict[str, Any]:
    return {"total": sum(rt.stats.values()), "routes": dict(sorted(rt.stats.items()))}


def clock_body(rt: Runtime) -> dict[str, Any]:
    now = rt.now()
    return {
        "now": iso(now),
        "epoch": now,
        "offsetSeconds": rt.clock.offset,
        "frozen": rt.clock.frozen,
    }


def workers_body(rt: Runtime) -> list[dict[str, Any]]:
    out = []
    now = rt.now()
    for w in rt.store.workers.values():
        if w.deleted:
            continue
        state = render.worker_state(rt.store, w, now)
        out.append(
            {
                "id": w.id,
                "title": w.title,
                "summary": w.summary,
                "visibility": w.visibility,
                "status": state["status"],
                "running": state["running"],
                "lastTaskId": w.last_task_id,
                "schedules": sum(
                    1 for s in rt.store.schedules.values() if s.worker_id == w.id and s.active
                ),
                "webhookUrl": w.webhook_url,
                "email": w.email,
                "template": render.worker_template(w),
            }
        )
    return out


@guarded
async def stats(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "DELETE":
        rt.stats.clear()
    return JSONResponse(stats_body(rt))


@guarded
async def faults(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "PUT":
        rt.faults = FaultConfig.parse(await json_body(request))
    elif request.method == "DELETE":
        rt.faults = FaultConfig()
    return JSONResponse(rt.faults.to_json())


@guarded
async def clock(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "PUT":
        body = await json_body(request)
        frozen = body.get("frozen")
        if not isinstance(frozen, bool):
            raise ApiError(422, "frozen: must be a boolean")
        rt.clock.freeze(frozen)
        rt.store.clock_offset = rt.clock.offset
        rt.store.mark_meta()
    return JSONResponse(clock_body(rt))


@guarded
async def advance(request: Request) -> Response:
    rt = _rt(request)
    body = await json_body(request)
    seconds = body.get("seconds")
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not 0 <= seconds <= 10**9
    ):
        raise ApiError(422, "seconds: must be a number between 0 and 1000000000")
    rt.advance(float(seconds))
    return JSONResponse(clock_body(rt))


@guarded
async def reset(request: Request) -> Response:
    rt = _rt(request)
    body = await json_body(request)
    seed = body.get("seed") or rt.store.seed
    if seed not in SEEDS:
        raise ApiError(422, f"seed: must be one of {', '.join(SEEDS)}")
    reseed(rt, seed)
    return JSONResponse(
        {"reset": True, "seed": seed, "workers": [w["id"] for w in workers_body(rt)]}
    )


@guarded
async def trigger(request: Request) -> Response:
    """Start a run as an email, the dashboard, the API or a schedule would."""
    rt = _rt(request)
    worker_id: str = request.path_params["workerId"]
    w = rt.store.live_worker(worker_id)
    if w is None:
        raise not_found("Worker", worker_id)
    body = await json_body(request)
    via = v.choice(body, "via", TRIGGERS)
    if via is None:
        raise ApiError(422, f"via: is required (one of {', '.join(TRIGGERS)})")
    text = v.string(body, "input", min_len=1, required=True) or ""
    budget = v.choice(body, "budget", v.BUDGETS) or "standard"
    task, turn = rt.engine.start_run(w, text, budget, via, user_id=caller(request))
    rt.store.flush()
    return JSONResponse({"taskId": task.id, "turnId": turn.id, "triggeredBy": via})


@guarded
async def end_task(request: Request) -> Response:
    """End a task's active run in ``error`` or ``aborted``."""
    rt = _rt(request)
    task_id: str = request.path_params["taskId"]
    task = rt.store.tasks.get(task_id)
    if task is None or task.archived or not task.turn_ids:
        raise not_found("Task", task_id)
    body = await json_body(request)
    status = v.choice(body, "status", tuple(ENDINGS))
    if status is None:
        raise ApiError(422, "status: is required (one of error, aborted)")
    message = v.string(body, "message", min_len=1) or ENDINGS[status]
    rt.engine.end_run(rt.store.turns[task.turn_ids[-1]], status, message)
    rt.store.flush()
    return JSONResponse(render.task_with_turns(rt.store, task, rt.now()))


@guarded
async def keys(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "GET":
        return JSONResponse({"userIds": [rt.user_for(rt.api_key), *rt.keys.values()]})
    key = (await json_body(request)).get("key")
    if key is not None and not isinstance(key, str):
        raise ApiError(422, "key: must be a string")
    key, user = rt.add_key(key)
    return JSONResponse({"key": key, "userId": user})


@guarded
async def workers(request: Request) -> Response:
    return JSONResponse(workers_body(_rt(request)))


async def sink(request: Request) -> Response:
    """A webhook receiver on the emulator itself (no Bearer auth)."""
    rt = _rt(request)
    name: str = request.path_params["name"]
    log = rt.sink.setdefault(name, [])
    if request.method == "GET":
        return JSONResponse(log)
    if request.method == "DELETE":
        log.clear()
        return JSONResponse({"cleared": True})
    raw = await request.body()
    try:
        body: Any = json.loads(raw) if raw else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = raw.decode("utf-8", "replace")
    token = request.headers.get("x-handinger-token")
    worker_id = body.get("workerId") if isinstance(body, dict) else None
    worker = rt.store.workers.get(worker_id) if isinstance(worker_id, str) else None
    verified = bool(token) and worker is not None and worker.webhook_token == token
    if name == "fail":
        status = 500
    elif name == "hang":
        await _wait_or_shutdown(rt, HANG_SECONDS)
        status = 200 if verified else 401
    else:
        if name == "slow":
            await _wait_or_shutdown(rt, SLOW_SECONDS)
        status = 200 if verified else 401
    log.append(
        {
            "receivedAt": iso(rt.now()),
            "status": status,
            "verified": verified,
            "headers": {
                k: request.headers.get(k)
                for k in ("content-type", "user-agent", "x-handinger-token")
            },
            "body": body,
        }
    )
    del log[:-SINK_KEEP]
    if status == 500:
        return PlainTextResponse("Internal Server Error", status_code=500)
    if status == 401:
        return JSONResponse({"error": "Invalid X-Handinger-Token"}, status_code=401)
    return JSONResponse({"received": True})


async def _wait_or_shutdown(rt: Runtime, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(rt.engine.shutting_down.wait(), timeout=seconds)


def control_routes() -> list[Route]:
    return [
        Route("/_emulator/stats", stats, methods=["GET", "DELETE"]),
        Route("/_emulator/faults", faults, methods=["GET", "PUT", "DELETE"]),
        Route("/_emulator/clock", clock, methods=["GET", "PUT"]),
        Route("/_emulator/clock/advance", advance, methods=["POST"]),
        Route("/_emulator/reset", reset, methods=["POST"]),
        Route("/_emulator/workers", workers, methods=["GET"]),
        Route("/_emulator/keys", keys, methods=["GET", "POST"]),
        Route("/_emulator/workers/{workerId}/trigger", trigger, methods=["POST"]),
        Route("/_emulator/tasks/{taskId}/end", end_task, methods=["POST"]),
        Route("/_emulator/sink/{name}", sink, methods=["GET", "POST", "DELETE"]),
    ]
