"""The worker list's rows, kept between renders: a row is rebuilt when its worker had news,
when it is on screen, or for a short list; the order is kept until a row changes place.

Building a row reads the state and formats its cells (about 20 µs); at 5,000 tracked workers
rebuilding them all took 0.1-0.4 s and ran on every answer that reached a row on screen. Now
a whole render rebuilds the rows of the workers whose resources changed since the last one
(the coordinator tells `changed`, the registry counts its own changes) and those on screen
(their ages move); the rest are as last built. Rows off screen may show ages that are old;
nobody sees them, and a row brought on screen is rebuilt at the next tick (one second). A
filter reads every cell, so with one every row is rebuilt: at each change of the filter
and each whole sync.

The whole list is also re-synced when a worker's place may have changed (`moved`) and at
most every `WHOLE_EVERY` seconds otherwise; in between only the rows on screen are patched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from handinger_tui.core import health, views
from handinger_tui.core.news import Announcer
from handinger_tui.core.registry import Registry, TrackedWorker
from handinger_tui.core.state import ExplorerState, Key

LONG_LIST = 200
"""Tracked workers from which rows are kept between renders and the list is re-synced
whole only every `WHOLE_EVERY` s (a shorter list is rebuilt every time)."""
WHOLE_EVERY = 5.0


@dataclass(slots=True)
class _Entry:
    """A built row, the registry record it was built from, and the row as shown."""

    record: TrackedWorker
    item: views.ListRow  # what the filter and the order read
    shown: views.Row  # with the delivery strip


@dataclass
class ListPace:
    """The rows of the worker list and when the whole list is due."""

    monotonic: Callable[[], float] = time.monotonic
    built: int = field(default=0, init=False)  # rows built so far (the tests count them)
    _last_whole: float | None = field(default=None, init=False)
    _entries: dict[str, _Entry] = field(default_factory=dict, init=False)
    _dirty: set[str] = field(default_factory=set, init=False)
    _revision: tuple[int, int] | None = field(default=None, init=False)  # registry, revision
    _order: list[str] | None = field(default=None, init=False)
    _order_by: str = field(default="", init=False)
    _followed: Announcer | None = field(default=None, init=False)

    def follow(self, coordinator: Announcer) -> None:
        """Hear of every changed resource from `coordinator` (once; a new one starts over)."""
        if coordinator is not self._followed:
            self._followed = coordinator
            coordinator.subscribe(self.changed)
            self._entries.clear()

    def changed(self, key: Key) -> None:
        """A resource of `key.worker_id` changed: its row is rebuilt at the next render."""
        self._dirty.add(key.worker_id)

    def whole_due(self, tracked: int, *, moved: bool = False) -> bool:
        """True for a short list, when a row may have changed place (`moved`), or when the
        last whole sync of a long one is `WHOLE_EVERY` seconds old; it is then counted as
        done. A filtered long list too: every row is then rebuilt (a filter may match an
        age), so a row joins or leaves it at most `WHOLE_EVERY` seconds late."""
        now = self.monotonic()
        due = (
            tracked < LONG_LIST
            or moved
            or self._last_whole is None
            or now - self._last_whole >= WHOLE_EVERY
        )
        if due:
            self._last_whole = now
        return due

    def moved(self, state: ExplorerState, registry: Registry, now: datetime) -> bool:
        """Rebuild the rows of workers with news; True when one of them may have changed
        place (its status rank or name), the tracked workers changed, or no coordinator is
        followed yet (every row may have news); a short list is rebuilt whole anyway."""
        if self._followed is None or len(registry) < LONG_LIST:
            return True
        self._update(state, registry, now, ())
        return self._order is None

    def rows(
        self,
        state: ExplorerState,
        registry: Registry,
        now: datetime,
        *,
        shown: Collection[str] = (),
        filter_text: str = "",
        sort: str = "status",
    ) -> list[views.Row]:
        """The whole list in status or name order (`health.sort_rows` does the others),
        with the delivery strips; rows rebuilt for workers with news and those `shown`."""
        needle = filter_text.strip().lower()
        self._update(state, registry, now, shown, every=bool(needle))
        order = self._ordered(registry, sort)
        entries = self._entries
        if not needle:
            return [entries[wid].shown for wid in order]
        return [entries[w].shown for w in order if views.matches(entries[w].item.row, needle)]

    def rows_of(
        self, state: ExplorerState, registry: Registry, worker_ids: Iterable[str], now: datetime
    ) -> list[views.Row]:
        """The rows of `worker_ids` only, built now (untracked ones are left out)."""
        out = []
        for wid in worker_ids:
            record = registry.get(wid)
            if record is not None:
                out.append(self._build(state, registry, wid, record, now).shown)
        return out

    # -- the kept rows ----------------------------------------------------------------------

    def _build(
        self,
        state: ExplorerState,
        registry: Registry,
        wid: str,
        record: TrackedWorker,
        now: datetime,
    ) -> _Entry:
        """Build one row now and keep it; a changed place drops the kept order."""
        self.built += 1
        item = views.worker_row(state, registry, wid, now)
        (shown,) = health.with_strips([item.row], state, now)
        old = self._entries.get(wid)
        if old is None or (old.item.rank, old.item.name) != (item.rank, item.name):
            self._order = None
        entry = self._entries[wid] = _Entry(record, item, shown)
        return entry

    def _update(
        self,
        state: ExplorerState,
        registry: Registry,
        now: datetime,
        shown: Collection[str],
        *,
        every: bool = False,
    ) -> None:
        """Rebuild what is due: news, `shown`, records the registry changed, or `every`."""
        entries = self._entries
        revision = (id(registry), registry.revision)
        if revision != self._revision or len(entries) != len(registry):
            self._revision = revision
            self._order = None
            records = {record.id: record for record in registry}
            for wid in [w for w in entries if w not in records]:
                del entries[wid]
            for wid, record in records.items():
                entry = entries.get(wid)
                if entry is None or entry.record is not record:
                    self._dirty.add(wid)
        due: Iterable[str]
        if every or self._followed is None or len(registry) < LONG_LIST:
            due = registry.ids()
        else:
            due = self._dirty.union(shown)
        self._dirty = set()
        for wid in due:
            tracked = registry.get(wid)
            if tracked is not None:
                self._build(state, registry, wid, tracked, now)

    def _ordered(self, registry: Registry, sort: str) -> Sequence[str]:
        """The tracked ids in `sort` order, kept until a row changes place."""
        if self._order is None or self._order_by != sort:
            entries = self._entries
            ids = registry.ids()
            keyed = sorted(
                (views.list_order(entries[wid].item, index, sort), wid)
                for index, wid in enumerate(ids)
            )
            self._order = [wid for _key, wid in keyed]
            self._order_by = sort
        return self._order
