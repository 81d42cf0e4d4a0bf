"""What the background sweep reads, and in what order: every tracked worker in turn.

The coordinator (`refresh`) decides when a sweep request may go (its budget, the
foreground first, never while the service fails); this module decides which one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import timedelta
from typing import Final

from handinger_tui.core.state import Clock, ExplorerState, Key, Kind, Resource

MIN_AGE: Final = timedelta(seconds=60)
"""The sweep leaves alone what was fetched (by anyone) more recently than this."""
SCAN: Final = 200
"""Workers looked at per pick (bounds the CPU with thousands of tracked workers)."""
TERMINAL_TASKS: Final = frozenset({"completed", "error", "aborted"})
"""A task in one of these states does not change again: looked up once."""


class SweepPlan:
    """Round-robin over the tracked workers: the next key that is neither on screen nor fresh."""

    def __init__(
        self, state: ExplorerState, clock: Clock, tracked: Callable[[], Sequence[str]]
    ) -> None:
        self.state = state
        self.clock = clock
        self.tracked = tracked
        self._pos = 0

    def keys(self, worker_id: str) -> list[Key]:
        """State, schedules, the latest executions page, the task of the latest delivery and
        of runs started here; only the state of a worker that answered 404."""
        worker = self.state.resources.get(Key(Kind.WORKER, worker_id))
        if worker is not None and worker.gone:
            return [Key(Kind.WORKER, worker_id)]
        keys = [
            Key(Kind.WORKER, worker_id),
            Key(Kind.SCHEDULES, worker_id),
            Key(Kind.EXECUTIONS, worker_id, 1),
        ]
        executions = self.state.executions(worker_id)
        if executions is not None:
            for log in executions.logs[:1]:
                if log.task_id:
                    keys.append(Key(Kind.TASK, worker_id, ref=log.task_id))
        for task_id, owner in self.state.started_tasks.items():
            if owner == worker_id:
                keys.append(Key(Kind.TASK, worker_id, ref=task_id))
        return keys

    def answered(self) -> bool:
        """Every tracked worker's keys have an answer (a value or a failure)."""
        for wid in self.tracked():
            for key in self.keys(wid):
                res = self.state.resources.get(key)
                if res is None or not (res.loaded or res.stale):
                    return False
        return True

    def _wants(self, key: Key, res: Resource[object], now: float) -> bool:
        if res.in_flight:
            return False
        if res.retry_at is not None:
            return res.retry_at <= now  # backoff (and the rare re-ask of a 404) as usual
        if res.fetched_at is None:
            return True
        task = self.state.task(key.worker_id, key.ref) if key.kind is Kind.TASK else None
        if task is not None and task.task.status in TERMINAL_TASKS:
            return False
        return self.clock.now() - res.fetched_at >= MIN_AGE

    def pick(self, now: float, foreground: Collection[Key]) -> Key | None:
        """The next key in round-robin order that is not foreground work and is not fresh."""
        ids = self.tracked()
        if not ids:
            return None
        for _ in range(min(len(ids), SCAN)):
            wid = ids[self._pos % len(ids)]
            for key in self.keys(wid):
                if key in foreground:
                    continue
                res = self.state.resources.get(key)
                if res is None or self._wants(key, res, now):
                    return key
            self._pos = (self._pos + 1) % len(ids)
        return None
