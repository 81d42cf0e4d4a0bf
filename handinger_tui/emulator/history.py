"""Each worker's webhook executions kept in order as they arrive, so a page is a slice.

Order is ``(created_at, arrival)``: newest first on the wire, and among executions created at
the same instant the later arrival first (what a stable sort of the insertion-ordered table
gave before). Deliveries nearly always arrive in time order, so an insert is an append; one
that finishes late is placed by binary search. A page costs the same at 100 or 100,000
executions.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, insort

from .records import ExecutionRec

Key = tuple[float, int, str]  # (created_at, arrival, id)


class History:
    """Execution ids per worker, oldest first; read newest first by ``page``."""

    def __init__(self) -> None:
        self._rows: dict[str, list[Key]] = {}
        self._where: dict[str, tuple[str, Key]] = {}
        self._arrivals = itertools.count()

    def add(self, rec: ExecutionRec) -> None:
        """Index a new execution, or re-place a changed one (it keeps its arrival)."""
        old = self._where.get(rec.id)
        arrival = next(self._arrivals) if old is None else old[1][1]
        self.discard(rec.id)
        key = (rec.created_at, arrival, rec.id)
        rows = self._rows.setdefault(rec.worker_id, [])
        if not rows or rows[-1] < key:
            rows.append(key)
        else:
            insort(rows, key)
        self._where[rec.id] = (rec.worker_id, key)

    def discard(self, rec_id: str) -> None:
        found = self._where.pop(rec_id, None)
        if found is None:
            return
        worker_id, key = found
        rows = self._rows[worker_id]
        del rows[bisect_left(rows, key)]
        if not rows:
            del self._rows[worker_id]

    def count(self, worker_id: str) -> int:
        return len(self._rows.get(worker_id, ()))

    def page(self, worker_id: str, start: int, size: int) -> list[str]:
        """Ids ``start .. start+size`` counted from the newest, newest first."""
        rows = self._rows.get(worker_id, [])
        end = len(rows) - start
        if end <= 0 or size <= 0:
            return []
        return [key[2] for key in reversed(rows[max(end - size, 0) : end])]


__all__ = ["History"]
