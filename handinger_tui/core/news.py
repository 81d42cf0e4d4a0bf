"""Which workers had news: views derived per worker (agenda, problems) recompute only those.

The coordinator announces every changed resource (`RefreshCoordinator.subscribe`). One hub
per coordinator hears them and hands each living `Reader` the workers since its last `take`;
a reader nobody holds any more (a closed screen) is forgotten, so opening a view again and
again adds no listener.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from handinger_tui.core.state import Key

if TYPE_CHECKING:
    from handinger_tui.core.registry import Registry

T = TypeVar("T")


class Announcer(Protocol):
    """Who tells of each changed resource (the refresh coordinator)."""

    def subscribe(self, listener: Callable[[Key], None]) -> None: ...


class Reader:
    """The workers with news since the last `take` (all of them before the first)."""

    def __init__(self) -> None:
        self._heard: set[str] = set()
        self._fresh = True

    def heard(self, key: Key) -> None:
        self._heard.add(key.worker_id)

    def take(self) -> set[str] | None:
        """The workers with news since the last call; None the first time (all of them)."""
        heard, self._heard = self._heard, set()
        if self._fresh:
            self._fresh = False
            return None
        return heard


class _Hub:
    def __init__(self) -> None:
        self.readers: weakref.WeakSet[Reader] = weakref.WeakSet()

    def heard(self, key: Key) -> None:
        for reader in list(self.readers):
            reader.heard(key)


_HUBS: weakref.WeakKeyDictionary[Announcer, _Hub] = weakref.WeakKeyDictionary()


def reader(announcer: Announcer) -> Reader:
    """A new reader of `announcer`'s news (the hub subscribes once per announcer)."""
    hub = _HUBS.get(announcer)
    if hub is None:
        hub = _HUBS[announcer] = _Hub()
        announcer.subscribe(hub.heard)
    new = Reader()
    hub.readers.add(new)
    return new


class PerWorker(Generic[T]):
    """A value derived for each tracked worker, kept until the worker has news, the registry
    changes, or the time `derive` gave with it passes (a value that ages with the clock)."""

    def __init__(
        self, news: Reader, derive: Callable[[str, datetime], tuple[T, datetime | None]]
    ) -> None:
        self.news = news
        self.derive = derive
        self.derived = 0  # values derived so far (the tests count them)
        self._values: dict[str, T] = {}
        self._expiring: dict[str, datetime] = {}  # worker id -> when its value is due again
        self._revision: tuple[int, int] | None = None  # the registry's identity, revision

    def update(self, registry: Registry, now: datetime) -> bool:
        """Derive what is due; True when a value changed (or a worker came or went)."""
        values, expiring = self._values, self._expiring
        heard = self.news.take()
        due: Iterable[str]
        revision = (id(registry), registry.revision)
        if heard is None or revision != self._revision:
            self._revision = revision
            values.clear()
            expiring.clear()
            due = registry.ids()
            changed = True
        else:
            due = heard.union(w for w, at in expiring.items() if at <= now)
            changed = False
        for wid in due:
            if wid not in registry:
                continue  # news of a worker no longer tracked (it left with the revision)
            value, at = self.derive(wid, now)
            self.derived += 1
            changed = changed or values.get(wid, _NONE) != value
            values[wid] = value
            if at is None:
                expiring.pop(wid, None)
            else:
                expiring[wid] = at
        return changed

    def __getitem__(self, worker_id: str) -> T:
        return self._values[worker_id]


_NONE = object()
