"""The worker list's rows at 5,000 tracked: a render rebuilds the rows with news and those on
screen, never every tracked worker, and shows what a whole rebuild would show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from handinger_tui.api import models
from handinger_tui.core import health, views
from handinger_tui.core.list_pace import LONG_LIST, ListPace
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource
from tests.support import examples

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)


class Announcer:
    """Stands for the coordinator: tells the list of each changed resource."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[Key], None]] = []

    def subscribe(self, listener: Callable[[Key], None]) -> None:
        self.listeners.append(listener)

    def answer(self, state: ExplorerState, wid: str, status: str) -> None:
        key = Key(Kind.WORKER, wid)
        worker = models.Worker.model_validate({**examples.WORKER, "id": wid, "status": status})
        state.resources[key] = Resource(value=worker, fetched_at=NOW)
        for listener in self.listeners:
            listener(key)


def fleet(count: int) -> tuple[ExplorerState, Registry, ListPace, Announcer]:
    registry = Registry.in_memory("https://handinger.com")
    registry.track_many([f"w{i:05d}" for i in range(count)])
    pace, announcer = ListPace(), Announcer()
    pace.follow(announcer)
    return ExplorerState(), registry, pace, announcer


def whole(state: ExplorerState, registry: Registry, sort: str = "status") -> list[views.Row]:
    """Every row built now: what the list must show."""
    return health.with_strips(views.worker_rows(state, registry, now=NOW, sort=sort), state, NOW)


def built_per_render(count: int, news: int) -> int:
    """Rows built by one render after the first, with `news` answers and 20 rows on screen."""
    state, registry, pace, announcer = fleet(count)
    shown = registry.ids()[:20]
    pace.rows(state, registry, NOW, shown=shown)
    for wid in registry.ids()[-news:] if news else []:
        announcer.answer(state, wid, "running")
    before = pace.built
    pace.rows(state, registry, NOW, shown=shown)
    return pace.built - before


@pytest.mark.parametrize("news", [0, 3])
def test_rows_built_per_render_do_not_grow_with_the_tracked_count(news: int) -> None:
    assert built_per_render(LONG_LIST, news) == 20 + news
    assert built_per_render(5_000, news) == 20 + news


def test_a_short_list_is_rebuilt_whole_once_per_render() -> None:
    assert built_per_render(50, 0) == 50
    state, registry, pace, announcer = fleet(50)
    pace.rows(state, registry, NOW)
    announcer.answer(state, "w00003", "running")
    before = pace.built
    assert pace.moved(state, registry, NOW)  # the render that follows rebuilds it all
    assert pace.built == before


def test_kept_rows_show_what_a_whole_rebuild_shows() -> None:
    state, registry, pace, announcer = fleet(500)
    assert pace.rows(state, registry, NOW) == whole(state, registry)
    for wid, status in (("w00450", "running"), ("w00007", "pending"), ("w00300", "completed")):
        announcer.answer(state, wid, status)
    rows = pace.rows(state, registry, NOW)
    assert rows == whole(state, registry)
    assert [row.key for row in rows[:3]] == ["w00450", "w00007", "w00300"]
    assert pace.rows(state, registry, NOW, sort="name") == whole(state, registry, "name")


def test_a_registry_change_reaches_its_row_without_an_announcement() -> None:
    state, registry, pace, _announcer = fleet(500)
    pace.rows(state, registry, NOW)
    template = {**examples.WORKER_TEMPLATE, "id": "w00499", "title": "Aardvark"}
    registry.remember_template(models.WorkerTemplate.model_validate(template))
    registry.untrack("w00001")
    rows = pace.rows(state, registry, NOW, sort="name")
    assert rows == whole(state, registry, "name")
    assert rows[0].cells[1] == "Aardvark" and "w00001" not in {row.key for row in rows}


def test_moved_only_when_a_row_changes_place() -> None:
    state, registry, pace, announcer = fleet(500)
    pace.rows(state, registry, NOW)
    announcer.answer(state, "w00010", "running")
    assert pace.moved(state, registry, NOW)  # from "loading" to the top
    pace.rows(state, registry, NOW)
    announcer.answer(state, "w00010", "running")  # the same status again
    assert not pace.moved(state, registry, NOW)
    announcer.answer(state, "w00010", "completed")
    assert pace.moved(state, registry, NOW)


def test_a_filter_reads_every_row_as_built_now() -> None:
    state, registry, pace, _announcer = fleet(500)
    pace.rows(state, registry, NOW)
    later = datetime(2026, 5, 12, 10, 0, 0, tzinfo=UTC)
    before = pace.built
    rows = pace.rows(state, registry, later, filter_text="w0049")
    assert pace.built - before == 500
    assert [row.key for row in rows] == [f"w0049{i}" for i in range(10)]


def test_without_an_announcer_every_row_is_rebuilt() -> None:
    registry = Registry.in_memory("https://handinger.com")
    registry.track_many([f"w{i:05d}" for i in range(500)])
    pace, state = ListPace(), ExplorerState()
    pace.rows(state, registry, NOW)
    before = pace.built
    pace.rows(state, registry, NOW)
    assert pace.built - before == 500
    assert pace.moved(state, registry, NOW)


def test_the_changed_cell_moves_in_ten_second_steps_in_its_first_minute() -> None:
    state, registry, _pace, announcer = fleet(1)
    announcer.answer(state, "w00000", "running")
    state.status_changed_at["w00000"] = NOW
    cells = [
        views.worker_row(state, registry, "w00000", NOW + timedelta(seconds=s)).row.cells[2]
        for s in (3, 21, 23, 29, 75)
    ]
    assert cells == ["now", "20s ago", "20s ago", "20s ago", "1m ago"]
