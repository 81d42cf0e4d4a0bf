"""How often a long worker list is rebuilt whole, and its rows on screen between rebuilds.

Rebuilding the list reads every tracked worker (0.4 s at 5,000 on a loaded machine) and
ran on every second's tick and on every answer. A short list still does; a long one is
rebuilt (re-sorted, re-filtered) when what a row on screen shows came from a new answer
(its row may move), else at most every `WHOLE_EVERY` seconds; in between only the rows on
screen are brought up to date, so that work follows the screen, not the fleet. An answer
with the same body as before is the same object (see `api._transport`): nothing moved.
Off-screen rows are at most `WHOLE_EVERY` seconds late, and nobody sees them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from handinger_tui.core import health, views
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState, Key, Kind

LONG_LIST = 200
"""Tracked workers from which the list is rebuilt whole only every `WHOLE_EVERY` s."""
WHOLE_EVERY = 5.0
_Seen = tuple[object, str | None, bool]  # a resource's value (by identity), error, gone


@dataclass
class ListPace:
    """Says, for each tick or answer, whether the whole list is due."""

    monotonic: Callable[[], float] = time.monotonic
    _last_whole: float | None = field(default=None, init=False)
    _seen: dict[Key, _Seen] = field(default_factory=dict, init=False)

    def whole_due(self, tracked: int, *, filtering: bool = False, moved: bool = False) -> bool:
        """True for a short list, a filtered one (a filter may match an age), when a row on
        screen may move (`moved`), or when the last whole rebuild of a long one is
        `WHOLE_EVERY` seconds old; it is then counted as done."""
        now = self.monotonic()
        due = (
            tracked < LONG_LIST
            or filtering
            or moved
            or self._last_whole is None
            or now - self._last_whole >= WHOLE_EVERY
        )
        if due:
            self._last_whole = now
        return due

    def moved(self, state: ExplorerState, worker_ids: Sequence[str]) -> bool:
        """True when a worker in `worker_ids` holds another answer (or failure) than at the
        last call: its row may show other text and move. Remembers these workers only."""
        seen: dict[Key, _Seen] = {}
        for worker_id in worker_ids:
            for key in (
                Key(Kind.WORKER, worker_id),
                Key(Kind.SCHEDULES, worker_id),
                Key(Kind.EXECUTIONS, worker_id, 1),
            ):
                res = state.resources.get(key)
                if res is not None:
                    seen[key] = (res.value, res.error, res.gone)
        before, self._seen = self._seen, seen
        return seen.keys() != before.keys() or any(
            now[0] is not before[key][0] or now[1:] != before[key][1:] for key, now in seen.items()
        )


def rows_of(
    state: ExplorerState, registry: Registry, worker_ids: Iterable[str], now: datetime
) -> list[views.Row]:
    """The list rows of `worker_ids` only (in no set order), as the whole list shows them."""
    shown = Registry.in_memory(registry.base_url)
    for worker_id in worker_ids:
        record = registry.get(worker_id)
        if record is not None:
            shown.restore(record)  # an in-memory registry: nothing is saved
    return health.with_strips(views.worker_rows(state, shown, now=now), state, now)
