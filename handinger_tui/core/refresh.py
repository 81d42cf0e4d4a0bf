"""The one refresh coordinator: what is due, at most N requests in flight, backoff per resource.

Rules it keeps:
- a resource is polled again only after its previous request finished (`next_due` is set
  from the finish time), so requests never pile up, and never two at once for one key;
- what is polled follows what is on screen: the selected worker (state, schedules, webhook,
  the current executions page, its email once) and the visible rows of the list (state,
  schedules and page 1 of executions for the "next run" and "last delivery" columns);
- trouble never adds load: a failure keeps the old value (stale) and is retried no sooner
  than the resource's normal interval, then twice that, and so on (jitter only lengthens),
  up to `backoff_max`, honouring Retry-After;
- an outage (`outage_after` service-wide failures in a row, no success between) slows
  everything to one probe at a time, to what failed longest ago, the gap between probes
  doubling from `backoff_base` up to a minute; the first success ends it and makes every
  resource that failed with the service due again within its normal interval;
- 403s on one worker stay in its panes; 404 marks it gone;
- a refused key (401) stops polling until `resume()` (after the operator gives a new key);
- a background sweep visits every tracked worker in turn (state, schedules, page 1 of
  executions, and the task of its latest delivery or of a run started here) for the
  cross-worker views: at most `sweep_per_minute` requests in any minute, one at a time, only
  when no foreground request is due and everything on screen has had its first answer, and
  not at all while the service is failing;
- the client it is given should have its own retries off (`max_retries=0`): the two
  layers would otherwise multiply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from handinger_tui.core.formatting import short_id
from handinger_tui.core.settings import Settings
from handinger_tui.core.state import (
    ACTIVE_STATUSES,
    OUTAGE_TROUBLES,
    Answer,
    Clock,
    ExplorerState,
    Failure,
    Key,
    Kind,
    Resource,
    Trouble,
    record_answer,
)
from handinger_tui.core.sweep import MIN_AGE, SweepPlan
from handinger_tui.core.sweep_budget import SweepBudget

if TYPE_CHECKING:
    from handinger_tui.api import HandingerClient

log = logging.getLogger("handinger_tui.refresh")

NEVER = float("inf")
PER_WORKER = frozenset({Trouble.DENIED, Trouble.NOT_FOUND})
"""Failures about one worker: its row and panes say so; they are asked about rarely."""
PER_WORKER_DELAY = 60.0
PROBE_MAX = 60.0
"""An outage is probed at least once a minute (one request), so its end is seen soon."""


_DEFAULT: Final = Settings()  # the defaults of what ``[refresh]`` sets are declared there


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often each thing is refreshed, in seconds."""

    active: float = _DEFAULT.active_interval  # the selected worker while pending or running
    idle: float = _DEFAULT.idle_interval  # the selected worker otherwise
    rows: float = _DEFAULT.list_interval  # visible rows of the worker list
    schedules: float = _DEFAULT.schedules_interval
    webhook: float = _DEFAULT.webhook_interval
    max_in_flight: int = _DEFAULT.max_in_flight
    backoff_base: float = 2.0  # the first gap between probes in an outage
    backoff_max: float = _DEFAULT.backoff_max  # the longest wait for a retry or a probe
    outage_after: int = 6  # service-wide failures in a row that make an outage
    sweep_per_minute: int = _DEFAULT.sweep_per_minute  # the background sweep; 0 turns it off

    @classmethod
    def from_settings(cls, settings: Settings) -> Cadence:
        """The intervals and limits of ``[refresh]`` (and their flags)."""
        return cls(
            active=settings.active_interval,
            idle=settings.idle_interval,
            rows=settings.list_interval,
            schedules=settings.schedules_interval,
            webhook=settings.webhook_interval,
            max_in_flight=settings.max_in_flight,
            backoff_max=settings.backoff_max,
            sweep_per_minute=settings.sweep_per_minute,
        )


class RefreshCoordinator:
    """Decides what is due, fetches it with a bounded number of requests, records results."""

    def __init__(
        self,
        client: HandingerClient,
        state: ExplorerState,
        *,
        classify: Callable[[BaseException], Failure],
        cadence: Cadence | None = None,
        clock: Clock | None = None,
        rng: Callable[[], float] = random.random,
        tracked: Callable[[], Sequence[str]] = tuple,
    ) -> None:
        self.client = client
        self.state = state
        self.classify = classify
        self.cadence = cadence or Cadence()
        self._listeners: list[Callable[[Key], None]] = []
        self.clock = clock or Clock()
        self.rng = rng
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopped = False
        self._streak = 0  # service-wide failures in a row, no success between
        self._denied = 0  # 403s in a row, no success between
        self._probe_at = 0.0  # in an outage: monotonic time the next probe may start
        self._key_generation = 0  # bumped by `resume()`: failures sent with the old key are moot
        self._plan = SweepPlan(state, self.clock, tracked)  # every tracked worker, in turn
        self._sweep_task: asyncio.Task[None] | None = None
        self._budget = SweepBudget()

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
        self._probe_at = now  # the operator asked: probe now, even in an outage
        self.poke()

    def resume(self, client: HandingerClient | None = None) -> None:
        """Poll again after a refused key, with `client` (a new key) if given; all due now."""
        if client is not None:
            self.client = client
        self._key_generation += 1
        conn = self.state.connection
        conn.halted = False
        conn.outage = False
        conn.ok = None
        conn.problem = ""
        conn.trouble = None
        self._streak = self._denied = 0
        now = self.clock.monotonic()
        self._probe_at = now
        for res in self.state.resources.values():
            if res.trouble is not None:
                res.failures = 0
                res.retry_at = now
                res.next_due = now
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
            worker = st.worker(sel)
            active = worker is None or worker.running or worker.status in ACTIVE_STATUSES
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

    def _due_at(self, res: Resource[Answer], interval: float) -> float:
        if res.retry_at is not None:
            return res.retry_at
        if res.fetched_at is None and res.failures == 0:
            return 0.0  # never fetched: now
        if interval == NEVER and res.loaded:
            return NEVER
        return res.next_due

    def launch_due(self) -> float:
        """Start every due fetch the limits allow; return seconds until the next."""
        now = self.clock.monotonic()
        conn = self.state.connection
        if conn.halted:
            return NEVER  # a refused key is not tried again until `resume()`
        if conn.outage:
            return self._probe(now)
        soonest = NEVER
        wanted = self.wanted()
        blocked = False
        for key, interval in wanted:
            res = self.state.resource(key)
            if res.in_flight:
                continue
            due = self._due_at(res, interval)
            if due > now:
                soonest = min(soonest, due)
                continue
            if len(self._tasks) >= self.cadence.max_in_flight:
                soonest = min(soonest, now + 0.05)
                blocked = True
                break
            self._launch(key, res, interval)
        if not blocked:
            soonest = min(soonest, self._sweep(now, {key for key, _interval in wanted}))
        return max(0.0, soonest - now)

    # -- the background sweep ------------------------------------------------------------

    @property
    def sweep_paused(self) -> bool:
        """The sweep waits while the service fails or the key is refused.

        After a failure it waits for the next answer to foreground work; with nothing on
        screen to poll it goes on (its own failures lead to an outage, which stops it).
        """
        conn = self.state.connection
        if conn.halted or conn.outage:
            return True
        return conn.ok is False and bool(self.wanted())

    def _sweep(self, now: float, foreground: set[Key]) -> float:
        """Start the sweep's next request if its budget allows; return when to look again."""
        per_minute = self.cadence.sweep_per_minute
        if per_minute <= 0 or self.sweep_paused:
            return NEVER  # a success or `resume()` pokes the loop
        if self._sweep_task is not None or len(self._tasks) >= self.cadence.max_in_flight:
            return NEVER  # one sweep request at a time; a finished request pokes the loop
        if any(self._unanswered(key) for key in foreground):
            return NEVER  # what is on screen fills first; each of its answers pokes the loop
        wait = self._budget.wait(now, per_minute)
        if wait > 0:
            return now + wait
        key = self._plan.pick(now, foreground)
        if key is None:
            return now + MIN_AGE.total_seconds() / 4  # all fresh: look again later
        self._budget.spend(now)
        res = self.state.resource(key)
        self._sweep_task = self._launch(key, res, self.cadence.rows)
        return NEVER

    def _unanswered(self, key: Key) -> bool:
        """Never answered yet, neither a value nor a failure (its first request may be out)."""
        res = self.state.resource(key)
        return res.fetched_at is None and res.failures == 0

    def screen_answered(self) -> bool:
        """Everything on screen has had its first answer or failure (the list is filled)."""
        return not any(self._unanswered(key) for key, _interval in self.wanted())

    def sweep_keys(self, worker_id: str) -> list[Key]:
        """What the sweep keeps of one worker (see `SweepPlan.keys`)."""
        return self._plan.keys(worker_id)

    def swept(self) -> bool:
        """Every tracked worker's sweep keys have an answer and nothing is in flight."""
        return not self._tasks and self._plan.answered()

    def _probe(self, now: float) -> float:
        """In an outage: one request at a time, spaced out, to what failed longest ago."""
        if self._tasks:
            return NEVER  # its end wakes the loop
        if self._probe_at > now:
            return self._probe_at - now
        due = []
        soonest = NEVER
        for key, interval in self.wanted():
            res = self.state.resource(key)
            at = self._due_at(res, interval)
            if at <= now:
                due.append((-NEVER if res.failed_at is None else res.failed_at, key, interval))
            soonest = min(soonest, at)
        if not due:
            return max(0.0, soonest - now)
        _failed_at, key, interval = min(due, key=lambda item: item[0])
        self._launch(key, self.state.resource(key), interval)
        return NEVER

    def _launch(self, key: Key, res: Resource[Answer], interval: float) -> asyncio.Task[None]:
        res.in_flight = True
        self.state.connection.waiting[key] = self.clock.now()  # its wait shows on screen
        task = asyncio.create_task(self._fetch(key, res, interval), name=f"refresh {key}")
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task is self._sweep_task:
            self._sweep_task = None

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

    def _request(self, key: Key) -> Awaitable[Answer]:
        """The request `key` names: what it answers is what its kind's accessor reads."""
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
        if key.kind is Kind.TASK:
            return self.client.tasks.retrieve(key.ref)
        return w.retrieve_email(wid)

    async def _fetch(self, key: Key, res: Resource[Answer], interval: float) -> None:
        key_in_use = self._key_generation
        try:
            value = await self._request(key)
        except asyncio.CancelledError:
            res.in_flight = False
            raise
        except Exception as exc:  # every failure becomes a stale marker, never a crash
            if key_in_use == self._key_generation:  # not a late answer to the old key
                self._record_failure(key, res, self.classify(exc), interval)
        else:
            self._record_success(key, res, value, interval)
        finally:
            res.in_flight = False
            self.state.connection.waiting.pop(key, None)
        self.on_change(key)
        self.poke()

    def subscribe(self, listener: Callable[[Key], None]) -> None:
        """Call `listener` with each key whose resource changed (the UI's one subscription)."""
        self._listeners.append(listener)

    def on_change(self, key: Key) -> None:
        """Tell every subscriber that `key` changed (a poll answered, or an action wrote)."""
        for listener in self._listeners:
            listener(key)

    def _record_success(
        self, key: Key, res: Resource[Answer], value: Answer, interval: float
    ) -> None:
        now = self.clock.now()
        old = self.state.worker(key.worker_id) if key.kind is Kind.WORKER else None
        record_answer(res, value, now)
        new = self.state.worker(key.worker_id) if key.kind is Kind.WORKER else None
        if old is not None and new is not None and old.status != new.status:
            self.state.status_changed_at[key.worker_id] = now
        res.next_due = self.clock.monotonic() + interval
        conn = self.state.connection
        if self._streak or conn.outage:
            self._recover()
        self._denied = 0
        conn.ok = True
        conn.last_ok = now
        conn.outage = False

    def _recover(self) -> None:
        """The service answers again: what failed with it is due within its normal interval."""
        self._streak = 0
        now = self.clock.monotonic()
        intervals = dict(self.wanted())
        for key, res in self.state.resources.items():
            if res.trouble not in OUTAGE_TROUBLES or res.retry_at is None:
                continue
            interval = self._base(intervals.get(key, self.cadence.idle))
            failed_at = now if res.failed_at is None else res.failed_at
            res.failures = 0
            res.retry_at = min(res.retry_at, max(now, failed_at + interval))
            res.next_due = res.retry_at

    def _hold_until_probe(self) -> None:
        """In an outage nothing that failed is retried before the next probe: say so."""
        for res in self.state.resources.values():
            if res.retry_at is not None and res.retry_at < self._probe_at:
                res.retry_at = res.next_due = self._probe_at

    def _base(self, interval: float) -> float:
        """The normal interval; for what is fetched once, the idle one."""
        return interval if interval != NEVER else self.cadence.idle

    def _failure_delay(self, res: Resource[Answer], interval: float, failure: Failure) -> float:
        """Never sooner than the normal interval; doubling from there; jitter lengthens."""
        c = self.cadence
        base = self._base(interval)
        cap = max(c.backoff_max, base)
        growth = 2.0 ** min(res.failures - 1, 30)
        delay = min(cap, base * growth * (1 + 0.25 * self.rng()))
        if failure.retry_after is not None and failure.retry_after > 0:
            delay = max(delay, min(failure.retry_after, cap))
        if failure.trouble in PER_WORKER:
            delay = max(delay, min(PER_WORKER_DELAY, cap))  # not a passing fault: ask rarely
        return delay

    def _record_failure(
        self, key: Key, res: Resource[Answer], failure: Failure, interval: float
    ) -> None:
        log.info("refresh of %s failed: %s", key, failure.reason)
        res.failures += 1
        res.error = failure.reason
        res.error_status = failure.status
        res.trouble = failure.trouble
        res.gone = failure.trouble is Trouble.NOT_FOUND
        now = self.clock.monotonic()
        res.failed_at = now
        res.retry_at = now + self._failure_delay(res, interval, failure)
        res.next_due = res.retry_at
        if failure.trouble is Trouble.DENIED:
            self._denied += 1  # many in a row, nothing else answering: the key may not read
        if failure.trouble is Trouble.NOT_FOUND or (
            failure.trouble is Trouble.DENIED and self._denied < self.cadence.outage_after
        ):
            return  # about this worker only: its row and panes say so, not the status line
        conn = self.state.connection
        conn.last_error = (
            f"{failure.trouble.value}: {failure.reason} "
            f"({key.kind.value} of {short_id(key.worker_id, 20)})"
        )
        conn.last_error_at = self.clock.now()
        if failure.trouble is Trouble.OTHER:
            return  # the service answers (another 4xx): said, but not a lost connection
        conn.ok = False
        conn.problem = failure.trouble.value
        conn.trouble = failure.trouble
        if failure.trouble is Trouble.KEY_REFUSED:
            conn.halted = True  # never poll on with a refused key
            return
        if failure.trouble in OUTAGE_TROUBLES:
            self._streak += 1
            c = self.cadence
            if self._streak >= c.outage_after:
                conn.outage = True
                steps = min(self._streak - c.outage_after, 30)
                gap = min(c.backoff_max, PROBE_MAX, c.backoff_base * 2.0**steps)
                if failure.retry_after is not None and failure.retry_after > 0:
                    gap = max(gap, min(failure.retry_after, c.backoff_max))
                self._probe_at = max(self._probe_at, now + gap)
                self._hold_until_probe()
