"""A long list is rebuilt whole at most every few seconds; a short one every time."""

from __future__ import annotations

from datetime import UTC, datetime

from handinger_tui.core import health, views
from handinger_tui.core.list_pace import LONG_LIST, WHOLE_EVERY, ListPace
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_short_list_is_rebuilt_every_time() -> None:
    pace = ListPace(Clock())
    assert all(pace.whole_due(LONG_LIST - 1) for _ in range(5))


def test_a_long_list_is_rebuilt_whole_every_few_seconds() -> None:
    clock = Clock()
    pace = ListPace(clock)
    dues = []
    for _ in range(int(WHOLE_EVERY) * 3):
        dues.append(pace.whole_due(5_000))
        clock.now += 1.0
    assert dues.count(True) == 3 and dues[0]
    assert pace.whole_due(5_000, moved=True)


def test_rows_of_some_workers_match_the_whole_list() -> None:
    registry = Registry.in_memory("https://handinger.com")
    registry.track_many([f"w{i:04d}" for i in range(300)])
    state = ExplorerState()
    whole = {
        row.key: row
        for row in health.with_strips(views.worker_rows(state, registry, now=NOW), state, NOW)
    }
    some = ListPace().rows_of(state, registry, ["w0007", "w0250", "not-tracked"], NOW)
    assert [row.key for row in some] == ["w0007", "w0250"]
    assert all(row == whole[row.key] for row in some)
    assert registry.ids()[:2] == ["w0000", "w0001"]  # the real list is untouched
