"""Which news changes what the panes show: an answer the same as the last one does not.

Every answer is news (the coordinator tells each one, and its `fetched_at` moves), but at
rest most answers are the very object the last one was (`api._transport` keeps the parse
of an unchanged body). Rendering the list and the selected worker's panes again for them
cost a few milliseconds each, several times a second; only the freshness labels and the
status line can have moved, and the screen's tick shows what time moves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from handinger_tui.core.state import ExplorerState, Key, Resource, Trouble

_Shown = tuple[object, bool, str | None, int | None, Trouble | None, bool]
"""A resource as the panes read it, time apart: value (by identity), loaded, error, error
status, trouble, gone."""


def shown(res: Resource[object] | None) -> _Shown | None:
    if res is None:
        return None
    return (res.value, res.loaded, res.error, res.error_status, res.trouble, res.gone)


def _same(a: _Shown | None, b: _Shown | None) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] is b[0] and a[1:] == b[1:]


@dataclass
class SeenAnswers:
    """The news heard since the last render, and each resource as last rendered."""

    _heard: set[Key] = field(default_factory=set)
    _seen: dict[Key, _Shown | None] = field(default_factory=dict)

    def heard(self, key: Key) -> None:
        """`key` has news (an answer, a failure, or an action's write)."""
        self._heard.add(key)

    def anything_new(self, state: ExplorerState, always: Callable[[Key], bool]) -> bool:
        """True when a resource heard of shows otherwise than when last seen here (or was
        never seen), or for a key `always` says renders anyway (a page of deliveries being
        paged to: each answer moves the paging on); remembers them as they are now and
        forgets what was heard."""
        heard, self._heard = self._heard, set()
        new = False
        for key in heard:
            now = shown(state.resources.get(key))
            if always(key) or key not in self._seen or not _same(self._seen[key], now):
                self._seen[key] = now
                new = True
        return new
