"""The background sweep: every tracked worker in turn, within its own budget, below the
foreground, paused while the service fails. Counted on the emulator, on a frozen clock."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from handinger_tui.core import triage
from handinger_tui.core.refresh import Cadence
from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session
from handinger_tui.core.state import Key, Kind
from handinger_tui.core.sweep_budget import SweepBudget
from handinger_tui.core.triage import Severity
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.support.clock import FrozenClock
from tests.support.emulator import TEST_API_KEY
from tests.support.refresh import Rig, settle

TRACKED = 40
VISIBLE = 5
BUDGET = 12


@pytest.fixture
async def sweep_rig(emulator: EmulatorServer) -> AsyncIterator[Rig]:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        made = [http.post("/api/workers", json={"title": f"S{n}"}) for n in range(TRACKED)]
        ids = [r.json()["id"] for r in await asyncio.gather(*made)]
    clock = FrozenClock(DEMO_INSTANT)
    session = Session.open(
        api_key=TEST_API_KEY,
        base_url=emulator.base_url,
        registry=Registry.in_memory(emulator.base_url),
        track=ids,
        cadence=Cadence(sweep_per_minute=0),  # off until the test turns it on
        clock=clock,
    )
    session.coordinator.rng = random.Random(7).random
    session.state.visible = tuple(ids[:VISIBLE])
    session.state.selected = ids[0]
    await settle(session.coordinator)
    try:
        yield Rig(emulator, session, clock)
    finally:
        await session.close()


def swept(rig: Rig) -> set[str]:
    """Workers outside the screen whose state the sweep has read."""
    visible = set(rig.session.state.visible)
    return {
        key.worker_id
        for key, res in rig.session.state.resources.items()
        if key.kind is Kind.WORKER and res.loaded and key.worker_id not in visible
    }


async def test_the_sweep_adds_its_budget_and_no_more(sweep_rig: Rig) -> None:
    rig = sweep_rig
    off = await rig.per_minute(3)
    assert swept(rig) == set()
    rig.coordinator.cadence = replace(rig.coordinator.cadence, sweep_per_minute=BUDGET)
    on = await rig.per_minute(12)
    print(f"\nforeground per minute {off}; with the sweep {on}")
    foreground = max(off)
    assert all(count <= foreground + BUDGET for count in on), (off, on)
    assert sum(on) - len(on) * min(off) >= len(on) * BUDGET - 2  # the budget is used
    assert len(swept(rig)) == TRACKED - VISIBLE  # and every tracked worker is reached


async def test_the_sweep_waits_while_the_service_fails(sweep_rig: Rig) -> None:
    rig = sweep_rig
    rig.coordinator.cadence = replace(rig.coordinator.cadence, sweep_per_minute=BUDGET)
    await rig.per_minute(1)
    before = swept(rig)
    assert before
    rig.emulator.set_faults(errorRate=1.0, errorStatus=503)
    began = rig.clock.monotonic()
    await rig.per_minute(3)
    foreground = {key for key, _interval in rig.coordinator.wanted()}
    tried = [
        str(key)
        for key, res in rig.session.state.resources.items()
        if key not in foreground and res.failed_at is not None and res.failed_at >= began
    ]
    assert len(tried) <= 1, tried  # at most the one sent before the first failure was seen
    assert rig.coordinator.sweep_paused
    rig.emulator.clear_faults()
    for _ in range(300):
        if len(swept(rig)) > len(before):
            break
        await rig.step()
    assert len(swept(rig)) > len(before)  # it goes on once the service answers


async def test_the_sweep_never_takes_a_slot_foreground_work_is_waiting_for(
    sweep_rig: Rig,
) -> None:
    rig = sweep_rig
    coordinator = rig.coordinator
    coordinator.cadence = replace(coordinator.cadence, sweep_per_minute=BUDGET)
    coordinator.refresh_now()  # every foreground key due at once: more than the slots
    coordinator.launch_due()
    foreground = {key for key, _interval in coordinator.wanted()}
    flying = {key for key, res in rig.session.state.resources.items() if res.in_flight}
    assert len(flying) == coordinator.cadence.max_in_flight
    assert flying <= foreground
    await settle(coordinator)


def test_the_budget_allows_no_more_than_n_in_any_minute() -> None:
    budget = SweepBudget()
    sent = []
    now = 0.0
    while now < 600:
        if budget.wait(now, BUDGET) == 0:
            budget.spend(now)
            sent.append(now)
        now += 0.5
    for start in sent:
        assert sum(start <= t < start + 60 for t in sent) <= BUDGET
    assert len(sent) >= 10 * BUDGET - 1
    assert budget.wait(0.0, 0) == float("inf")


def test_a_task_key_names_its_task() -> None:
    assert str(Key(Kind.TASK, "w1", ref="t_9")) == "task of w1 t_9"


async def test_a_run_started_here_that_ended_in_error_is_looked_up_and_listed(
    sweep_rig: Rig,
) -> None:
    rig = sweep_rig
    state = rig.session.state
    worker_id = rig.session.registry.ids()[-1]  # off screen: only the sweep reads it
    started = rig.emulator.trigger(worker_id, "api", "Summarise the incident")
    task_id = started["taskId"]
    rig.emulator.end_task(task_id, "error", "the model refused")
    state.started_tasks[task_id] = worker_id
    rig.coordinator.cadence = replace(rig.coordinator.cadence, sweep_per_minute=BUDGET)
    task_key = Key(Kind.TASK, worker_id, ref=task_id)
    for _ in range(600):
        if (res := state.resources.get(task_key)) is not None and res.loaded:
            break
        await rig.step()
    found = triage.problems(state, rig.session.registry.ids(), rig.clock.now())
    runs = [p for p in found if p.severity is Severity.RUN_FAILED and p.ref == task_id]
    assert len(runs) == 1, found
    assert runs[0].worker_id == worker_id and runs[0].what.startswith("run error")
    before = rig.emulator.stats()["routes"].get("GET /api/tasks/{taskId}", 0)
    assert before >= 1  # the lookup went to the emulator
    await rig.per_minute(3)  # an ended task does not change: it is not asked again
    assert rig.emulator.stats()["routes"].get("GET /api/tasks/{taskId}", 0) == before


async def test_with_nothing_on_screen_one_failure_does_not_stop_the_sweep(
    sweep_rig: Rig,
) -> None:
    rig = sweep_rig
    state = rig.session.state
    state.visible, state.selected = (), None  # a filter that hides every row
    rig.coordinator.cadence = replace(rig.coordinator.cadence, sweep_per_minute=BUDGET)
    rig.emulator.set_faults(errorRate=1.0, errorStatus=503)
    for _ in range(60):
        if state.connection.ok is False:
            break
        await rig.step()
    assert state.connection.ok is False  # a sweep request met the failure
    rig.emulator.clear_faults()
    before = len(swept(rig))
    await rig.per_minute(2)
    assert len(swept(rig)) > before
    assert state.connection.ok
