"""Task lifecycle, schedule firing and webhook delivery, on the emulator clock.

Runs: a run (a task's turn) is ``pending`` for the first 15 % of its duration, then
``running`` (its Markdown answer is revealed progressively), then ``completed``; or it
ends early in ``error`` or ``aborted`` (``end_run``, from ``/_emulator/tasks/{id}/end``). The
duration is ``task_seconds`` times a budget factor (low 0.5, standard 1, high 1.5,
unlimited 2) in emulator seconds. The engine ticks every 100 ms on the server's event loop;
``/_emulator/clock/advance`` ticks immediately.

Schedules fire when ``nextRunAt`` is due and start a task with ``triggeredBy: "schedule"``.
One-off schedules (scheduled, delayed) disappear after firing; interval and cron schedules
advance ``nextRunAt`` to the first slot after "now" (missed slots coalesce into one run).

Webhook delivery. When a run ends and its worker has a webhook, the emulator POSTs::

    POST <webhook url>
    Content-Type: application/json
    User-Agent: Handinger-Emulator/1
    X-Handinger-Token: <the worker's current webhook token>

    {
      "event": "task.completed" | "task.error" | "task.aborted",
      "workerId": "t_org_4821_w_…",
      "taskId": "tsk_…",
      "taskTitle": "Summarise yesterday's tickets",
      "turnId": "trn_…",
      "status": "completed" | "error" | "aborted",
      "triggeredBy": "api" | "schedule" | "email" | "ui",
      "completedAt": "2026-05-12T09:14:48.000Z",
      "error": null | "<why it ended early>",
      "worker": { …the Worker object (§2.2) as GET /api/workers/{id} returns it… }
    }

The service's real payload is not published; this one is the emulator's design. Each
attempt is recorded as a WebhookExecution: ``success`` iff 2xx; ``errorMessage`` is
``"HTTP <status>: <short body>"``, ``"Connection refused"``, ``"Request timed out"`` (after
``webhook_timeout``, 10 s by default) or ``"Connection failed: …"``. Deliveries go only to
loopback hosts unless ``allow_external_webhooks`` is set; otherwise an error execution
"emulator delivers only to loopback addresses" is recorded with no network I/O.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from croniter import croniter

from . import content, render
from .clock import EmulatorClock, iso, to_dt
from .errors import ApiError
from .ids import USER_ID
from .records import TERMINAL, ExecutionRec, ScheduleRec, TaskRec, TurnRec, WorkerRec
from .store import Store
from .validation import is_loopback_host

PENDING_FRACTION = 0.15
BUDGET_FACTOR = {"low": 0.5, "standard": 1.0, "high": 1.5, "unlimited": 2.0}
TICK_SECONDS = 0.1
LIVE_SECONDS = 120.0  # run length of the demo's always-live worker
LOOPBACK_ONLY = "emulator delivers only to loopback addresses"


@dataclass
class EngineConfig:
    task_seconds: float = 3.0
    allow_external_webhooks: bool = False
    webhook_timeout: float = 10.0


class Engine:
    """Owns every state transition that happens with time."""

    def __init__(self, store: Store, clock: EmulatorClock, config: EngineConfig) -> None:
        self.store = store
        self.clock = clock
        self.config = config
        self.shutting_down = asyncio.Event()
        self._done: dict[str, asyncio.Event] = {}
        self._bg: set[asyncio.Task[Any]] = set()
        self._loop_task: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        self._loop_task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self.shutting_down.set()
        tasks = [t for t in (self._loop_task, *self._bg) if t is not None]
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        if self._http is not None:
            await self._http.aclose()
        self.store.flush()

    async def _run(self) -> None:
        while True:
            self.tick()
            await asyncio.sleep(TICK_SECONDS)

    # -- runs ----------------------------------------------------------------------------

    def start_run(
        self,
        worker: WorkerRec,
        text: str,
        budget: str,
        triggered_by: str,
        task_id: str | None = None,
        duration: float | None = None,
        user_id: str = USER_ID,
    ) -> tuple[TaskRec, TurnRec]:
        """Create a task (or a follow-up turn on ``task_id``) and queue its run."""
        store, now = self.store, self.clock.now()
        ms = int(now * 1000)
        task = store.tasks.get(task_id) if task_id else None
        if task is None:
            task = TaskRec(
                id=task_id or store.ids.prefixed("tsk", ms),
                worker_id=worker.id,
                title=content.task_title(text),
                triggered_by=triggered_by,
                created_at=now,
                created_by_user_id=user_id if triggered_by in ("api", "ui") else None,
            )
        if duration is None:
            duration = max(self.config.task_seconds, 0.0) * BUDGET_FACTOR.get(budget, 1.0)
        answer = content.answer_markdown(worker.title, text, budget)
        file_ids = [store.ids.prefixed("f", ms) for _ in range(2)]
        turn = TurnRec(
            id=store.ids.prefixed("trn", ms),
            task_id=task.id,
            seq=len(task.turn_ids),
            input=text,
            budget=budget,
            instructions=worker.instructions,
            output_schema=worker.output_schema,
            started_at=now,
            pending_until=now + duration * PENDING_FRACTION,
            run_until=now + duration,
            answer=answer,
            structured_output=content.structured_output_for(worker.output_schema),
            sources=content.sources_for(text),
            files=content.files_for(file_ids, answer, text),
            credits=content.credits_for(budget, text),
            input_tokens=(len(worker.instructions) + len(text)) // 4 + 12,
            output_tokens=len(answer) // 4,
            message_id=store.ids.prefixed("msg", ms),
        )
        task.turn_ids.append(turn.id)
        worker.last_task_id = task.id
        store.put("turns", turn)
        store.put("tasks", task)
        store.put("workers", worker)
        if self._advance(turn, now):  # a zero-length run (task_seconds=0) ends right away
            self._on_completed(turn)
        return task, turn

    def check_follow_up(self, task: TaskRec) -> None:
        """Refuse a follow-up turn while the task's previous run is still active."""
        status = render.task_status(self.store, task)
        if status in ("pending", "running"):
            raise ApiError(409, f"taskId: task {task.id} is still {status}; wait for it to finish")

    async def wait(self, turn_id: str) -> bool:
        """Wait until the run ends; False if the emulator shuts down first."""
        turn = self.store.turns.get(turn_id)
        if turn is None or turn.status in TERMINAL:
            return True
        event = self._done.setdefault(turn_id, asyncio.Event())
        done = asyncio.ensure_future(event.wait())
        stop = asyncio.ensure_future(self.shutting_down.wait())
        try:
            await asyncio.wait({done, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            done.cancel()
            stop.cancel()
        return event.is_set()

    def _advance(self, turn: TurnRec, now: float) -> bool:
        """Move one run forward; True when it completed just now."""
        if turn.status in TERMINAL:
            return False
        changed = False
        if turn.status == "pending" and now >= turn.pending_until:
            turn.status, changed = "running", True
        if turn.status == "running" and now >= turn.run_until:
            turn.status, turn.completed_at = "completed", turn.run_until
            changed = True
        if changed:
            self.store.put("turns", turn)
        return turn.status == "completed"

    # -- the tick ------------------------------------------------------------------------

    def tick(self) -> None:
        """Promote runs, fire due schedules, then persist."""
        now = self.clock.now()
        store = self.store
        for turn in [t for t in store.turns.values() if t.status not in TERMINAL]:
            if self._advance(turn, now):
                self._on_completed(turn)
        for sched in [s for s in store.schedules.values() if s.active and s.next_run_at <= now]:
            self._fire(sched, now)
        store.flush()

    def end_run(self, turn: TurnRec, status: str, message: str) -> None:
        """End an active run early with ``status`` error or aborted (409 if it has ended)."""
        if turn.status in TERMINAL:
            raise ApiError(
                409, f"task {turn.task_id}: its last run has already ended ({turn.status})"
            )
        turn.status, turn.completed_at, turn.error = status, self.clock.now(), message
        self.store.put("turns", turn)
        self._on_completed(turn)

    def _on_completed(self, turn: TurnRec) -> None:
        event = self._done.pop(turn.id, None)
        if event is not None:
            event.set()
        task = self.store.tasks.get(turn.task_id)
        if task is None:
            return
        worker = self.store.workers.get(task.worker_id)
        if worker is None:
            return
        if worker.webhook_url and worker.webhook_token and not worker.deleted:
            self.spawn(self._deliver(worker, task, turn))
        live = worker.keep_alive and turn.status == "completed"
        if live and not worker.deleted and worker.last_task_id == task.id:
            self.start_run(
                worker, turn.input, turn.budget, task.triggered_by, duration=LIVE_SECONDS
            )

    def _fire(self, sched: ScheduleRec, now: float) -> None:
        worker = self.store.live_worker(sched.worker_id)
        if worker is None:
            sched.active = False
            self.store.put("schedules", sched)
            return
        self.start_run(worker, sched.input, sched.budget, "schedule")
        if sched.type in ("scheduled", "delayed"):
            self.store.remove("schedules", sched.id)
            return
        sched.next_run_at = next_run(sched, now)
        self.store.put("schedules", sched)

    def spawn(self, coro: Any) -> None:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    # -- webhooks ------------------------------------------------------------------------

    def delivery_body(self, worker: WorkerRec, task: TaskRec, turn: TurnRec) -> dict[str, Any]:
        return {
            "event": f"task.{turn.status}",
            "workerId": worker.id,
            "taskId": task.id,
            "taskTitle": task.title,
            "turnId": turn.id,
            "status": turn.status,
            "triggeredBy": task.triggered_by,
            "completedAt": iso(turn.completed_at or self.clock.now()),
            "error": turn.error,
            "worker": render.worker_state(self.store, worker, self.clock.now(), task.id),
        }

    async def _deliver(self, worker: WorkerRec, task: TaskRec, turn: TurnRec) -> None:
        url, token = worker.webhook_url or "", worker.webhook_token or ""
        body = json.dumps(self.delivery_body(worker, task, turn), ensure_ascii=False).encode()
        created = self.clock.now()
        status: int | None = None
        error: str | None = None
        started = time.monotonic()
        host = urlsplit(url).hostname or ""
        if not self.config.allow_external_webhooks and not is_loopback_host(host):
            error = LOOPBACK_ONLY
        else:
            if self._http is None:
                # Lazily, off the loop: loading the CA bundle blocks for 30-200 ms.
                self._http = await asyncio.to_thread(_make_http_client)
            try:
                resp = await self._http.post(
                    url,
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        "User-Agent": "Handinger-Emulator/1",
                        "X-Handinger-Token": token,
                    },
                    timeout=self.config.webhook_timeout,
                )
                status = resp.status_code
                if not 200 <= status < 300:
                    snippet = " ".join(resp.text.split())[:200] or resp.reason_phrase
                    error = f"HTTP {status}: {snippet}"
            except httpx.TimeoutException:
                error = "Request timed out"
            except httpx.ConnectError as exc:
                refused = _caused_by(exc, ConnectionRefusedError)
                error = "Connection refused" if refused else f"Connection failed: {exc}"
            except httpx.HTTPError as exc:
                error = f"Connection failed: {type(exc).__name__}"
        duration = round((time.monotonic() - started) * 1000)
        rec = ExecutionRec(
            id=self.store.ids.prefixed("whe", int(created * 1000)),
            worker_id=worker.id,
            created_at=created,
            duration_ms=duration,
            error_message=error,
            request_status="success" if error is None else "error",
            response_status=status,
            task_id=task.id,
            task_title=task.title,
            url=url,
        )
        self.store.put("executions", rec)
        self.store.flush()


def _make_http_client() -> httpx.AsyncClient:
    """The delivery client; also pre-imports what its first request would import lazily."""
    for module in ("anyio._backends._asyncio", "httpcore._backends.anyio"):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    return httpx.AsyncClient(trust_env=False, follow_redirects=False)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """True if ``kind`` is anywhere in the cause/context chain (exception groups included)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


def next_run(sched: ScheduleRec, now: float) -> float:
    """The next due time strictly after ``now`` for a recurring schedule."""
    if sched.type == "interval":
        step = float(sched.interval_seconds or 1)
        missed = max(0, int((now - sched.next_run_at) // step))
        nxt = sched.next_run_at + (missed + 1) * step
        while nxt <= now:
            nxt += step
        return nxt
    if sched.type == "cron" and sched.cron:
        return float(croniter(sched.cron, to_dt(now)).get_next(float))
    return now
