"""Agenda and problems at 5,000 tracked: a worker's part is derived again only when it had
news or its problems age, and the kept parts add up to what a whole rebuild shows."""

from __future__ import annotations

import copy
import gc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from handinger_tui.api import models
from handinger_tui.core import news, triage
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource
from tests.support import examples

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
IDS = [f"w{i:05d}" for i in range(5_000)]


class Announcer:
    """Stands for the coordinator: tells each listener of a changed resource."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[Key], None]] = []

    def subscribe(self, listener: Callable[[Key], None]) -> None:
        self.listeners.append(listener)

    def put(self, state: ExplorerState, key: Key, value: object) -> None:
        state.resources[key] = Resource(value=value, fetched_at=NOW)
        for listener in self.listeners:
            listener(key)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _schedules(when: datetime, sid: str = "sch_1") -> models.ScheduleList:
    item = {**copy.deepcopy(examples.SCHEDULE_LIST["schedules"][1]), "id": sid}
    item["nextRunAt"] = _iso(when)
    return models.ScheduleList.model_validate({"schedules": [item]})


def _worker(wid: str, status: str) -> models.Worker:
    data = {**copy.deepcopy(examples.WORKER), "id": wid, "status": status}
    data["running"] = status in ("pending", "running")
    return models.Worker.model_validate(data)


def _fleet() -> tuple[ExplorerState, Registry, Announcer]:
    registry = Registry.in_memory("https://handinger.com")
    registry.track_many(IDS)
    return ExplorerState(), registry, Announcer()


def _agenda(
    state: ExplorerState, announcer: Announcer
) -> news.PerWorker[tuple[triage.AgendaItem, ...]]:
    return news.PerWorker(
        news.reader(announcer), lambda wid, _now: (triage.worker_agenda(state, wid), None)
    )


def test_the_agenda_reads_again_only_workers_with_news() -> None:
    state, registry, announcer = _fleet()
    kept = _agenda(state, announcer)
    assert kept.update(registry, NOW) and kept.derived == len(IDS)
    assert not kept.update(registry, NOW) and kept.derived == len(IDS)  # no news
    announcer.put(state, Key(Kind.SCHEDULES, "w00042"), _schedules(NOW + timedelta(hours=2)))
    announcer.put(state, Key(Kind.WORKER, "w04000"), _worker("w04000", "running"))
    assert kept.update(registry, NOW)  # one worker's schedules changed
    assert kept.derived == len(IDS) + 2
    announcer.put(state, Key(Kind.WORKER, "w04000"), _worker("w04000", "completed"))
    assert not kept.update(registry, NOW)  # news, but not about its schedules
    items = [item for wid in registry.ids() for item in kept[wid]]
    assert triage.group_agenda(triage.by_next_run(items), NOW) == triage.agenda(
        state, registry.ids(), NOW
    )


def test_a_registry_change_reads_every_worker_again() -> None:
    state, registry, announcer = _fleet()
    kept = _agenda(state, announcer)
    kept.update(registry, NOW)
    registry.untrack("w00001")
    assert kept.update(registry, NOW)
    assert kept.derived == 2 * len(IDS) - 1


def test_problems_age_without_news() -> None:
    state, registry, announcer = _fleet()
    tasks: dict[str, list[Key]] = {}

    def derive(wid: str, now: datetime) -> tuple[list[triage.Problem], datetime | None]:
        return triage.worker_problems(state, wid, now, tasks.get(wid, ()))

    kept = news.PerWorker(news.reader(announcer), derive)
    state.status_changed_at["w00007"] = NOW - timedelta(minutes=5)
    announcer.put(state, Key(Kind.WORKER, "w00007"), _worker("w00007", "pending"))
    late = NOW + timedelta(minutes=30)
    announcer.put(state, Key(Kind.SCHEDULES, "w00900"), _schedules(late))
    kept.update(registry, NOW)
    assert kept["w00007"] == [] and kept["w00900"] == []
    derived = kept.derived
    soon = NOW + timedelta(minutes=6)  # past the ten minutes pending
    assert kept.update(registry, soon)
    assert kept.derived == derived + 1
    (stuck,) = kept["w00007"]
    assert stuck.severity is triage.Severity.STUCK and stuck.what == "pending for 11m"
    later = late + timedelta(minutes=5)
    kept.update(registry, later)
    assert [p.severity for p in kept["w00900"]] == [triage.Severity.OVERDUE]
    found = triage.sort_problems((p for wid in registry.ids() for p in kept[wid]), later)
    assert found == triage.problems(state, registry.ids(), later)


def test_a_closed_view_leaves_no_listener() -> None:
    announcer = Announcer()
    for _ in range(20):
        reader = news.reader(announcer)
    del reader
    gc.collect()
    assert len(announcer.listeners) == 1
    kept = news.reader(announcer)
    announcer.listeners[0](Key(Kind.WORKER, "w1"))
    assert kept.take() is None  # the first take: everything
    announcer.listeners[0](Key(Kind.WORKER, "w2"))
    assert kept.take() == {"w2"}


def test_kept_coverage_reads_only_workers_with_news_and_counts_as_the_whole() -> None:
    state, registry, announcer = _fleet()
    covered = triage.KeptCoverage(state, news.reader(announcer))
    assert covered(registry, NOW) == triage.coverage(state, registry.ids())
    for kind in (Kind.WORKER, Kind.SCHEDULES):
        announcer.put(state, Key(kind, "w00003"), _worker("w00003", "completed"))
    announcer.put(state, Key(Kind.EXECUTIONS, "w00003", 1), object())
    derived = covered.kept.derived
    found = covered(registry, NOW)
    assert covered.kept.derived == derived + 1
    assert found == triage.coverage(state, registry.ids())
    assert (found.checked, found.total, found.oldest) == (1, len(IDS), NOW)
