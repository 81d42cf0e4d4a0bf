"""Emulator state: dicts in memory, optionally mirrored to SQLite (``--db``).

Persistence is a row per record (``kind, id, JSON``) plus a ``meta`` table (id counter,
clock offset, seed). Every mutation marks its record dirty; ``flush()`` writes all dirty
rows in one transaction (WAL journal), so a killed process restarts from the last
committed request or engine tick. The clock offset is persisted, so emulator time keeps
running across restarts (tasks that were due complete, due schedules fire once).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, TypeVar

from .history import History
from .ids import IdFactory
from .records import ExecutionRec, Record, ScheduleRec, TaskRec, TurnRec, WorkerRec

R = TypeVar("R", bound=Record)

KINDS: dict[str, type[Record]] = {
    "workers": WorkerRec,
    "tasks": TaskRec,
    "turns": TurnRec,
    "schedules": ScheduleRec,
    "executions": ExecutionRec,
}


class Store:
    """All records, keyed by id, in insertion order."""

    def __init__(self, db: str | Path | None = None, seed: str = "empty") -> None:
        self.workers: dict[str, WorkerRec] = {}
        self.tasks: dict[str, TaskRec] = {}
        self.turns: dict[str, TurnRec] = {}
        self.schedules: dict[str, ScheduleRec] = {}
        self.executions: dict[str, ExecutionRec] = {}
        self.history = History()  # executions per worker in page order
        self.ids = IdFactory(seed)
        self.seed = seed
        self.clock_offset = 0.0
        self.loaded = False
        # An insertion-ordered "set": new rows get their position in creation order.
        self._dirty: dict[tuple[str, str], None] = {}
        self._meta_dirty = False
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if db is not None:
            self._open(Path(db))

    # -- records -------------------------------------------------------------------------

    def _table(self, kind: str) -> dict[str, Any]:
        table: dict[str, Any] = getattr(self, kind)
        return table

    def put(self, kind: str, rec: Record) -> None:
        """Insert or mark-changed one record."""
        rec_id: str = getattr(rec, "id")  # noqa: B009
        self._table(kind)[rec_id] = rec
        if isinstance(rec, ExecutionRec):
            self.history.add(rec)
        self._dirty[(kind, rec_id)] = None
        self._meta_dirty = True

    def remove(self, kind: str, rec_id: str) -> None:
        self._table(kind).pop(rec_id, None)
        if kind == "executions":
            self.history.discard(rec_id)
        self._dirty[(kind, rec_id)] = None

    def live_worker(self, worker_id: str) -> WorkerRec | None:
        w = self.workers.get(worker_id)
        return None if w is None or w.deleted else w

    def clear(self, seed: str) -> None:
        for kind in KINDS:
            for rec_id in list(self._table(kind)):
                self.remove(kind, rec_id)
        self.ids = IdFactory(seed)
        self.seed = seed
        self.clock_offset = 0.0
        self._meta_dirty = True

    # -- SQLite --------------------------------------------------------------------------

    def _open(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute(
            "CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, id TEXT NOT NULL,"
            " pos INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id))"
        )
        self._db = con
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        if "seed" not in meta:
            return
        self.seed = meta["seed"]
        self.ids = IdFactory(self.seed, int(meta.get("seq", "0")))
        self.clock_offset = float(meta.get("clock_offset", "0"))
        rows = con.execute("SELECT kind, data FROM records ORDER BY pos").fetchall()
        for kind, data in rows:
            cls = KINDS.get(kind)
            if cls is not None:
                rec = cls.from_dict(json.loads(data))
                self._table(kind)[getattr(rec, "id")] = rec  # noqa: B009
                if isinstance(rec, ExecutionRec):
                    self.history.add(rec)
        self.loaded = True

    def flush(self) -> None:
        """Write dirty records and meta in one transaction (no-op without a database)."""
        if self._db is None:
            self._dirty.clear()
            return
        if not self._dirty and not self._meta_dirty:
            return
        with self._lock:
            dirty, self._dirty = self._dirty, {}
            con = self._db
            con.execute("BEGIN IMMEDIATE")
            try:
                for kind, rec_id in dirty:
                    rec = self._table(kind).get(rec_id)
                    if rec is None:
                        con.execute("DELETE FROM records WHERE kind=? AND id=?", (kind, rec_id))
                        continue
                    data = json.dumps(rec.to_dict(), ensure_ascii=False)
                    updated = con.execute(
                        "UPDATE records SET data=? WHERE kind=? AND id=?", (data, kind, rec_id)
                    ).rowcount
                    if not updated:
                        con.execute(
                            "INSERT INTO records (kind, id, pos, data) VALUES (?, ?,"
                            " (SELECT COALESCE(MAX(pos), 0) + 1 FROM records), ?)",
                            (kind, rec_id, data),
                        )
                meta = {
                    "seed": self.seed,
                    "seq": str(self.ids.seq),
                    "clock_offset": repr(self.clock_offset),
                }
                con.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items()
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            self._meta_dirty = False

    def mark_meta(self) -> None:
        self._meta_dirty = True

    def close(self) -> None:
        if self._db is not None:
            self.flush()
            self._db.close()
            self._db = None


__all__ = ["KINDS", "ExecutionRec", "ScheduleRec", "Store", "TaskRec", "TurnRec", "WorkerRec"]
