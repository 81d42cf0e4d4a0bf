"""The one refresh coordinator: what is due, at most N requests in flight, backoff per resource.

Rules it keeps:
- a resource is polled again only after its previous request finished (`next_due` is set
  from the finish time), so requests never pile up, and never two at once for one key;
- what is polled follows what is on screen: the selected worker (state, schedules, webhook,
  the current executions page, its email once) and the visible rows of the list (state,
  schedules and page 1 of executions for the "next run" and "last delivery" columns);
- a failure keeps the old value (stale), records the error and retries with exponential
  backoff and jitter, honouring Retry-After, capped at `backoff_max`;
- the client it is given should have its own retries off (`max_retries=0`): the two
  layers would otherwise multiply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handinger_tui.core.formatting import short_id
from handinger_tui.core.state import Clock, ExplorerState, Key, Kind, Resource

if TYPE_CHECKING:
    from handinger_tui.api import HandingerClient

log = logging.getLogger("handinger_tui.refresh")

ACTIVE_STATUSES = frozenset({"pending", "running"})
NEVER = float("inf")


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often each thing is refreshed, in seconds."""

    active: float = 2.0  # the selected worker while pending or running
    idle: float = 15.0  # the selected worker otherwise
    rows: float = 10.0  # visible rows of the worker list
    schedules: float = 30.0
    webhook: float = 30.0
    max_in_flight: int = 4
    backoff_base: float = 2.0
    backoff_max: float = 180.0


def problem_of(status: int | None) -> str:
    """What the status line says when requests fail."""
    if status is None:
        return "unreachable"
    if status == 401:
        return "API key refused"
    if status == 429:
        return "rate limited"
    if status >= 500:
        return "server errors"
    return "errors"


def describe_error(exc: BaseException) -> tuple[str, int | None, float | None]:
    """A short reason for a stale marker, the HTTP status and the server's Retry-After."""
    status = getattr(exc, "status_code", None)
    retry_after = getattr(exc, "retry_after", None)
    server = getattr(exc, "server_message", None)
    name = type(exc).__name__
    if isinstance(status, int):
        reason = f"{status} from the server"
        if server:
            reason += f": {server}"
    elif "Timeout" in name:
        reason = "the request timed out"
    elif "Connection" in name:
        reason = "cannot reach the server"
    elif "Format" in name:
        reason = "the server sent a response that could not be read"
    else:
        reason = str(exc) or name
    return reason, status if isinstance(status, int) else None, retry_after


class RefreshCoordinator:
    """Decides what is due, fetches it with a bounded number of requests, records results."""

    def __init__(
        self,
        client: HandingerClient,
        state: ExplorerState,
        *,
        cadence: Cadence | None = None,
        on_change: Callable[[Key], None] = lambda key: None,
        clock: Clock | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.client = client
        self.state = state
        self.cadence = cadence or Cadence()
        self.on_change = on_change
        self.clock = clock or Clock()
        self.rng = rng
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopped = False

    # -- what the UI tells it ------------------------------------------------------------

    def poke(self) -> None:
        """Wake the loop: the selection, the visible rows or a page changed."""
        self._wake.set()

    def refresh_now(self, worker_id: str | None = None) -> None:
        """Make everything wanted (or everything of one worker) due now, backoff reset."""
        now = self.clock.monotonic()
        for key, _interval in self.wanted():
            if worker_id is None or key.worker_id == worker_id:
                res = self.state.resource(key)
                res.next_due = now
                res.retry_at = None
        self.poke()

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    # -- the plan ------------------------------------------------------------------------

    def wanted(self) -> list[tuple[Key, float]]:
        """Every key worth refreshing now with its interval, most important first."""
        c, st = self.cadence, self.state
        out: list[tuple[Key, float]] = []
        sel = st.selected
        if sel is not None:
            worker = st.value(Key(Kind.WORKER, sel))
            active = worker is None or getattr(worker, "status", None) in ACTIVE_STATUSES
            out.append((Key(Kind.WORKER, sel), c.active if active else c.idle))
            out.append((Key(Kind.SCHEDULES, sel), c.schedules))
            out.append((Key(Kind.WEBHOOK, sel), c.webhook))
            out.append((Key(Kind.EXECUTIONS, sel, st.page_of(sel)), c.webhook))
            out.append((Key(Kind.EMAIL, sel), NEVER))
        for wid in st.visible:
            if wid == sel:
                continue
            out.append((Key(Kind.WORKER, wid), c.rows))
        for wid in st.visible:
            out.append((Key(Kind.SCHEDULES, wid), c.schedules))
            out.append((Key(Kind.EXECUTIONS, wid, 1), c.webhook))
        seen: set[Key] = set()
        unique = []
        for key, interval in out:
            if key not in seen:
                seen.add(key)
                unique.append((key, interval))
        return unique

    def _due_at(self, res: Resource[Any], interval: float) -> float:
        if res.retry_at is not None:
            return res.retry_at
        if res.fetched_at is None and res.failures == 0:
            return 0.0  # never fetched: now
        if interval == NEVER and res.loaded:
            return NEVER
        return res.next_due

    def launch_due(self) -> float:
        """Start every due fetch the in-flight cap allows; return seconds until the next."""
        now = self.clock.monotonic()
        soonest = NEVER
        for key, interval in self.wanted():
            res = self.state.resource(key)
            if res.in_flight:
                continue
            due = self._due_at(res, interval)
            if due > now:
                soonest = min(soonest, due)
                continue
            if len(self._tasks) >= self.cadence.max_in_flight:
                soonest = min(soonest, now + 0.05)
                break
            res.in_flight = True
            task = asyncio.create_task(self._fetch(key, res, interval), name=f"refresh {key}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return max(0.0, soonest - now)

    async def run(self) -> None:
        """Refresh until `stop()`; waits on the earliest due time or a poke."""
        while not self._stopped:
            delay = self.launch_due()
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=min(delay, 5.0))

    async def stop(self) -> None:
        self._stopped = True
        self._wake.set()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- one fetch -----------------------------------------------------------------------

    def _request(self, key: Key) -> Awaitable[Any]:
        w = self.client.workers
        wid = key.worker_id
        if key.kind is Kind.WORKER:
            return w.retrieve(wid)
        if key.kind is Kind.SCHEDULES:
            return w.schedules.list(wid)
        if key.kind is Kind.WEBHOOK:
            return w.webhooks.retrieve(wid)
        if key.kind is Kind.EXECUTIONS:
            return w.webhooks.list_executions(wid, page=key.page)
        return w.retrieve_email(wid)

    async def _fetch(self, key: Key, res: Resource[Any], interval: float) -> None:
        try:
            value = await self._request(key)
        except asyncio.CancelledError:
            res.in_flight = False
            raise
        except Exception as exc:  # every failure becomes a stale marker, never a crash
            self._record_failure(key, res, exc)
        else:
            self._record_success(key, res, value, interval)
        finally:
            res.in_flight = False
        self.on_change(key)
        self.poke()

    def _record_success(self, key: Key, res: Resource[Any], value: Any, interval: float) -> None:
        now = self.clock.now()
        if key.kind is Kind.WORKER:
            old = res.value
            if old is not None and getattr(old, "status", None) != getattr(value, "status", None):
                self.state.status_changed_at[key.worker_id] = now
        res.value = value
        res.fetched_at = now
        res.error = None
        res.error_status = None
        res.failures = 0
        res.retry_at = None
        res.gone = False
        res.next_due = self.clock.monotonic() + interval
        conn = self.state.connection
        conn.ok = True
        conn.last_ok = now

    def _record_failure(self, key: Key, res: Resource[Any], exc: BaseException) -> None:
        reason, status, retry_after = describe_error(exc)
        log.info("refresh of %s failed: %s", key, reason)
        res.failures += 1
        res.error = reason
        res.error_status = status
        res.gone = status == 404
        c = self.cadence
        delay = min(c.backoff_max, c.backoff_base * 2 ** (res.failures - 1))
        delay *= 0.75 + 0.25 * self.rng()
        if retry_after is not None and retry_after > 0:
            delay = max(delay, min(float(retry_after), c.backoff_max))
        if status in (403, 404):
            delay = max(delay, min(60.0, c.backoff_max))  # not a passing fault: ask rarely
        now = self.clock.monotonic()
        res.retry_at = now + delay
        res.next_due = res.retry_at
        if status in (403, 404):
            return  # about this worker only: its row and panes say so, not the status line
        conn = self.state.connection
        conn.last_error = f"{reason} ({key.kind.value} of {short_id(key.worker_id, 20)})"
        conn.last_error_at = self.clock.now()
        conn.ok = False if status is None or status == 401 or status >= 429 else conn.ok
        conn.problem = problem_of(status)
